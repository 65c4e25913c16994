import { ApiProperty } from '@nestjs/swagger';
import type { ChronicityRisk, Pathway } from '../../triage/pathway-engine.js';
import { BODY_REGIONS, type BodyRegion } from '../entities/complaint.entity.js';
import { EpisodeFunctionalDto } from './episode.dto.js';

const PATHWAY_VALUES = ['urgent_referral', 'multidisciplinary', 'physio_led', 'undetermined'];

/** Who the episode is about, as HR and the care team know them. */
export class DashboardEmployeeDto {
  @ApiProperty() id: string;
  @ApiProperty() fullName: string;
  @ApiProperty() employeeNumber: string;
  @ApiProperty({ type: String, nullable: true }) department: string | null;
}

export class OpenEpisodeCountsDto {
  @ApiProperty() referred: number;
  @ApiProperty() intake: number;
  @ApiProperty() active: number;
  @ApiProperty() monitoring: number;
  @ApiProperty({ description: 'Open episodes whose next due item lies in the past' })
  overdue: number;
}

export class EmployerDashboardItemDto {
  @ApiProperty({ type: DashboardEmployeeDto }) employee: DashboardEmployeeDto;
  @ApiProperty({ type: EpisodeFunctionalDto }) episode: EpisodeFunctionalDto;
}

/** HR: its open episodes, soonest due first, in functional terms only. */
export class EmployerDashboardDto {
  @ApiProperty({ type: OpenEpisodeCountsDto }) counts: OpenEpisodeCountsDto;
  @ApiProperty({ type: [EmployerDashboardItemDto] }) items: EmployerDashboardItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

/** The clinical state of an episode at a glance, for the care team. */
export class ClinicalSummaryDto {
  @ApiProperty({ enum: BODY_REGIONS, isArray: true }) regions: BodyRegion[];
  @ApiProperty({ type: String, nullable: true, enum: ['specific', 'aspecific'] })
  specificity: 'specific' | 'aspecific' | null;
  @ApiProperty({ description: 'Red flags await the doctor' }) urgentReferral: boolean;
  @ApiProperty({ type: String, nullable: true, enum: PATHWAY_VALUES })
  pathway: Pathway | null;
  @ApiProperty({ type: String, nullable: true, enum: ['low', 'medium', 'high'] })
  chronicityRisk: ChronicityRisk | null;
  @ApiProperty({ description: 'Instruments the employee has yet to fill in' })
  questionnairesPending: number;
  @ApiProperty({ type: String, nullable: true }) lastQuestionnaireOn: string | null;
}

export class CaseloadItemDto extends EmployerDashboardItemDto {
  @ApiProperty({ type: ClinicalSummaryDto }) clinical: ClinicalSummaryDto;
}

/** The physiotherapist's open caseload, soonest due first (each episode's read is audited). */
export class CaseloadDashboardDto {
  @ApiProperty({ type: [CaseloadItemDto] }) items: CaseloadItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class UrgentReferralDto {
  @ApiProperty({ type: DashboardEmployeeDto }) employee: DashboardEmployeeDto;
  @ApiProperty({ type: EpisodeFunctionalDto }) episode: EpisodeFunctionalDto;
  @ApiProperty({ description: 'When the physiotherapist recorded the screen' }) flaggedAt: string;
  @ApiProperty({ description: 'A flag needing same-day emergency care' }) emergency: boolean;
  @ApiProperty({ enum: BODY_REGIONS, isArray: true }) regions: BodyRegion[];
}

export class PlanAwaitingReviewDto {
  @ApiProperty({ type: DashboardEmployeeDto }) employee: DashboardEmployeeDto;
  @ApiProperty({ type: EpisodeFunctionalDto }) episode: EpisodeFunctionalDto;
  @ApiProperty() planNumber: number;
  @ApiProperty() submittedAt: string;
}

/**
 * The occupational doctor: urgent referrals awaiting review (emergencies first, paginated) and the
 * plans submitted for approval (oldest first, up to 100, with their total). Audited per episode.
 */
export class ReviewDashboardDto {
  @ApiProperty({ type: [UrgentReferralDto] }) urgentReferrals: UrgentReferralDto[];
  @ApiProperty({ type: [PlanAwaitingReviewDto] }) plansAwaitingReview: PlanAwaitingReviewDto[];
  @ApiProperty() plansAwaitingReviewTotal: number;
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
