import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, type FieldError } from '../../common/errors/domain-error.js';
import { storedCheckpointTemplates } from './checkpoint-templates.store.js';
import {
  PLANNER_FIELD_OF_ANCHOR,
  type PlannedCheckpointDto,
  type PlannerTimelineQuery,
} from './dto/planner.dto.js';
import {
  type AnchorDates,
  type CheckpointAnchor,
  type CheckpointTemplateDefinition,
  planCheckpoints,
} from './timeline.js';

const TRAJECTORY_FIELDS = ['trajectoryRequested', 'decisionA', 'decisionB', 'planOffered'] as const;

/** The anchor dates of a planner query, as an episode would hold them. */
function anchorsOf(query: PlannerTimelineQuery): AnchorDates {
  const anchors: AnchorDates = {};
  for (const [anchor, field] of Object.entries(PLANNER_FIELD_OF_ANCHOR)) {
    const value = query[field];
    if (value) anchors[anchor as CheckpointAnchor] = value;
  }
  return anchors;
}

/** Dates that cannot belong together, named by field (400). */
function inconsistentDates(query: PlannerTimelineQuery): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of TRAJECTORY_FIELDS) {
    const value = query[field];
    if (!value) continue;
    if (query.jurisdiction !== 'BE') {
      errors.push({ field, message: 'trajectory events apply to Belgian timelines only' });
    } else if (value < query.firstSickDay) {
      errors.push({ field, message: `${field} must not be before firstSickDay` });
    } else if (
      field !== 'trajectoryRequested' &&
      query.trajectoryRequested &&
      value < query.trajectoryRequested
    ) {
      errors.push({ field, message: `${field} must not be before trajectoryRequested` });
    }
  }
  if (query.plannedFullReturn && !query.planStart) {
    errors.push({
      field: 'plannedFullReturn',
      message: 'plannedFullReturn needs planStart: the clinical reviews count from the plan',
    });
  } else if (
    query.plannedFullReturn &&
    query.planStart &&
    query.plannedFullReturn < query.planStart
  ) {
    errors.push({
      field: 'plannedFullReturn',
      message: 'plannedFullReturn must not be before planStart',
    });
  }
  return errors;
}

/**
 * Dates no stored template version covers (422): for each template family of the jurisdiction
 * whose date is given, some version must be in force on it; the first sick day must always be
 * covered by a timeline of the jurisdiction.
 */
function uncoveredDates(
  templates: readonly CheckpointTemplateDefinition[],
  jurisdiction: 'BE' | 'NL',
  anchors: AnchorDates,
): FieldError[] {
  const families = new Map<string, CheckpointTemplateDefinition[]>();
  for (const template of templates) {
    if (template.jurisdiction !== null && template.jurisdiction !== jurisdiction) continue;
    families.set(template.code, [...(families.get(template.code) ?? []), template]);
  }
  const errors = new Map<CheckpointAnchor, FieldError>();
  const refuse = (anchor: CheckpointAnchor, message: string) => {
    if (!errors.has(anchor))
      errors.set(anchor, { field: PLANNER_FIELD_OF_ANCHOR[anchor], message });
  };
  for (const [code, versions] of families) {
    const anchor = versions[0].selectBy;
    const date = anchors[anchor];
    if (!date) continue;
    const covered = versions.some(
      (v) => v.validFrom <= date && (v.validTo === null || date <= v.validTo),
    );
    if (covered) continue;
    const from = versions.map((v) => v.validFrom).sort()[0];
    const field = PLANNER_FIELD_OF_ANCHOR[anchor];
    refuse(
      anchor,
      date < from
        ? `the ${code} timeline applies from ${from}: ${field} must not be earlier`
        : `no version of the ${code} timeline is in force on this ${field}`,
    );
  }
  const statutory = [...families.values()].some((versions) =>
    versions.some((v) => v.jurisdiction === jurisdiction && v.selectBy === 'sickness_day_1'),
  );
  if (!statutory) refuse('sickness_day_1', `no statutory timeline is stored for ${jurisdiction}`);
  return [...errors.values()];
}

/**
 * Plans a timeline without an episode ("if the absence starts on this day, what is due when?"):
 * the same stored templates and the same date math as an episode's checkpoints, from dates given
 * in the request. Functional data only: rules, dates and who takes part, never a person.
 */
@Injectable()
export class TimelinePlannerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async timeline(query: PlannerTimelineQuery): Promise<PlannedCheckpointDto[]> {
    const inconsistent = inconsistentDates(query);
    if (inconsistent.length) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: inconsistent,
      });
    }
    const anchors = anchorsOf(query);
    const templates = (await storedCheckpointTemplates(this.dataSource)).map((t) => t.definition);
    const uncovered = uncoveredDates(templates, query.jurisdiction, anchors);
    if (uncovered.length) {
      throw new DomainError('unprocessable', 'No checkpoint template covers these dates.', {
        errors: uncovered,
      });
    }
    const byVersion = new Map(templates.map((t) => [`${t.code}:${t.version}`, t]));
    return planCheckpoints(templates, query.jurisdiction, anchors).map((planned) => {
      const template = byVersion.get(`${planned.templateCode}:${planned.templateVersion}`)!;
      const rule = template.rules.find((r) => r.key === planned.ruleKey)!;
      return {
        ruleKey: planned.ruleKey,
        occurrence: planned.occurrence,
        title: rule.title,
        category: planned.category,
        kind: planned.kind,
        anchor: planned.anchor,
        dueOn: planned.dueOn,
        opensOn: planned.opensOn,
        participants: planned.participants,
        templateCode: planned.templateCode,
        templateVersion: planned.templateVersion,
        legalSource: template.legalSource,
      };
    });
  }
}
