import { describe, expect, it } from '@jest/globals';
import { Param, Query } from '@nestjs/common';
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
import { queryTypesOf, withValidationLimits } from './openapi-limits.js';

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

  it('writes the limits of a query DTO into the query parameters of the routes that take it', () => {
    class LimitsQuery {
      @IsOptional() @IsInt() @Min(1) @Max(200) limit?: number;
      @IsOptional() @MaxLength(100) q?: string;
      @IsOptional() @IsUUID() employerId?: string;
    }
    class LimitsController {
      list(@Query() query: LimitsQuery, @Query('raw') raw: string) {
        return [query, raw];
      }
      other(@Param('id') id: string) {
        return id;
      }
    }
    const operationId = (controller: string, method: string) =>
      `${controller.replace(/Controller$/, '')}_${method}`;
    const types = queryTypesOf([LimitsController], operationId);
    // Only the whole-query DTO; a named query value and a path parameter are not DTOs.
    expect([...types]).toEqual([['Limits_list', [LimitsQuery]]]);

    const parameter = (name: string, schema: Record<string, unknown>) => ({
      name,
      in: 'query',
      required: false,
      schema,
    });
    const document = withValidationLimits(
      {
        ...documentOf({}),
        paths: {
          '/limits': {
            get: {
              operationId: 'Limits_list',
              parameters: [
                parameter('limit', { type: 'number', maximum: 100 }),
                parameter('q', { type: 'string' }),
                parameter('employerId', { type: 'string' }),
                parameter('raw', { type: 'string' }),
                { name: 'limit', in: 'path', required: true, schema: { type: 'string' } },
              ],
              responses: {},
            },
          },
        },
      } as OpenAPIObject,
      types,
    );
    expect(document.paths['/limits'].get?.parameters).toEqual([
      // A maximum stated by @ApiProperty is kept.
      parameter('limit', { type: 'integer', maximum: 100, minimum: 1 }),
      parameter('q', { type: 'string', maxLength: 100 }),
      parameter('employerId', { type: 'string', format: 'uuid' }),
      parameter('raw', { type: 'string' }),
      { name: 'limit', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });
});
