import { describe, expect, it } from '@jest/globals';
import { AccountWindows } from './account-windows.js';

/** Windows of one minute over a clock the test moves. */
function windows(limit: number) {
  const clock = { now: 1_000_000 };
  return { clock, counts: new AccountWindows(limit, 60_000, () => clock.now) };
}

describe('AccountWindows: a request ceiling per account', () => {
  it('lets an account make `limit` requests a window, then says how long to wait', () => {
    const { clock, counts } = windows(3);
    expect([1, 2, 3].map(() => counts.take('a'))).toEqual([0, 0, 0]);
    clock.now += 15_500;
    expect(counts.take('a')).toBe(45);
    clock.now += 44_000;
    expect(counts.take('a')).toBe(1);
    clock.now += 500;
    expect(counts.take('a')).toBe(0);
  });

  it('counts each account on its own', () => {
    const { counts } = windows(1);
    expect(counts.take('a')).toBe(0);
    expect(counts.take('a')).toBe(60);
    expect(counts.take('b')).toBe(0);
  });

  it("starts each window with the account's first request in it, not on the clock's minute", () => {
    const { clock, counts } = windows(2);
    counts.take('a');
    clock.now += 50_000;
    counts.take('b');
    counts.take('b');
    clock.now += 10_000;
    expect(counts.take('a')).toBe(0);
    expect(counts.take('b')).toBe(50);
  });

  it('refuses refused requests too, without moving the end of the window', () => {
    const { clock, counts } = windows(1);
    counts.take('a');
    for (let second = 1; second < 60; second++) {
      clock.now += 1000;
      expect(counts.take('a')).toBe(60 - second);
    }
    clock.now += 1000;
    expect(counts.take('a')).toBe(0);
  });

  it('keeps the count of an account across a generation change', () => {
    const { clock, counts } = windows(2);
    clock.now += 59_000;
    counts.take('a');
    counts.take('a');
    clock.now += 2_000;
    expect(counts.take('a')).toBe(58);
  });

  it('forgets accounts whose windows have ended: memory holds the last two windows at most', () => {
    const { clock, counts } = windows(5);
    for (let i = 0; i < 1000; i++) counts.take(`early-${i}`);
    expect(counts.size).toBe(1000);
    clock.now += 60_000;
    for (let i = 0; i < 10; i++) counts.take(`late-${i}`);
    expect(counts.size).toBe(1010);
    clock.now += 60_000;
    counts.take('later');
    expect(counts.size).toBe(11);
    clock.now += 10 * 60_000;
    counts.take('after-a-quiet-spell');
    expect(counts.size).toBe(1);
  });
});
