import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from './common/http/calendar-date.js';
import { withValidationLimits } from './openapi-limits.js';

class LimitsNestedDto {
  @IsInt() @Min(0) level: number;
}

class LimitsProbeDto {
  @IsString() @MaxLength(40) name: string;
  @IsOptional() @IsInt() @Min(1) @Max(5) score?: number;
  @IsArray() @ArrayMaxSize(3) @ArrayUnique() @MaxLength(12, { each: true }) tags: string[];
  @IsIn(['left', 'right']) side: string;
  @Matches(/^\d{6}$/) code: string;
  @Matches(/^ab/i) caseless: string;
  @IsCalendarDate() on: string;
  @IsUUID() ownerId: string;
  @MaxLength(4000) note: string;
  @ValidateNested() nested: LimitsNestedDto;
}

class LimitsChildDto extends LimitsNestedDto {
  @IsInt() extra: number;
}

const documentOf = (schemas: Record<string, unknown>): OpenAPIObject =>
  ({
    openapi: '3.0.0',
    info: { title: 'probe', version: '1' },
    paths: {},
    components: { schemas },
  }) as OpenAPIObject;

describe('request limits in the OpenAPI document', () => {
  it('writes what the validators enforce into the schema of each request body', () => {
    const document = withValidationLimits(
      documentOf({
        [LimitsProbeDto.name]: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            score: { type: 'number' },
            tags: { type: 'array', items: { type: 'string' } },
            side: { type: 'string' },
            code: { type: 'string' },
            caseless: { type: 'string' },
            on: { type: 'string' },
            ownerId: { type: 'string' },
            // Stated by @ApiProperty: kept.
            note: { type: 'string', maxLength: 500 },
            nested: { $ref: '#/components/schemas/LimitsNestedDto' },
          },
        },
        LimitsNestedDto: { type: 'object', properties: { level: { type: 'number' } } },
        [LimitsChildDto.name]: {
          type: 'object',
          properties: { level: { type: 'number' }, extra: { type: 'number' } },
        },
      }),
    );
    const schemas = document.components?.schemas as Record<
      string,
      { properties: Record<string, unknown> }
    >;
    expect(schemas.LimitsProbeDto.properties).toEqual({
      name: { type: 'string', maxLength: 40 },
      score: { type: 'integer', minimum: 1, maximum: 5 },
      tags: {
        type: 'array',
        maxItems: 3,
        uniqueItems: true,
        items: { type: 'string', maxLength: 12 },
      },
      side: { type: 'string', enum: ['left', 'right'] },
      code: { type: 'string', pattern: '^\\d{6}$' },
      // A case-insensitive pattern cannot be written as a JSON Schema pattern.
      caseless: { type: 'string' },
      on: { type: 'string', format: 'date' },
      ownerId: { type: 'string', format: 'uuid' },
      note: { type: 'string', maxLength: 500 },
      nested: { $ref: '#/components/schemas/LimitsNestedDto' },
    });
    // A referenced schema gets its limits where it is defined; a subclass also those inherited.
    expect(schemas.LimitsNestedDto.properties.level).toEqual({ type: 'integer', minimum: 0 });
    expect(schemas.LimitsChildDto.properties).toEqual({
      level: { type: 'integer', minimum: 0 },
      extra: { type: 'integer' },
    });
  });

  it('leaves schemas without validators, and properties the document does not have, alone', () => {
    const untouched = { type: 'object', properties: { name: { type: 'string' } } };
    const document = withValidationLimits(
      documentOf({
        SomeResponseDto: structuredClone(untouched),
        LimitsNestedDto: { type: 'object', properties: {} },
      }),
    );
    expect(document.components?.schemas).toEqual({
      SomeResponseDto: untouched,
      LimitsNestedDto: { type: 'object', properties: {} },
    });
  });
});
