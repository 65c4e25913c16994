import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { takeFromSlidingWindow } from '../../src/common/request-limits/expensive-route-limiter.js';

/** The expensive routes' window in Redis, with a window of one second instead of a minute. */
describe('sliding window of the expensive routes in Redis', () => {
  // Two connections, as two API processes have.
  let one: Redis;
  let two: Redis;
  const key = () => `${process.env.BULL_PREFIX}:limit:test:${randomUUID()}`;

  beforeAll(async () => {
    one = new Redis(process.env.REDIS_URL as string);
    two = new Redis(process.env.REDIS_URL as string);
    await Promise.all([one.ping(), two.ping()]);
  });
  afterAll(async () => {
    await Promise.all([one.quit(), two.quit()]);
  });

  it('lets `limit` requests through a window and says how long until the oldest leaves it', async () => {
    const account = key();
    expect(await takeFromSlidingWindow(one, account, 3, 1000)).toBe(0);
    const firstAnswered = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await takeFromSlidingWindow(two, account, 3, 1000)).toBe(0);
    expect(await takeFromSlidingWindow(one, account, 3, 1000)).toBe(0);
    const fourthSent = Date.now();
    const wait = await takeFromSlidingWindow(two, account, 3, 1000);
    // The first request leaves the window a second after it was made, not a second from now.
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(firstAnswered + 1000 - fourthSent);
    await new Promise((resolve) => setTimeout(resolve, wait + 20));
    // One slot is free (the first request's); the other two are still inside the window.
    expect(await takeFromSlidingWindow(one, account, 3, 1000)).toBe(0);
    expect(await takeFromSlidingWindow(two, account, 3, 1000)).toBeGreaterThan(0);
  });

  it('lets exactly `limit` of many concurrent requests from two processes through', async () => {
    const account = key();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        takeFromSlidingWindow(i % 2 ? one : two, account, 5, 60_000),
      ),
    );
    expect(answers.filter((wait) => wait === 0)).toHaveLength(5);
    for (const wait of answers.filter((value) => value > 0)) {
      expect(wait).toBeGreaterThan(59_000);
      expect(wait).toBeLessThanOrEqual(60_000);
    }
    // Only what was let through is kept, and the key expires with the window.
    expect(await one.zcard(account)).toBe(5);
    const ttl = await one.pttl(account);
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
