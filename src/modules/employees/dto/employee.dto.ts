import { PageQuery } from '../../../common/http/page-query.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
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
import { PHYSICAL_DEMANDS, type PhysicalDemand } from '../entities/employee.entity.js';
import { Trimmed } from '../../../common/http/trimmed.js';

/** What HR, the employee and the care team see of an employee: functional data only. */
export class EmployeeDto {
  @ApiProperty() id: string;
  @ApiProperty() employerId: string;
  @ApiProperty() employeeNumber: string;
  @ApiProperty() fullName: string;
  @ApiProperty() birthYear: number;
  @ApiProperty({ description: 'Contract hours per week' }) contractHours: number;
  @ApiProperty() jobTitle: string;
  @ApiProperty({ enum: PHYSICAL_DEMANDS, isArray: true }) physicalDemands: PhysicalDemand[];
  @ApiProperty({ nullable: true, type: String }) department: string | null;
  @ApiProperty({ description: 'Whether the employee has an account of their own' })
  hasAccount: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String, example: null }) leftOn: string | null;
  @ApiProperty() version: number;
}

export class EmployeePageDto {
  @ApiProperty({ type: [EmployeeDto] }) items: EmployeeDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class CreateEmployeeDto {
  @ApiPropertyOptional({ description: 'HR enrols for its own employer; defaults to it' })
  @IsOptional()
  @IsUUID('4')
  employerId?: string;

  @ApiProperty({ example: 'E-10442', description: 'Unique within the employer' })
  @Trimmed()
  @IsString()
  @Matches(/^[A-Za-z0-9._/-]{1,40}$/, {
    message: 'employeeNumber must be 1-40 letters, digits or . _ / -',
  })
  employeeNumber: string;

  @ApiProperty({ example: 'An Peeters' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 1984 })
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear: number;

  @ApiProperty({ example: 38, description: 'Contract hours per week, up to 60' })
  @IsDecimal(1)
  @Min(0.5)
  @Max(60)
  contractHours: number;

  @ApiProperty({ example: 'Teacher' })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  jobTitle: string;

  @ApiPropertyOptional({ enum: PHYSICAL_DEMANDS, isArray: true, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PHYSICAL_DEMANDS.length)
  @ArrayUnique()
  @IsIn(PHYSICAL_DEMANDS, { each: true })
  physicalDemands?: PhysicalDemand[];

  @ApiPropertyOptional({ example: 'Campus Noord' })
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(200)
  department?: string;
}

export class UpdateEmployeeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDecimal(1)
  @Min(0.5)
  @Max(60)
  contractHours?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  jobTitle?: string;

  @ApiPropertyOptional({ enum: PHYSICAL_DEMANDS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PHYSICAL_DEMANDS.length)
  @ArrayUnique()
  @IsIn(PHYSICAL_DEMANDS, { each: true })
  physicalDemands?: PhysicalDemand[];

  @ApiPropertyOptional()
  @IsOptional()
  @Trimmed()
  @IsString()
  @MaxLength(200)
  department?: string;
}

export class DeactivateEmployeeDto {
  @ApiProperty({ example: '2026-12-31', description: 'Last day of employment' })
  @IsCalendarDate()
  leftOn: string;
}

export class ListEmployeesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name or the employee number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({
    description: 'true: current employees only (default); false: leavers only',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean = true;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  department?: string;
}

export class AccessLogEntryDto {
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The practice, health service or employer the person acted for',
  })
  actorOrganisation: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'BIG 12345678901',
    description: 'The professional registration of a physiotherapist or doctor',
  })
  actorRegistration: string | null;
  @ApiProperty({ example: 'episode.read' }) action: string;
  @ApiProperty({ enum: ['allowed', 'denied', 'failed'] }) outcome: string;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items: AccessLogEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
