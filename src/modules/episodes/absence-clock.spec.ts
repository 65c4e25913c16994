import { addDays } from '../../common/dates/calendar.js';
import { absenceClock, type PreviousAbsence } from './absence-clock.js';

const previous: PreviousAbsence = {
  episodeId: 'prev',
  jurisdiction: 'NL',
  clockStart: '2026-01-05',
  // Back on full duty on 1 March: the last sick day was 28 February.
  fullDutyFrom: '2026-03-01',
};

describe('absence clock (NL 28-day rule)', () => {
  it.each([
    ['the day after the last sick day', '2026-03-01', true],
    ['27 days after', '2026-03-27', true],
    ['exactly 28 days after the last sick day', '2026-03-28', true],
    ['29 days after', '2026-03-29', false],
    ['months later', '2026-09-01', false],
  ])('a new NL absence starting %s continues the clock: %s', (_label, start, continues) => {
    const clock = absenceClock('NL', start, previous);
    if (continues) {
      expect(clock).toEqual({ clockStart: '2026-01-05', continuesEpisodeId: 'prev' });
    } else {
      expect(clock).toEqual({ clockStart: start, continuesEpisodeId: null });
    }
  });

  it('counts across a leap day', () => {
    const leap = { ...previous, fullDutyFrom: '2028-02-15' }; // last sick day 14 Feb 2028
    expect(absenceClock('NL', addDays('2028-02-14', 28), leap).continuesEpisodeId).toBe('prev');
    expect(addDays('2028-02-14', 28)).toBe('2028-03-13');
    expect(absenceClock('NL', '2028-03-14', leap).continuesEpisodeId).toBeNull();
  });

  it('links episodes of the same jurisdiction only', () => {
    expect(absenceClock('BE', '2026-03-10', previous)).toEqual({
      clockStart: '2026-03-10',
      continuesEpisodeId: null,
    });
    expect(
      absenceClock('NL', '2026-03-10', { ...previous, jurisdiction: 'BE' }).continuesEpisodeId,
    ).toBeNull();
  });
});

describe('absence clock (BE 14-day work attempt)', () => {
  const belgian: PreviousAbsence = { ...previous, jurisdiction: 'BE' };
  it.each([
    ['after one day back at work', '2026-03-02', true],
    ['after 13 days back', '2026-03-14', true],
    ['after exactly 14 days back', '2026-03-15', true],
    ['after 15 days back', '2026-03-16', false],
    ['on the day full duty was to resume', '2026-03-01', true],
    ['before the previous absence ended', '2026-02-20', false],
  ])('a new BE absence %s continues the clock: %s', (_label, start, continues) => {
    expect(absenceClock('BE', start, belgian)).toEqual(
      continues
        ? { clockStart: '2026-01-05', continuesEpisodeId: 'prev' }
        : { clockStart: start, continuesEpisodeId: null },
    );
  });

  it('starts a fresh clock without a previous absence, or one that had not ended yet', () => {
    expect(absenceClock('NL', '2026-03-10', undefined)).toEqual({
      clockStart: '2026-03-10',
      continuesEpisodeId: null,
    });
    // An absence starting before the previous one ended is not a relapse but a data error; the
    // caller refuses it, and the rule itself never links backwards.
    expect(absenceClock('NL', '2026-02-20', previous).continuesEpisodeId).toBeNull();
  });
});
