import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NOT_FOUND_DETAIL } from '../../common/access/clinical-access.service.js';
import { visibleOrganisations } from '../../common/access/organisation-scope.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { TODAY_SQL } from '../../common/dates/calendar.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type {
  EvaluationLineDto,
  ReintegrationEvaluationDto,
} from './dto/reintegration-evaluation.dto.js';

/** The employer's Belgian episodes open at some time from $2 to $3 (exclusive). */
const IN_SCOPE = `SELECT e.id FROM episode e
  WHERE e.employer_id = $1 AND e.jurisdiction = 'BE'
    AND coalesce(e.absence_start, e.referral_date) < $3::date
    AND (e.closed_on IS NULL OR e.closed_on >= $2::date)`;

const FIGURES_SQL = `
  WITH scope AS (${IN_SCOPE}),
  m AS (
    SELECT ms.episode_id,
           max(ms.occurred_on) FILTER (WHERE ms.kind = 'trajectory_requested') AS requested,
           max(ms.occurred_on) FILTER (WHERE ms.kind = 'decision_a') AS decision_a,
           max(ms.occurred_on) FILTER (WHERE ms.kind = 'decision_b') AS decision_b,
           max(ms.occurred_on) FILTER (WHERE ms.kind = 'decision_c') AS decision_c,
           max(ms.occurred_on) FILTER (WHERE ms.kind = 'plan_offered') AS plan_offered
      FROM episode_milestone ms JOIN scope ON scope.id = ms.episode_id
     GROUP BY ms.episode_id
  ),
  d AS (
    SELECT m.*, least(decision_a, decision_b, decision_c) AS decided
      FROM m
  )
  SELECT
    (SELECT count(*) FROM scope)::int AS episodes,
    count(*) FILTER (WHERE requested >= $2::date AND requested < $3::date)::int AS started,
    count(*) FILTER (WHERE decision_a >= $2 AND decision_a < $3)::int AS decision_a,
    count(*) FILTER (WHERE decision_b >= $2 AND decision_b < $3)::int AS decision_b,
    count(*) FILTER (WHERE decision_c >= $2 AND decision_c < $3)::int AS decision_c,
    count(*) FILTER (WHERE decided >= $2 AND decided < $3 AND requested IS NOT NULL)::int AS assessed,
    count(*) FILTER (WHERE decided >= $2 AND decided < $3 AND decided <= requested + 49)::int AS assessed_in_time,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY decided - requested)
      FILTER (WHERE decided >= $2 AND decided < $3) AS median_days_to_decision,
    count(*) FILTER (WHERE plan_offered >= $2 AND plan_offered < $3)::int AS plans_offered,
    count(*) FILTER (WHERE plan_offered >= $2 AND plan_offered < $3
                       AND (plan_offered <= decision_a + 63 OR plan_offered <= decision_b + interval '6 months'))::int AS plans_in_time
    FROM d`;

const PLANS_SQL = `
  WITH scope AS (${IN_SCOPE})
  SELECT count(*)::int AS approved
    FROM plan_version p JOIN scope ON scope.id = p.episode_id
   WHERE p.status IN ('approved', 'superseded') AND p.decided_at >= $2::date AND p.decided_at < $3::date`;

const MEASURES_SQL = `
  WITH scope AS (${IN_SCOPE})
  SELECT w.kind, count(*)::int AS started, count(*) FILTER (WHERE w.status = 'done')::int AS done,
         coalesce(sum(w.cost_eur) FILTER (WHERE w.status = 'done'), 0) AS cost
    FROM workplace_intervention w JOIN scope ON scope.id = w.episode_id
   WHERE w.created_at >= $2::date AND w.created_at < $3::date
   GROUP BY w.kind`;

const OUTCOMES_SQL = `
  WITH scope AS (${IN_SCOPE}),
  closed AS (
    SELECT e.id, e.close_reason, coalesce(e.absence_start, e.referral_date) AS start_day,
           (SELECT min(w.effective_from) FROM work_status_period w
             WHERE w.episode_id = e.id AND w.status = 'full_duty'
               AND w.effective_from > coalesce(e.absence_start, e.referral_date)) AS full_return
      FROM episode e JOIN scope ON scope.id = e.id
     WHERE e.closed_on >= $2::date AND e.closed_on < $3::date
  )
  SELECT close_reason, count(*)::int AS episodes,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY full_return - start_day) AS median_days
    FROM closed GROUP BY ROLLUP (close_reason)`;

const DEADLINES_SQL = `
  WITH scope AS (${IN_SCOPE})
  SELECT count(*)::int AS due,
         count(*) FILTER (WHERE c.status = 'completed' AND c.decided_at::date <= c.due_on)::int AS met,
         count(*) FILTER (WHERE c.status = 'completed' AND c.decided_at::date > c.due_on)::int AS late,
         count(*) FILTER (WHERE c.status = 'planned' AND c.due_on < ${TODAY_SQL})::int AS overdue
    FROM checkpoint c JOIN scope ON scope.id = c.episode_id
   WHERE c.category = 'statutory' AND c.kind = 'deadline' AND c.status <> 'cancelled'
     AND c.due_on >= $2::date AND c.due_on < $3::date`;

const MEASURE_KINDS: Record<string, string> = {
  adapted_tasks: 'Adapted tasks',
  reduced_hours: 'Reduced hours',
  workstation_adjustment: 'Workstation adjustment',
  equipment: 'Equipment',
  task_rotation: 'Task rotation',
  supervisor_coaching: 'Supervisor coaching',
  rtw_coordinator: 'Return-to-work coordinator',
};
const CLOSE_REASONS: Record<string, string> = {
  full_rtw: 'Returned to full duty',
  partial_rtw: 'Returned part-time',
  not_returned: 'Not returned',
  withdrawn: 'Withdrawn',
  referred_out: 'Referred elsewhere',
};

/**
 * Belgium's yearly evaluation of an employer's collective re-integration policy (Codex I.4-72 ff.),
 * drawn up from the platform's own records for the employer's Belgian episodes: trajectories
 * started, the occupational doctor's decisions and whether they came within 49 days, plans offered
 * and on time, workplace measures, outcomes and statutory deadlines met. Counts, days and euros
 * only: nothing clinical and no person, as the committee for prevention and protection at work
 * receives it. HR of the employer and the doctors of a service serving it may draw it up.
 */
@Injectable()
export class ReintegrationEvaluationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async evaluate(
    actor: AuthenticatedUser,
    employerId: string,
    year: number,
  ): Promise<ReintegrationEvaluationDto> {
    const params: unknown[] = [employerId];
    const [employer] = await this.dataSource.query<{ name: string }[]>(
      `SELECT o.name FROM organisation o
        WHERE o.id = $1 AND o.kind = 'employer' AND ${visibleOrganisations(actor, 'o', params)}`,
      params,
    );
    if (!employer) throw new DomainError('not_found', NOT_FOUND_DETAIL);
    const range = [employerId, `${year}-01-01`, `${year + 1}-01-01`];
    const [[figures], [plans], measures, outcomes, [deadlines]] = await Promise.all([
      this.dataSource.query<Record<string, number | null>[]>(FIGURES_SQL, range),
      this.dataSource.query<{ approved: number }[]>(PLANS_SQL, range),
      this.dataSource.query<{ kind: string; started: number; done: number; cost: string }[]>(
        MEASURES_SQL,
        range,
      ),
      this.dataSource.query<
        { close_reason: string | null; episodes: number; median_days: number | null }[]
      >(OUTCOMES_SQL, range),
      this.dataSource.query<{ due: number; met: number; late: number; overdue: number }[]>(
        DEADLINES_SQL,
        range,
      ),
    ]);
    const line = (
      key: string,
      label: string,
      value: number | string | null,
      unit: EvaluationLineDto['unit'] = 'count',
    ): EvaluationLineDto => ({
      key,
      label,
      value: value === null ? null : Math.round(Number(value) * 10) / 10,
      unit,
    });
    const share = (part: number, whole: number) =>
      whole ? Math.round((part / whole) * 1000) / 10 : null;
    const total = outcomes.find((row) => row.close_reason === null);
    return {
      employerId,
      employerName: employer.name,
      year,
      episodes: Number(figures.episodes),
      sections: [
        {
          key: 'trajectories',
          title: 'Re-integration trajectories',
          lines: [
            line('started', 'Trajectories started (requests received)', figures.started),
            line('assessed', 'Re-integration assessments made', figures.assessed),
            line(
              'decision_a',
              'Decisions A: temporarily unfit, adapted or other work meanwhile',
              figures.decision_a,
            ),
            line(
              'decision_b',
              'Decisions B: definitively unfit for the agreed work, adapted or other work possible',
              figures.decision_b,
            ),
            line(
              'decision_c',
              'Decisions C: assessment not yet possible for medical reasons',
              figures.decision_c,
            ),
            line(
              'assessed_in_time_percent',
              'Assessments within 49 days of the request',
              share(Number(figures.assessed_in_time), Number(figures.assessed)),
              'percent',
            ),
            line(
              'median_days_to_decision',
              'Median days from request to decision',
              figures.median_days_to_decision,
              'days',
            ),
          ],
        },
        {
          key: 'plans',
          title: 'Re-integration plans',
          lines: [
            line('plans_offered', 'Re-integration plans offered', figures.plans_offered),
            line(
              'plans_in_time_percent',
              'Plans offered within 63 days of decision A or 6 months of decision B',
              share(Number(figures.plans_in_time), Number(figures.plans_offered)),
              'percent',
            ),
            line('graded_plans_approved', 'Graded activity plans approved', plans.approved),
          ],
        },
        {
          key: 'workplace_measures',
          title: 'Workplace measures',
          lines: Object.entries(MEASURE_KINDS).flatMap(([kind, label]) => {
            const row = measures.find((m) => m.kind === kind);
            return [
              line(`${kind}_started`, `${label}: started`, row?.started ?? 0),
              line(`${kind}_done`, `${label}: done`, row?.done ?? 0),
            ];
          }),
        },
        {
          key: 'costs',
          title: 'Costs of the measures done',
          lines: [
            line(
              'measures_cost_eur',
              'Total cost',
              measures.reduce((sum, m) => sum + Number(m.cost), 0),
              'eur',
            ),
          ],
        },
        {
          key: 'outcomes',
          title: 'Episodes closed',
          lines: [
            ...Object.entries(CLOSE_REASONS).map(([reason, label]) =>
              line(
                reason,
                label,
                outcomes.find((row) => row.close_reason === reason)?.episodes ?? 0,
              ),
            ),
            line(
              'median_days_to_full_return',
              'Median days from the start of the absence to full duty',
              total?.median_days ?? null,
              'days',
            ),
          ],
        },
        {
          key: 'deadlines',
          title: 'Statutory deadlines falling in the year',
          lines: [
            line('due', 'Deadlines', deadlines.due),
            line('met', 'Met on time', deadlines.met),
            line('late', 'Met late', deadlines.late),
            line('overdue', 'Passed and still open', deadlines.overdue),
          ],
        },
      ],
      notes: [
        'Drawn up from the records of the platform for the Belgian return-to-work episodes of the employer open during the year.',
        'For the yearly discussion with the committee for prevention and protection at work (Codex welzijn op het werk, art. I.4-72 ff.): counts only, no diagnosis, no body region and no person.',
      ],
    };
  }
}
