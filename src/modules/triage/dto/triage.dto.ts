import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { BODY_REGIONS, type BodyRegion } from '../../episodes/entities/complaint.entity.js';
import {
  REHABILITATION_POTENTIALS,
  type RehabilitationPotentialValue,
} from '../entities/triage-assessment.entity.js';
import {
  COMPONENT_CODES,
  type ComponentCode,
  EVIDENCE_GRADES,
  type EvidenceGrade,
} from '../evidence.js';
import { PATHWAY_RULE_IDS, TRIAGE_INPUTS } from '../pathway-engine.js';
import { RED_FLAG_CODES } from '../red-flags.js';
import { Trimmed } from '../../../common/http/trimmed.js';

const PATHWAYS = ['urgent_referral', 'multidisciplinary', 'physio_led', 'undetermined'] as const;
export const OVERRIDE_PATHWAYS = ['multidisciplinary', 'physio_led'] as const;
export type OverridePathway = (typeof OVERRIDE_PATHWAYS)[number];

export class RecordIntakeDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'boolean' },
    description:
      'Every red flag that applies to the complaint regions, answered true (present) or false. GET /triage/red-flags lists them per region.',
    example: { fever: false, night_pain: false },
  })
  @IsObject()
  redFlags: Record<string, unknown>;

  @ApiPropertyOptional({ enum: REHABILITATION_POTENTIALS })
  @IsOptional()
  @IsIn(REHABILITATION_POTENTIALS)
  rehabilitationPotential?: RehabilitationPotentialValue;

  @ApiPropertyOptional({ example: '2027-01-15', description: 'Expected date of full return' })
  @IsOptional()
  @IsCalendarDate()
  expectedFullReturn?: string;
}

export class ClearRedFlagsDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'Medical reason (care team only)' })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class OverridePathwayDto {
  @ApiProperty({ enum: OVERRIDE_PATHWAYS }) @IsIn(OVERRIDE_PATHWAYS) pathway: OverridePathway;

  @ApiProperty({ minLength: 3, maxLength: 2000 })
  @Trimmed()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class TriageDto {
  @ApiProperty({ enum: BODY_REGIONS, isArray: true, nullable: true })
  screenedRegions: BodyRegion[] | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'boolean' }, nullable: true })
  redFlagAnswers: Record<string, boolean> | null;
  @ApiProperty({ enum: RED_FLAG_CODES, isArray: true }) redFlagsPresent: string[];
  @ApiProperty({ description: 'An uncleared emergency flag: same-day emergency care' })
  emergency: boolean;
  @ApiProperty({ description: 'Red flags present and not yet cleared by the occupational doctor' })
  urgentReferral: boolean;
  @ApiProperty({ nullable: true, type: String }) screenedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) redFlagsClearedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) clearanceReason: string | null;
  @ApiProperty({ enum: REHABILITATION_POTENTIALS, nullable: true })
  rehabilitationPotential: RehabilitationPotentialValue | null;
  @ApiProperty() version: number;
}

export class RecommendedComponentDto {
  @ApiProperty({ enum: COMPONENT_CODES }) code: ComponentCode;
  @ApiProperty({ enum: EVIDENCE_GRADES, description: "For the complaint's regions" })
  grade: EvidenceGrade;
  @ApiProperty({ enum: PATHWAY_RULE_IDS }) ruleId: string;
}

export class FiredRuleDto {
  @ApiProperty({ enum: PATHWAY_RULE_IDS }) id: string;
  @ApiProperty() summary: string;
  @ApiProperty() source: string;
}

export class PathwayOverrideDto {
  @ApiProperty({ enum: OVERRIDE_PATHWAYS }) pathway: OverridePathway;
  @ApiProperty() reason: string;
  @ApiProperty() overriddenBy: string;
  @ApiProperty() overriddenAt: string;
  @ApiProperty({
    description: 'An urgent referral suspends an override until the red flags are cleared',
  })
  suspended: boolean;
}

export class PathwayDto {
  @ApiProperty({ enum: PATHWAYS, description: 'What the rules recommend' })
  recommended: (typeof PATHWAYS)[number];
  @ApiProperty({
    enum: PATHWAYS,
    description: 'What applies: the override, unless red flags are pending',
  })
  effective: (typeof PATHWAYS)[number];
  @ApiProperty({ enum: ['low', 'medium', 'high'], nullable: true, type: String })
  chronicityRisk: string | null;
  @ApiProperty({ type: [RecommendedComponentDto] }) components: RecommendedComponentDto[];
  @ApiProperty({ type: [FiredRuleDto], description: 'Every rule that fired, in order' })
  firedRules: FiredRuleDto[];
  @ApiProperty({ enum: TRIAGE_INPUTS, isArray: true }) missingInputs: string[];
  @ApiProperty() evaluatedAt: string;
  @ApiProperty({ type: PathwayOverrideDto, nullable: true }) override: PathwayOverrideDto | null;
  @ApiProperty() version: number;
}

export class RedFlagDto {
  @ApiProperty({ enum: RED_FLAG_CODES }) code: string;
  @ApiProperty() label: string;
  @ApiProperty() category: string;
  @ApiProperty() emergency: boolean;
  @ApiProperty({ enum: BODY_REGIONS, isArray: true }) regions: BodyRegion[];
}
