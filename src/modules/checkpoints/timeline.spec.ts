import fc from 'fast-check';
import { addDays, daysBetween, isoWeekday } from '../../common/dates/calendar.js';
import { absenceClock } from '../episodes/absence-clock.js';
import {
  BE_REINTEGRATION_V1,
  CLINICAL_REVIEWS_V1,
  FIRST_TEMPLATES,
  NL_POORTWACHTER_V1,
} from './templates.js';
import {
  type AnchorDates,
  type CheckpointTemplateDefinition,
  pastPauses,
  planCheckpoints,
  type PlannedCheckpoint,
} from './timeline.js';

/** `rule key#occurrence -> due date` of a plan, for comparing against hand-computed dates. */
function dueDates(planned: PlannedCheckpoint[]): Record<string, string> {
  return Object.fromEntries(planned.map((c) => [`${c.ruleKey}#${c.occurrence}`, c.dueOn]));
}

describe('checkpoint timeline: hand-computed dates', () => {
  it('Dutch Poortwachter from a Monday, across the autumn DST change', () => {
    const due = dueDates(planCheckpoints(FIRST_TEMPLATES, 'NL', { sickness_day_1: '2026-01-05' }));
    expect(due).toMatchObject({
      'nl_absence_report#1': '2026-01-11',
      'nl_problem_analysis#1': '2026-02-15',
      'nl_plan_of_action#1': '2026-03-01',
      'nl_plan_evaluation#1': '2026-04-12',
      'nl_plan_evaluation#2': '2026-05-24',
      // Week 42 ends on Sunday 25 October 2026, the night clocks go back; the first working day
      // after it is Monday 26 October.
      'nl_week_42_notification#1': '2026-10-26',
      'nl_first_year_evaluation#1': '2027-01-03',
      'nl_current_assessment#1': '2027-10-03',
      'nl_wia_application#1': '2027-10-17',
      'nl_wage_continuation_end#1': '2028-01-02',
    });
    // Evaluations every six weeks from week 14 through week 104: weeks 14, 20, ..., 104.
    expect(Object.keys(due).filter((key) => key.startsWith('nl_plan_evaluation'))).toHaveLength(16);
    expect(due['nl_plan_evaluation#16']).toBe('2028-01-02');
    const firstYear = planCheckpoints(FIRST_TEMPLATES, 'NL', {
      sickness_day_1: '2026-01-05',
    }).find((c) => c.ruleKey === 'nl_first_year_evaluation');
    expect(firstYear?.opensOn).toBe('2026-11-16'); // week 46 starts
  });

  it('Dutch Poortwachter over a leap day and the spring DST change', () => {
    const due = dueDates(planCheckpoints(FIRST_TEMPLATES, 'NL', { sickness_day_1: '2027-12-20' }));
    expect(due).toMatchObject({
      'nl_problem_analysis#1': '2028-01-30',
      'nl_plan_of_action#1': '2028-02-13',
      // 29 February 2028 is counted; 26 March 2028 is the night clocks go forward.
      'nl_plan_evaluation#1': '2028-03-26',
      'nl_week_42_notification#1': '2028-10-09',
    });
  });

  it('moves the week-42 notification off a weekend to the Monday', () => {
    // Day 1 on a Saturday puts day 295 on a Saturday too.
    const due = dueDates(planCheckpoints(FIRST_TEMPLATES, 'NL', { sickness_day_1: '2026-01-10' }));
    expect(due['nl_week_42_notification#1']).toBe('2026-11-02');
  });

  it('a Dutch relapse within 28 days keeps the first absence clock, so its deadlines', () => {
    const previous = {
      episodeId: 'first',
      jurisdiction: 'NL' as const,
      clockStart: '2026-01-05',
      fullDutyFrom: '2026-03-01',
    };
    const relapse = absenceClock('NL', '2026-03-28', previous);
    const due = dueDates(
      planCheckpoints(FIRST_TEMPLATES, 'NL', { sickness_day_1: relapse.clockStart }),
    );
    expect(due['nl_week_42_notification#1']).toBe('2026-10-26');
    const fresh = absenceClock('NL', '2026-03-29', previous);
    expect(
      dueDates(planCheckpoints(FIRST_TEMPLATES, 'NL', { sickness_day_1: fresh.clockStart }))[
        'nl_problem_analysis#1'
      ],
    ).toBe('2026-05-09');
  });

  it('Belgian re-integration trajectory, with every event of it known', () => {
    const due = dueDates(
      planCheckpoints(FIRST_TEMPLATES, 'BE', {
        sickness_day_1: '2026-01-10',
        trajectory_requested: '2026-04-15',
        decision_a: '2026-05-20',
        plan_offered: '2026-07-10',
      }),
    );
    expect(due).toEqual({
      'be_inform_occupational_doctor#1': '2026-02-07',
      'be_trajectory_possible#1': '2026-04-10',
      // 49 days counted from the day after the request was received.
      'be_reintegration_assessment#1': '2026-06-03',
      'be_plan_after_decision_a#1': '2026-07-22',
      'be_plan_acceptance#1': '2026-07-24',
    });
  });

  it('Belgian months end on the last day of a shorter month, leap years included', () => {
    const after = (anchors: AnchorDates, key: string) =>
      planCheckpoints([BE_REINTEGRATION_V1], 'BE', anchors).find((c) => c.ruleKey === key)?.dueOn;
    expect(
      after({ sickness_day_1: '2025-12-01', decision_b: '2025-08-31' }, 'be_plan_after_decision_b'),
    ).toBe('2026-02-28');
    expect(
      after({ sickness_day_1: '2027-12-01', decision_b: '2027-08-31' }, 'be_plan_after_decision_b'),
    ).toBe('2028-02-29');
    expect(after({ sickness_day_1: '2027-11-30' }, 'be_trajectory_possible')).toBe('2028-02-29');
  });

  it('a Belgian relapse after at most 14 days back at work keeps counting the three months', () => {
    const previous = {
      episodeId: 'first',
      jurisdiction: 'BE' as const,
      clockStart: '2026-01-10',
      fullDutyFrom: '2026-02-02',
    };
    const within = absenceClock('BE', '2026-02-16', previous); // 14 days back
    const after = absenceClock('BE', '2026-02-17', previous); // 15 days back
    const possible = (start: string) =>
      planCheckpoints([BE_REINTEGRATION_V1], 'BE', { sickness_day_1: start }).find(
        (c) => c.ruleKey === 'be_trajectory_possible',
      )?.dueOn;
    expect(possible(within.clockStart)).toBe('2026-04-10');
    expect(possible(after.clockStart)).toBe('2026-05-17');
  });

  it('only what the known dates allow: no trajectory request, no assessment deadline', () => {
    const keys = planCheckpoints(FIRST_TEMPLATES, 'BE', { sickness_day_1: '2026-01-10' }).map(
      (c) => c.ruleKey,
    );
    expect(keys).toEqual(['be_inform_occupational_doctor', 'be_trajectory_possible']);
    expect(planCheckpoints(FIRST_TEMPLATES, 'BE', {})).toEqual([]);
  });

  it('clinical reviews at weeks 2, 6 and 12 of the plan and at the planned full return', () => {
    const due = dueDates(
      planCheckpoints(FIRST_TEMPLATES, 'BE', {
        plan_start: '2026-03-23',
        planned_full_return: '2026-07-01',
      }),
    );
    expect(due).toEqual({
      'clinical_week_2#1': '2026-04-05',
      'clinical_week_6#1': '2026-05-03',
      'clinical_week_12#1': '2026-06-14',
      'clinical_full_return#1': '2026-07-01',
    });
  });

  it('follows the template version in force on day 1, and the jurisdiction', () => {
    const v2: CheckpointTemplateDefinition = {
      ...BE_REINTEGRATION_V1,
      version: 2,
      validFrom: '2026-01-01',
      rules: BE_REINTEGRATION_V1.rules.map((rule) =>
        rule.key === 'be_inform_occupational_doctor' ? { ...rule, due: { day: 43 } } : rule,
      ),
    };
    const v1 = { ...BE_REINTEGRATION_V1, validTo: '2025-12-31' };
    const inform = (day1: string) =>
      planCheckpoints([v1, v2], 'BE', { sickness_day_1: day1 }).find(
        (c) => c.ruleKey === 'be_inform_occupational_doctor',
      );
    expect(inform('2025-12-31')).toMatchObject({ templateVersion: 1, dueOn: '2026-01-28' });
    expect(inform('2026-01-01')).toMatchObject({ templateVersion: 2, dueOn: '2026-02-12' });
    // Before the 2022 decree: no Belgian trajectory template applies.
    expect(planCheckpoints([BE_REINTEGRATION_V1], 'BE', { sickness_day_1: '2022-09-30' })).toEqual(
      [],
    );
    expect(planCheckpoints([NL_POORTWACHTER_V1], 'BE', { sickness_day_1: '2026-01-05' })).toEqual(
      [],
    );
  });
});

const calendarDate = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 86_400_000, max: Date.UTC(2045, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

describe('checkpoint timeline: properties at +/- 1 day around every rule', () => {
  const dayRules = FIRST_TEMPLATES.flatMap((template) =>
    template.rules
      .filter((rule) => 'day' in rule.due || 'daysAfter' in rule.due)
      .map((rule) => ({ template, rule })),
  );

  it.each(dayRules.map(({ template, rule }) => [rule.key, template, rule] as const))(
    '%s: due on its day counted from the anchor; an anchor a day earlier or later moves it by one day',
    (_key, template, rule) => {
      fc.assert(
        fc.property(calendarDate, (anchor) => {
          const due = (anchorDate: string) =>
            planCheckpoints(
              [{ ...template, validFrom: '1900-01-01' }],
              template.jurisdiction ?? 'BE',
              {
                sickness_day_1: anchorDate,
                [template.selectBy]: anchorDate,
                [rule.anchor]: anchorDate,
              },
            ).find((c) => c.ruleKey === rule.key && c.occurrence === 1)!.dueOn;
          const expectedOffset =
            'day' in rule.due ? rule.due.day - 1 : (rule.due as { daysAfter: number }).daysAfter;
          const today = due(anchor);
          if (rule.workingDay) {
            const raw = addDays(anchor, expectedOffset);
            expect(isoWeekday(today)).toBeLessThanOrEqual(5);
            expect(daysBetween(raw, today)).toBeGreaterThanOrEqual(0);
            expect(daysBetween(raw, today)).toBeLessThanOrEqual(2);
            return;
          }
          expect(daysBetween(anchor, today)).toBe(expectedOffset);
          expect(daysBetween(today, due(addDays(anchor, 1)))).toBe(1);
          expect(daysBetween(today, due(addDays(anchor, -1)))).toBe(-1);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('months: the same day of the month, or the last day of a shorter month', () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: 1, max: 12 }), (anchor, months) => {
        const [, , day] = anchor.split('-').map(Number);
        const planned = planCheckpoints(
          [
            {
              ...BE_REINTEGRATION_V1,
              validFrom: '1900-01-01',
              rules: [
                {
                  key: 'm',
                  title: 'Months later',
                  anchor: 'sickness_day_1',
                  due: { monthsAfter: months },
                  participants: ['hr'],
                },
              ],
            },
          ],
          'BE',
          { sickness_day_1: anchor },
        );
        const [y, m, d] = planned[0].dueOn.split('-').map(Number);
        const [ay, am] = anchor.split('-').map(Number);
        expect((y - ay) * 12 + (m - am)).toBe(months);
        const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(d).toBe(Math.min(day, lastDay));
      }),
      { numRuns: 500 },
    );
  });

  it('NL 28-day rule: a relapse 28 days after the last sick day continues the clock, 29 days does not', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, (clockStart, fullDutyFrom) => {
        const previous = { episodeId: 'p', jurisdiction: 'NL' as const, clockStart, fullDutyFrom };
        const lastSickDay = addDays(fullDutyFrom, -1);
        expect(absenceClock('NL', addDays(lastSickDay, 28), previous).clockStart).toBe(clockStart);
        expect(
          absenceClock('NL', addDays(lastSickDay, 29), previous).continuesEpisodeId,
        ).toBeNull();
      }),
    );
  });

  it('BE 14-day rule: 14 days back at work continues the clock, 15 days does not', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, (clockStart, fullDutyFrom) => {
        const previous = { episodeId: 'p', jurisdiction: 'BE' as const, clockStart, fullDutyFrom };
        expect(absenceClock('BE', addDays(fullDutyFrom, 14), previous).clockStart).toBe(clockStart);
        expect(
          absenceClock('BE', addDays(fullDutyFrom, 15), previous).continuesEpisodeId,
        ).toBeNull();
      }),
    );
  });

  it('every planned date is a real calendar date and the list is in date order', () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, (day1, planStart) => {
        for (const jurisdiction of ['BE', 'NL'] as const) {
          const planned = planCheckpoints(FIRST_TEMPLATES, jurisdiction, {
            sickness_day_1: day1,
            plan_start: planStart,
            planned_full_return: addDays(planStart, 70),
          });
          for (const c of planned) {
            expect(new Date(`${c.dueOn}T00:00:00Z`).toISOString().slice(0, 10)).toBe(c.dueOn);
          }
          const dates = planned.map((c) => c.dueOn);
          expect([...dates].sort()).toEqual(dates);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the clinical template applies to both jurisdictions', () => {
    for (const jurisdiction of ['BE', 'NL'] as const) {
      expect(
        planCheckpoints([CLINICAL_REVIEWS_V1], jurisdiction, { plan_start: '2026-03-23' }),
      ).toHaveLength(3);
    }
  });
});

describe('sickness days past the days at work (NL: periods added together)', () => {
  it.each([
    ['before the return: unchanged', '2026-01-19', '2026-01-19'],
    [
      'the first day back counts as the next sick day after the relapse',
      '2026-01-20',
      '2026-02-10',
    ],
    ['after the return: later by the days worked', '2026-02-11', '2026-03-04'],
    ['after a second return: later by both', '2026-06-01', '2026-06-27'],
  ])('%s', (_, date, expected) => {
    const pauses = [
      { from: '2026-04-01', days: 5 },
      { from: '2026-01-20', days: 21 },
    ];
    expect(pastPauses(date, pauses)).toBe(expected);
  });

  it('moves every rule counted from the first sick day, and no other', () => {
    const anchors = { sickness_day_1: '2026-01-01', plan_start: '2026-01-10' };
    const pauses = [{ from: '2026-01-20', days: 21 }];
    const plain = planCheckpoints(FIRST_TEMPLATES, 'NL', anchors);
    const paused = planCheckpoints(FIRST_TEMPLATES, 'NL', anchors, pauses);
    const due = (list: typeof plain, key: string, occurrence = 1) =>
      list.find((c) => c.ruleKey === key && c.occurrence === occurrence)?.dueOn;
    expect(due(paused, 'nl_absence_report')).toBe('2026-01-07');
    expect(due(paused, 'nl_problem_analysis')).toBe('2026-03-04'); // day 42 + 21 days worked
    expect(due(paused, 'nl_wage_continuation_end')).toBe(
      addDays(due(plain, 'nl_wage_continuation_end')!, 21),
    );
    expect(paused.filter((c) => c.ruleKey === 'nl_plan_evaluation')).toHaveLength(16);
    expect(due(paused, 'clinical_week_2')).toBe(due(plain, 'clinical_week_2'));
  });
});
