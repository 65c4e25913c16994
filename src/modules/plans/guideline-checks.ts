/**
 * Plan checks against the guidelines (docs/domain.md section 4): each warning names the rule that
 * fired and where it comes from, so the physiotherapist and the occupational doctor see why. A
 * warning does not block a plan: the doctor weighs it when approving.
 *
 * Pure: reads the evidence catalogue, nothing else.
 */
import { COMPONENTS, type ComponentCode, type ComponentKind } from '../triage/evidence.js';
import type { Pathway } from '../triage/pathway-engine.js';

/** What the employer can do at work (issue: workplace interventions owned by HR). */
export const INTERVENTION_KINDS = [
  'adapted_tasks',
  'reduced_hours',
  'workstation_adjustment',
  'equipment',
  'task_rotation',
  'supervisor_coaching',
  'rtw_coordinator',
] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

/** Ergonomic measures: moderate evidence, and not sufficient alone. */
export const ERGONOMIC_INTERVENTIONS: readonly InterventionKind[] = [
  'workstation_adjustment',
  'equipment',
];
export const ERGONOMIC_NOTE = 'moderate evidence; not sufficient alone';

export const GUIDELINE_RULE_IDS = ['GL-1', 'GL-2', 'GL-3', 'GL-4', 'GL-5'] as const;
export type GuidelineRuleId = (typeof GUIDELINE_RULE_IDS)[number];

export interface GuidelineWarning {
  rule: GuidelineRuleId;
  message: string;
  source: string;
}

export interface PlanForChecks {
  /** The episode's pathway in effect (after any override); null before the triage. */
  pathway: Pathway | null;
  components: readonly ComponentCode[];
  /** The workplace interventions linked to the plan. */
  interventions: readonly InterventionKind[];
}

const GUIDELINES = 'Foster 2018 (Lancet Low Back Pain Series); Corp 2021 (17 European guidelines)';
const ARTICLE = 'Source article: movement is the key; manual therapy only as an addition';

interface Rule {
  id: GuidelineRuleId;
  fires: (plan: PlanForChecks, kinds: ReadonlySet<ComponentKind>) => boolean;
  message: string;
  source: string;
}

const RULES: readonly Rule[] = [
  {
    id: 'GL-1',
    fires: (_plan, kinds) => !kinds.has('active'),
    message: 'The plan has no active component (exercise therapy or graded activity).',
    source: GUIDELINES,
  },
  {
    id: 'GL-2',
    fires: (_plan, kinds) => !kinds.has('education'),
    message: 'The plan has no advice or education component.',
    source: GUIDELINES,
  },
  {
    id: 'GL-3',
    fires: (_plan, kinds) => kinds.has('passive') && !kinds.has('active'),
    message: 'Manual therapy is planned without an active component: it is only an addition.',
    source: ARTICLE,
  },
  {
    id: 'GL-4',
    fires: (plan) => {
      const workplace = [
        ...plan.components
          .filter((code) => COMPONENTS[code].kind === 'workplace')
          .map((code) => (code === 'ergonomic_adjustment' ? 'ergonomic' : 'other')),
        ...plan.interventions.map((kind) =>
          ERGONOMIC_INTERVENTIONS.includes(kind) ? 'ergonomic' : 'other',
        ),
      ];
      return workplace.length > 0 && workplace.every((kind) => kind === 'ergonomic');
    },
    message: `Ergonomic adjustment is the only workplace measure: ${ERGONOMIC_NOTE}.`,
    source: 'Corp 2021; source article: ergonomics is overrated',
  },
  {
    id: 'GL-5',
    fires: (plan, kinds) =>
      plan.pathway === 'multidisciplinary' &&
      !kinds.has('psychological') &&
      !kinds.has('multidisciplinary'),
    message:
      'The episode follows the multidisciplinary pathway but the plan has no psychological or multidisciplinary component.',
    source: GUIDELINES,
  },
];

/** The warnings a plan raises, in rule order. */
export function guidelineWarnings(plan: PlanForChecks): GuidelineWarning[] {
  const kinds = new Set(plan.components.map((code) => COMPONENTS[code].kind));
  return RULES.filter((rule) => rule.fires(plan, kinds)).map((rule) => ({
    rule: rule.id,
    message: rule.message,
    source: rule.source,
  }));
}
