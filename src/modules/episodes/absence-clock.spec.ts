import { addDays } from '../../common/dates/calendar.js';
import { absenceClock, episodeClock, type PreviousAbsence } from './absence-clock.js';

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

describe('the clock of an episode, from its work-status timeline', () => {
  const absent = (effectiveFrom: string) => ({ effectiveFrom, status: 'absent' as const });
  const partial = (effectiveFrom: string) => ({ effectiveFrom, status: 'partial' as const });
  const fullDuty = (effectiveFrom: string) => ({ effectiveFrom, status: 'full_duty' as const });

  // Absent from 5 January, back at full duty on 1 March (last sick day 28 February).
  const opening = [absent('2026-01-05'), fullDuty('2026-03-01')];

  it.each([
    // jurisdiction, relapse day, days at full duty before it, clock in force after it
    ['NL', '2026-03-01', 0, '2026-01-05'],
    ['NL', '2026-03-28', 27, '2026-01-05'], // 28 days after the last sick day: less than four weeks apart
    ['NL', '2026-03-29', 28, '2026-03-29'], // 29 days after the last sick day: a new clock
    ['NL', '2026-06-01', 92, '2026-06-01'],
    ['BE', '2026-03-02', 1, '2026-01-05'],
    ['BE', '2026-03-15', 14, '2026-01-05'], // a work attempt of 14 days does not interrupt
    ['BE', '2026-03-16', 15, '2026-03-16'], // 15 days back at work: a new clock
    ['BE', '2026-06-01', 92, '2026-06-01'],
  ] as const)(
    '%s: a relapse on %s after %i days back at work counts from %s',
    (jurisdiction, relapse, daysBack, clockStart) => {
      const clock = episodeClock(jurisdiction, [...opening, absent(relapse)], undefined);
      expect(clock.clockStart).toBe(clockStart);
      expect(clock.continuesEpisodeId).toBeNull();
      expect(clock.decisions).toEqual([
        { on: '2026-01-05', outcome: 'started', clockStart: '2026-01-05', daysBackAtWork: null },
        {
          on: relapse,
          outcome: clockStart === relapse ? 'started' : 'continued',
          clockStart,
          daysBackAtWork: daysBack,
        },
      ]);
    },
  );

  it('a partial return is still incapacity: only full duty counts as back at work', () => {
    const clock = episodeClock(
      'NL',
      [absent('2026-01-05'), partial('2026-02-01'), absent('2026-05-01')],
      undefined,
    );
    expect(clock.clockStart).toBe('2026-01-05');
    expect(clock.decisions).toHaveLength(1);
  });

  it('a relapse into partial work after a long return starts a new clock too', () => {
    const clock = episodeClock('NL', [...opening, partial('2026-05-01')], undefined);
    expect(clock.clockStart).toBe('2026-05-01');
  });

  it('keeps the earlier episode it continues while short returns continue the clock', () => {
    const clock = episodeClock(
      'NL',
      [absent('2026-03-20'), fullDuty('2026-04-01'), absent('2026-04-10')],
      previous,
    );
    expect(clock).toMatchObject({ clockStart: '2026-01-05', continuesEpisodeId: 'prev' });
    expect(clock.decisions.map((d) => d.outcome)).toEqual(['continued', 'continued']);
  });

  it('a long return on the continuing episode ends what it continued', () => {
    const clock = episodeClock(
      'NL',
      [absent('2026-03-20'), fullDuty('2026-04-01'), absent('2026-06-01')],
      previous,
    );
    expect(clock).toMatchObject({ clockStart: '2026-06-01', continuesEpisodeId: null });
  });

  it('an episode opened at work starts its clock at its first absence', () => {
    expect(episodeClock('BE', [fullDuty('2026-02-01'), absent('2026-02-10')], undefined)).toEqual({
      clockStart: '2026-02-10',
      continuesEpisodeId: null,
      pauses: [],
      decisions: [
        { on: '2026-02-10', outcome: 'started', clockStart: '2026-02-10', daysBackAtWork: null },
      ],
    });
    expect(episodeClock('BE', [fullDuty('2026-02-01')], undefined).clockStart).toBeNull();
  });

  it('reads the timeline in date order: a step inserted in the past decides as if recorded in order', () => {
    const inOrder = [absent('2026-01-05'), fullDuty('2026-03-01'), absent('2026-06-01')];
    const corrected = [absent('2026-01-05'), absent('2026-06-01'), fullDuty('2026-03-01')];
    expect(episodeClock('NL', corrected, undefined)).toEqual(
      episodeClock('NL', inOrder, undefined),
    );
    // Removing the return puts the relapse back on the first clock.
    expect(
      episodeClock('NL', [absent('2026-01-05'), absent('2026-06-01')], undefined).clockStart,
    ).toBe('2026-01-05');
  });

  it('a later relapse is decided against the clock in force, not the first one', () => {
    const clock = episodeClock(
      'BE',
      [
        ...opening,
        absent('2026-06-01'), // 92 days back: new clock
        fullDuty('2026-07-01'),
        absent('2026-07-10'), // 9 days back: continues the June clock
      ],
      undefined,
    );
    expect(clock.clockStart).toBe('2026-06-01');
    expect(clock.decisions.map((d) => [d.outcome, d.clockStart])).toEqual([
      ['started', '2026-01-05'],
      ['started', '2026-06-01'],
      ['continued', '2026-06-01'],
    ]);
  });

  describe('NL adds the sickness periods together: the days at work in between do not count', () => {
    it.each([
      // jurisdiction, relapse, pauses of the clock in force
      ['NL', '2026-03-28', [{ from: '2026-03-01', days: 27 }]],
      ['NL', '2026-03-01', []], // back and ill the same day: nothing worked
      ['NL', '2026-03-29', []], // a new clock: nothing to skip
      ['BE', '2026-03-15', []], // Belgium counts calendar days: the attempt does not interrupt
    ] as const)('%s relapse on %s', (jurisdiction, relapse, pauses) => {
      expect(episodeClock(jurisdiction, [...opening, absent(relapse)], undefined).pauses).toEqual(
        pauses,
      );
    });

    it('keeps the days an earlier episode skipped, and adds the gap between the episodes', () => {
      const clock = episodeClock('NL', [absent('2026-03-20')], {
        ...previous,
        pauses: [{ from: '2026-02-01', days: 5 }],
      });
      expect(clock.pauses).toEqual([
        { from: '2026-02-01', days: 5 },
        { from: '2026-03-01', days: 19 },
      ]);
    });
  });
});
