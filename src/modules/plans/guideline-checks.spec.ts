import { describe, expect, it } from '@jest/globals';
import type { ComponentCode } from '../triage/evidence.js';
import type { Pathway } from '../triage/pathway-engine.js';
import { guidelineWarnings, type InterventionKind } from './guideline-checks.js';

/** Plans -> the rules that must fire (docs/domain.md section 4), worked out by hand. */
const CASES: [
  string,
  { pathway: Pathway | null; components: ComponentCode[]; interventions?: InterventionKind[] },
  string[],
][] = [
  [
    'a complete physio-led plan',
    {
      pathway: 'physio_led',
      components: ['graded_activity', 'advice_education', 'return_to_work_programme'],
      interventions: ['adapted_tasks'],
    },
    [],
  ],
  ['an empty plan', { pathway: 'physio_led', components: [] }, ['GL-1', 'GL-2']],
  ['education only', { pathway: 'physio_led', components: ['stay_active_advice'] }, ['GL-1']],
  ['exercise only', { pathway: 'physio_led', components: ['exercise_therapy'] }, ['GL-2']],
  [
    'group exercise counts as active',
    { pathway: 'physio_led', components: ['group_exercise', 'advice_education'] },
    [],
  ],
  [
    'manual therapy alone',
    { pathway: 'physio_led', components: ['manual_therapy'] },
    ['GL-1', 'GL-2', 'GL-3'],
  ],
  [
    'manual therapy with advice but nothing active',
    { pathway: 'physio_led', components: ['manual_therapy', 'advice_education'] },
    ['GL-1', 'GL-3'],
  ],
  [
    'manual therapy as an addition to exercise',
    {
      pathway: 'physio_led',
      components: ['manual_therapy', 'exercise_therapy', 'stay_active_advice'],
    },
    [],
  ],
  [
    'ergonomics as the only workplace component',
    {
      pathway: 'physio_led',
      components: ['graded_activity', 'advice_education', 'ergonomic_adjustment'],
    },
    ['GL-4'],
  ],
  [
    'a workstation adjustment as the only intervention',
    {
      pathway: 'physio_led',
      components: ['graded_activity', 'advice_education'],
      interventions: ['workstation_adjustment'],
    },
    ['GL-4'],
  ],
  [
    'workstation and equipment: still only ergonomics',
    {
      pathway: 'physio_led',
      components: ['graded_activity', 'advice_education'],
      interventions: ['workstation_adjustment', 'equipment'],
    },
    ['GL-4'],
  ],
  [
    'ergonomics with reduced hours',
    {
      pathway: 'physio_led',
      components: ['graded_activity', 'advice_education', 'ergonomic_adjustment'],
      interventions: ['reduced_hours'],
    },
    [],
  ],
  [
    'ergonomics with a return-to-work programme',
    {
      pathway: 'physio_led',
      components: [
        'graded_activity',
        'advice_education',
        'ergonomic_adjustment',
        'return_to_work_programme',
      ],
    },
    [],
  ],
  [
    'no workplace measure at all is not GL-4',
    { pathway: 'physio_led', components: ['graded_activity', 'advice_education'] },
    [],
  ],
  [
    'multidisciplinary pathway without a psychological or team component',
    { pathway: 'multidisciplinary', components: ['graded_activity', 'advice_education'] },
    ['GL-5'],
  ],
  [
    'multidisciplinary pathway with psychological therapy',
    {
      pathway: 'multidisciplinary',
      components: ['graded_activity', 'advice_education', 'psychological_therapy'],
    },
    [],
  ],
  [
    'multidisciplinary pathway with multidisciplinary treatment',
    {
      pathway: 'multidisciplinary',
      components: ['exercise_therapy', 'stay_active_advice', 'multidisciplinary_treatment'],
    },
    [],
  ],
  [
    'a surgical consult is not a multidisciplinary component',
    {
      pathway: 'multidisciplinary',
      components: ['graded_activity', 'advice_education', 'surgical_consult'],
    },
    ['GL-5'],
  ],
  [
    'psychological therapy on the physio-led pathway raises nothing',
    {
      pathway: 'physio_led',
      components: ['graded_activity', 'advice_education', 'psychological_therapy'],
    },
    [],
  ],
  [
    'before the triage, only the component rules apply',
    { pathway: null, components: ['manual_therapy', 'ergonomic_adjustment'] },
    ['GL-1', 'GL-2', 'GL-3', 'GL-4'],
  ],
  [
    'everything missing on the multidisciplinary pathway',
    { pathway: 'multidisciplinary', components: ['manual_therapy'], interventions: ['equipment'] },
    ['GL-1', 'GL-2', 'GL-3', 'GL-4', 'GL-5'],
  ],
];

describe('guideline checks', () => {
  it.each(CASES)('%s', (_name, plan, rules) => {
    const warnings = guidelineWarnings({ interventions: [], ...plan });
    expect(warnings.map((warning) => warning.rule)).toEqual(rules);
    for (const warning of warnings) {
      expect(warning.message.length).toBeGreaterThan(20);
      expect(warning.source.length).toBeGreaterThan(5);
    }
  });

  it('tells that ergonomics is not sufficient alone', () => {
    const [warning] = guidelineWarnings({
      pathway: 'physio_led',
      components: ['graded_activity', 'advice_education'],
      interventions: ['equipment'],
    });
    expect(warning.message).toContain('not sufficient alone');
  });
});
