import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IMPORT_STATUSES, type ImportStatus } from '../entities/employee-import.entity.js';

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Line in the file (the header is line 1)' }) line: number;
  @ApiProperty({ nullable: true, type: String, description: 'The column, when one is at fault' })
  field: string | null;
  @ApiProperty() reason: string;
}

export class ImportFailureDto {
  @ApiProperty() field: string;
  @ApiProperty() message: string;
}

export class EmployeeImportDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty({ enum: IMPORT_STATUSES }) status: ImportStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'Data rows in the file, once read' })
  totalRows: number | null;
  @ApiProperty({ description: 'Rows handled so far: progress is processedRows / totalRows' })
  processedRows: number;
  @ApiProperty() createdCount: number;
  @ApiProperty() updatedCount: number;
  @ApiProperty({ description: 'Rows equal to the employee already stored: nothing changed' })
  unchangedCount: number;
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [ImportRowErrorDto], description: 'Every bad row with its line and reason' })
  errors: ImportRowErrorDto[];
  @ApiProperty({ type: ImportFailureDto, nullable: true, description: 'Why the file was refused' })
  failure: ImportFailureDto | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class EmployeeImportSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty({ enum: IMPORT_STATUSES }) status: ImportStatus;
  @ApiProperty({ nullable: true, type: Number }) totalRows: number | null;
  @ApiProperty() processedRows: number;
  @ApiProperty() createdCount: number;
  @ApiProperty() updatedCount: number;
  @ApiProperty() unchangedCount: number;
  @ApiProperty() errorCount: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class EmployeeImportPageDto {
  @ApiProperty({ type: [EmployeeImportSummaryDto] }) items: EmployeeImportSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class StartImportQuery {
  @ApiPropertyOptional({
    example: 'personeel-2026-11.csv',
    description: 'Shown in the import list',
  })
  @IsOptional()
  // Printable characters only (no control characters), and no slashes.
  @Matches(/^[^/\\\p{Cc}]{1,200}$/u, {
    message: 'fileName must be 1-200 characters without slashes or control characters',
  })
  fileName?: string;
}
