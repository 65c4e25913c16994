import {
  addDays,
  addMonths,
  daysBetween,
  isoWeekday,
  todayIn,
  workingDayFrom,
} from './calendar.js';

describe('calendar dates', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-28', 2, '2026-03-30'], // over the spring DST change in Europe
    ['2026-10-24', 2, '2026-10-26'], // over the autumn DST change
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-12-31', 28, '2027-01-28'],
  ])('%s plus %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('counts the days between dates in either direction', () => {
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-05-10', '2026-05-01')).toBe(-9);
  });

  it("takes today's date in Brussels, not in UTC", () => {
    // 23:30 UTC on 31 December is already 1 January in Brussels (UTC+1 in winter).
    expect(todayIn('Europe/Brussels', new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayIn('Europe/Brussels', new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(todayIn('Europe/Brussels', new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-01-10', 3, '2026-04-10'],
    ['2026-11-15', 3, '2027-02-15'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('knows the weekday and the next working day', () => {
    expect(isoWeekday('2026-01-05')).toBe(1); // Monday
    expect(isoWeekday('2026-10-25')).toBe(7); // Sunday
    expect(isoWeekday('1969-12-31')).toBe(3); // before the epoch too
    expect(workingDayFrom('2026-10-30')).toBe('2026-10-30'); // Friday stays
    expect(workingDayFrom('2026-10-31')).toBe('2026-11-02'); // Saturday -> Monday
    expect(workingDayFrom('2026-11-01')).toBe('2026-11-02'); // Sunday -> Monday
  });
});
