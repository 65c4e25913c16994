import { PageQuery } from '../../../common/http/page-query.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsCalendarDate } from '../../../common/http/calendar-date.js';
import { IsDecimal } from '../../../common/http/decimal-number.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../entities/organisation.entity.js';
import { Trimmed } from '../../../common/http/trimmed.js';
import { NUTS_CODES } from '../nuts.js';

const REGION_DESCRIPTION =
  'NUTS 2021 level-1 region of the employer, required for employers: BE1 (Brussels), BE2 (Vlaams Gewest), BE3 (Région wallonne), NL1 (Noord-), NL2 (Oost-), NL3 (West-) or NL4 (Zuid-Nederland). Sector reports group employers by it';
const REGION_MESSAGE = `region must be a NUTS 2021 level-1 code of Belgium or the Netherlands: ${NUTS_CODES.join(', ')}`;

export class NaceDto {
  @ApiProperty({ example: 'P' }) section: string;
  @ApiProperty({ example: '85.31' }) code: string;
  @ApiProperty({ example: 'NACE_REV2' }) version: string;
}

export class OrganisationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty() name: string;
  @ApiProperty({ type: NaceDto, nullable: true, description: 'Employers only' })
  nace: NaceDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'BE2',
    description:
      'NUTS 2021 level-1 region; employers only (null for an employer made before regions were recorded, until it is next changed)',
  })
  region: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Vlaams Gewest' })
  regionName: string | null;
  @ApiProperty({ description: 'Send as If-Match (ETag) to change the organisation' })
  version: number;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] }) items: OrganisationDto[];
  @ApiProperty({ description: 'All matches, not just this page' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Part of the name, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class CreateOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    description: 'NACE Rev. 2 code, required for employers',
    example: '85.31',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{2}(\.\d{1,2})?$/, { message: 'naceCode must be a NACE Rev. 2 code such as 85.31' })
  naceCode?: string;

  @ApiPropertyOptional({ enum: NUTS_CODES, description: REGION_DESCRIPTION })
  @IsOptional()
  @IsIn(NUTS_CODES, { message: REGION_MESSAGE })
  region?: string;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '85.31' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{2}(\.\d{1,2})?$/, { message: 'naceCode must be a NACE Rev. 2 code such as 85.31' })
  naceCode?: string;

  @ApiPropertyOptional({ enum: NUTS_CODES, description: REGION_DESCRIPTION })
  @IsOptional()
  @IsIn(NUTS_CODES, { message: REGION_MESSAGE })
  region?: string;
}

export class HeadcountDto {
  @ApiProperty({ example: '2026-10-01', description: 'First day of the month' }) month: string;
  @ApiProperty({ example: 412.5 }) fte: number;
}

export class PutHeadcountDto {
  @ApiProperty({ example: 412.5, minimum: 0, maximum: 10_000_000 })
  @IsDecimal(2)
  @Min(0)
  @Max(10_000_000)
  fte: number;
}

export class ServiceContractDto {
  @ApiProperty() id: string;
  @ApiProperty() healthServiceId: string;
  @ApiProperty() employerId: string;
  @ApiProperty({ example: '2026-01-01' }) validFrom: string;
  @ApiProperty({ type: String, nullable: true, example: null }) validTo: string | null;
}

export class CreateServiceContractDto {
  @ApiProperty() @IsUUID('4') healthServiceId: string;
  @ApiProperty() @IsUUID('4') employerId: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  validFrom: string;

  @ApiPropertyOptional({ example: '2027-12-31' })
  @IsOptional()
  @IsCalendarDate()
  validTo?: string;
}
