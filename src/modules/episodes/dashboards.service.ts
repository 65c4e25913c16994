import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ClinicalAccessService } from '../../common/access/clinical-access.service.js';
import { visibleEpisodes } from '../../common/access/episode-scope.js';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { TODAY_SQL } from '../../common/dates/calendar.js';
import type { PageQuery } from '../../common/http/page-query.js';
import { limitOffset, queryPage } from '../../database/paged-query.js';
import { queryPrepared } from '../../database/prepared-query.js';
import type { ChronicityRisk, Pathway } from '../triage/pathway-engine.js';
import type {
  CaseloadDashboardDto,
  DashboardEmployeeDto,
  EmployerDashboardDto,
  ReviewDashboardDto,
} from './dto/dashboard.dto.js';
import type { BodyRegion } from './entities/complaint.entity.js';
import { EPISODE_COLUMNS, type EpisodeRow, toFunctionalDto } from './episodes.service.js';

interface WithEmployee extends EpisodeRow {
  full_name: string;
  employee_number: string;
  department: string | null;
}

/** Open episodes per status and overdue, as PostgreSQL counts them (bigint, so text). */
interface StatusCounts {
  referred: string;
  intake: string;
  active: string;
  monitoring: string;
  overdue: string;
}

interface CaseloadRow extends WithEmployee {
  regions: BodyRegion[] | null;
  specificity: 'specific' | 'aspecific' | null;
  urgent_referral: boolean;
  pathway: Pathway | null;
  chronicity_risk: ChronicityRisk | null;
  questionnaires_pending: string;
  last_questionnaire_on: string | null;
}

interface UrgentRow extends WithEmployee {
  flagged_at: Date;
  emergency: boolean;
  screened_regions: BodyRegion[];
}

interface SubmittedPlanRow extends WithEmployee {
  plan_number: number;
  submitted_at: Date;
}

/** Submitted plans listed on the review dashboard (their total is given too). */
const PLANS_LISTED = 100;
const EMPLOYEE_COLUMNS = `e.full_name, e.employee_number, e.department`;
const SOONEST_DUE_FIRST = `ep.next_due_on NULLS LAST, ep.referral_date, ep.id`;
/**
 * The caseload's order: what needs the physiotherapist first. A red flag awaiting the doctor,
 * then an overdue step, then a high risk of chronicity; within each, soonest due first.
 */
const NEEDS_ATTENTION_FIRST = `urgent_referral DESC,
  (ep.next_due_on < ${TODAY_SQL}) DESC NULLS LAST,
  (pr.chronicity_risk = 'high') DESC NULLS LAST,
  ${SOONEST_DUE_FIRST}`;

/**
 * The three working lists. HR's is functional only, like everything HR receives. The
 * physiotherapist's caseload and the doctor's review list carry clinical fields, so each episode
 * on the page gets its audit row, in the same transaction as the read.
 */
@Injectable()
export class DashboardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clinical: ClinicalAccessService,
  ) {}

  async employer(actor: AuthenticatedUser, page: PageQuery): Promise<EmployerDashboardDto> {
    const params: unknown[] = [];
    const where = `${visibleEpisodes(actor, 'ep', params)} AND ep.status <> 'closed'`;
    // One statement: the counts per status (which add up to the total of the list, so no separate
    // count) and the page. The page is chosen from the open-episodes index alone, then its rows are
    // read one by one by primary key (a lateral subquery, kept apart from the page by OFFSET 0).
    // Every row carries the counts; with an empty page there is one row, of counts only.
    const rows = await queryPrepared<Partial<WithEmployee> & StatusCounts>(
      this.dataSource,
      `WITH counts AS (
         SELECT count(*) FILTER (WHERE ep.status = 'referred') AS referred,
                count(*) FILTER (WHERE ep.status = 'intake') AS intake,
                count(*) FILTER (WHERE ep.status = 'active') AS active,
                count(*) FILTER (WHERE ep.status = 'monitoring') AS monitoring,
                count(*) FILTER (WHERE ep.next_due_on < ${TODAY_SQL}) AS overdue
           FROM episode ep WHERE ${where}
       ), page AS (
         SELECT ep.id, ep.next_due_on, ep.referral_date FROM episode ep WHERE ${where}
          ORDER BY ${SOONEST_DUE_FIRST} ${limitOffset(page, params.length)}
       )
       SELECT counts.*, r.* FROM counts
         LEFT JOIN page ON true
         LEFT JOIN LATERAL (SELECT ${EPISODE_COLUMNS}, ${EMPLOYEE_COLUMNS}
                              FROM episode ep JOIN employee e ON e.id = ep.employee_id
                             WHERE ep.id = page.id OFFSET 0) r ON true
        ORDER BY page.next_due_on NULLS LAST, page.referral_date, page.id`,
      [...params, page.offset],
    );
    const [counts] = rows;
    const items = rows.filter((row): row is WithEmployee & StatusCounts => row.id != null);
    const byStatus = {
      referred: Number(counts.referred),
      intake: Number(counts.intake),
      active: Number(counts.active),
      monitoring: Number(counts.monitoring),
    };
    return {
      counts: { ...byStatus, overdue: Number(counts.overdue) },
      items: items.map((row) => ({ employee: toEmployee(row), episode: toFunctionalDto(row) })),
      total: byStatus.referred + byStatus.intake + byStatus.active + byStatus.monitoring,
      limit: page.limit,
      offset: page.offset,
    };
  }

  async caseload(actor: AuthenticatedUser, page: PageQuery): Promise<CaseloadDashboardDto> {
    return this.dataSource.transaction(async (manager) => {
      const params: unknown[] = [];
      const rows = await queryPage(
        manager,
        {
          select: `${EPISODE_COLUMNS}, ${EMPLOYEE_COLUMNS}, c.regions, c.specificity,
            EXISTS (SELECT 1 FROM triage_assessment t WHERE t.episode_id = ep.id
                      AND cardinality(t.red_flags_present) > 0 AND t.red_flags_cleared_at IS NULL) AS urgent_referral,
            coalesce(pr.override_pathway, pr.pathway) AS pathway, pr.chronicity_risk,
            (SELECT count(*) FROM questionnaire_assignment qa WHERE qa.episode_id = ep.id
                AND qa.completed_at IS NULL AND qa.cancelled_at IS NULL) AS questionnaires_pending,
            (SELECT to_char(max(qr.taken_on), 'YYYY-MM-DD') FROM questionnaire_response qr
              WHERE qr.episode_id = ep.id) AS last_questionnaire_on`,
          from: `episode ep JOIN employee e ON e.id = ep.employee_id
                 LEFT JOIN complaint c ON c.episode_id = ep.id
                 LEFT JOIN pathway_recommendation pr ON pr.episode_id = ep.id`,
          where: `${visibleEpisodes(actor, 'ep', params)} AND ep.status <> 'closed'`,
          orderBy: NEEDS_ATTENTION_FIRST,
          params,
        },
        page,
        (row: CaseloadRow) => row,
      );
      await this.clinical.recordReads(manager, actor, 'dashboard.caseload', rows.items);
      return {
        ...rows,
        items: rows.items.map((row) => ({
          employee: toEmployee(row),
          episode: toFunctionalDto(row),
          clinical: {
            regions: row.regions ?? [],
            specificity: row.specificity,
            urgentReferral: row.urgent_referral,
            pathway: row.pathway,
            chronicityRisk: row.chronicity_risk,
            questionnairesPending: Number(row.questionnaires_pending),
            lastQuestionnaireOn: row.last_questionnaire_on,
          },
        })),
      };
    });
  }

  async review(actor: AuthenticatedUser, page: PageQuery): Promise<ReviewDashboardDto> {
    return this.dataSource.transaction(async (manager) => {
      const params: unknown[] = [];
      const rows = await queryPage(
        manager,
        {
          select: `${EPISODE_COLUMNS}, ${EMPLOYEE_COLUMNS}, t.screened_at AS flagged_at,
                   t.red_flag_emergency AS emergency, t.screened_regions`,
          from: `episode ep JOIN employee e ON e.id = ep.employee_id
                 JOIN triage_assessment t ON t.episode_id = ep.id`,
          where: `${visibleEpisodes(actor, 'ep', params)} AND ep.status <> 'closed'
                  AND cardinality(t.red_flags_present) > 0 AND t.red_flags_cleared_at IS NULL`,
          orderBy: 't.red_flag_emergency DESC, t.screened_at, ep.id',
          params,
        },
        page,
        (row: UrgentRow) => row,
      );
      const planParams: unknown[] = [];
      const plans = await queryPage(
        manager,
        {
          select: `${EPISODE_COLUMNS}, ${EMPLOYEE_COLUMNS}, p.number AS plan_number, p.submitted_at`,
          from: `episode ep JOIN employee e ON e.id = ep.employee_id
                 JOIN plan_version p ON p.episode_id = ep.id AND p.status = 'submitted'`,
          where: `${visibleEpisodes(actor, 'ep', planParams)} AND ep.status <> 'closed'`,
          orderBy: 'p.submitted_at, ep.id',
          params: planParams,
        },
        { limit: PLANS_LISTED, offset: 0 },
        (row: SubmittedPlanRow) => row,
      );
      const listed = new Map([...rows.items, ...plans.items].map((row) => [row.id, row]));
      await this.clinical.recordReads(manager, actor, 'dashboard.review', [...listed.values()]);
      return {
        plansAwaitingReview: plans.items.map((row) => ({
          employee: toEmployee(row),
          episode: toFunctionalDto(row),
          planNumber: row.plan_number,
          submittedAt: new Date(row.submitted_at).toISOString(),
        })),
        plansAwaitingReviewTotal: plans.total,
        total: rows.total,
        limit: rows.limit,
        offset: rows.offset,
        urgentReferrals: rows.items.map((row) => ({
          employee: toEmployee(row),
          episode: toFunctionalDto(row),
          flaggedAt: new Date(row.flagged_at).toISOString(),
          emergency: row.emergency,
          regions: row.screened_regions,
        })),
      };
    });
  }
}

function toEmployee(row: WithEmployee): DashboardEmployeeDto {
  return {
    id: row.employee_id,
    fullName: row.full_name,
    employeeNumber: row.employee_number,
    department: row.department,
  };
}
