import { describe, expect, it } from '@jest/globals';
import { implausibleDates, plausibleRange, type DateBounds } from './plausible-dates.js';

const TODAY = '2026-12-07';
const ENROLLED = '2026-06-15';

describe('plausible absence dates', () => {
  it.each<[string, string, DateBounds, 'ok' | 'ahead' | 'enrolment' | 'years']>([
    ['today', TODAY, { today: TODAY, enrolledOn: ENROLLED }, 'ok'],
    ['90 days ahead', '2027-03-07', { today: TODAY, enrolledOn: ENROLLED }, 'ok'],
    ['91 days ahead', '2027-03-08', { today: TODAY, enrolledOn: ENROLLED }, 'ahead'],
    ['91 days ahead, historic', '2027-03-08', { today: TODAY, historic: true }, 'ahead'],
    ['a mistyped year ahead', '2062-12-07', { today: TODAY, enrolledOn: ENROLLED }, 'ahead'],
    ['the day of enrolment', ENROLLED, { today: TODAY, enrolledOn: ENROLLED }, 'ok'],
    // An employee enrolled because they fell ill: up to six weeks before the enrolment is normal.
    ['42 days before enrolment', '2026-05-04', { today: TODAY, enrolledOn: ENROLLED }, 'ok'],
    ['43 days before enrolment', '2026-05-03', { today: TODAY, enrolledOn: ENROLLED }, 'enrolment'],
    [
      '43 days before enrolment, historic',
      '2026-05-03',
      { today: TODAY, enrolledOn: ENROLLED, historic: true },
      'ok',
    ],
    [
      'historic at 10 years back',
      '2016-12-07',
      { today: TODAY, enrolledOn: ENROLLED, historic: true },
      'ok',
    ],
    [
      'historic a day beyond 10 years back',
      '2016-12-06',
      { today: TODAY, enrolledOn: ENROLLED, historic: true },
      'years',
    ],
    ['a mistyped year back, historic', '1926-12-07', { today: TODAY, historic: true }, 'years'],
    [
      'before enrolment long ago, beyond 10 years',
      '2010-01-01',
      { today: TODAY, enrolledOn: '2005-01-01' },
      'years',
    ],
    [
      'after an enrolment of long ago, within 10 years',
      '2017-01-01',
      { today: TODAY, enrolledOn: '2005-01-01' },
      'ok',
    ],
    ['an employee the caller may not see', '2026-01-01', { today: TODAY }, 'ok'],
  ])('%s (%s) is %s', (_, date, bounds, expected) => {
    const errors = implausibleDates({ absenceStart: date }, bounds);
    if (expected === 'ok') {
      expect(errors).toEqual([]);
      return;
    }
    const wording = {
      ahead:
        /^absenceStart must not be more than 90 days after today \(2027-03-07 at the latest\)$/,
      enrolment:
        /^absenceStart must not be more than 42 days before the employee's enrolment on 2026-06-15 \(2026-05-04 at the earliest\); send historic: true/,
      years:
        /^absenceStart must not be more than 10 years before today \(2016-12-07 at the earliest\)$/,
    }[expected];
    expect(errors).toEqual([{ field: 'absenceStart', message: expect.stringMatching(wording) }]);
  });

  it('names each field at fault, and skips the dates left out', () => {
    expect(
      implausibleDates(
        { referralDate: '2027-06-01', absenceStart: '2020-01-01', effectiveFrom: undefined },
        { today: TODAY, enrolledOn: ENROLLED },
      ).map((error) => error.field),
    ).toEqual(['referralDate', 'absenceStart']);
    expect(implausibleDates({ absenceStart: null }, { today: TODAY })).toEqual([]);
  });

  it('counts 10 years back in calendar months, from a leap day too', () => {
    expect(plausibleRange({ today: '2028-02-29', historic: true })).toEqual({
      earliest: '2018-02-28',
      latest: '2028-05-29',
    });
  });
});
