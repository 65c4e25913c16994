import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

type Schema = Record<string, unknown>;
/** The parts of an operation and its parameters read here. */
interface ParameterObject {
  name: string;
  in: string;
  schema?: Schema;
}
interface OperationObject {
  operationId?: string;
  parameters?: (ParameterObject | { $ref: string })[];
}
type Keywords = (constraints: unknown[]) => Schema | undefined;

/** What a validator of a single value says about it, in JSON Schema terms. */
const VALUE_KEYWORDS: Record<string, Keywords> = {
  maxLength: ([max]) => ({ maxLength: max }),
  minLength: ([min]) => ({ minLength: min }),
  max: ([max]) => ({ maximum: max }),
  min: ([min]) => ({ minimum: min }),
  isInt: () => ({ type: 'integer' }),
  isCalendarDate: () => ({ format: 'date' }),
  isUuid: () => ({ format: 'uuid' }),
  isEmail: () => ({ format: 'email' }),
  isIn: ([values]) => (Array.isArray(values) ? { enum: values } : undefined),
  // A JavaScript pattern is an ECMA-262 one, as the document's `pattern` is; one with flags (such
  // as case-insensitivity) cannot be written there and is left out.
  matches: ([pattern]) =>
    pattern instanceof RegExp && pattern.flags.replace(/[gu]/g, '') === ''
      ? { pattern: pattern.source }
      : undefined,
};

/** What a validator of an array says about the array itself. */
const ARRAY_KEYWORDS: Record<string, Keywords> = {
  arrayMaxSize: ([max]) => ({ maxItems: max }),
  arrayMinSize: ([min]) => ({ minItems: min }),
  arrayUnique: () => ({ uniqueItems: true }),
};

/** A class whose properties carry class-validator rules (a body or query DTO). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ValidatedClass = Function;

/**
 * Writes the limits the validation pipe enforces on requests (lengths, ranges, integers, dates,
 * sizes of arrays, allowed values, patterns) into the document, read from the validators
 * themselves so that the two cannot drift apart: into the schemas of request bodies, and into the
 * query parameters of each operation whose query DTO `queryTypes` names (by operation id). A
 * keyword the schema already states (from `@ApiProperty`) is kept; a referenced schema is
 * described where it is defined.
 */
export function withValidationLimits(
  document: OpenAPIObject,
  queryTypes: ReadonlyMap<string, ValidatedClass[]> = new Map(),
): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const target of getMetadataStorage()['validationMetadatas'].keys()) {
    const properties = schemas[target.name]?.properties as Record<string, Schema> | undefined;
    if (properties) applyRules(target, (name) => properties[name]);
  }
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, OperationObject | undefined>)) {
      const types = queryTypes.get(operation?.operationId ?? '');
      if (!operation || !types || !Array.isArray(operation.parameters)) continue;
      const inQuery = new Map(
        operation.parameters
          .filter((parameter): parameter is ParameterObject => 'in' in parameter)
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => [parameter.name, parameter]),
      );
      for (const type of types) applyRules(type, (name) => inQuery.get(name)?.schema);
    }
  }
  return document;
}

/** Each rule of `target` written into the schema `schemaOf` gives for its property. */
function applyRules(
  target: ValidatedClass,
  schemaOf: (property: string) => Schema | undefined,
): void {
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    const property = schemaOf(rule.propertyName);
    const name = rule.name;
    if (!property || !name || rule.type !== 'customValidation') continue;
    const constraints = (rule.constraints ?? []) as unknown[];
    const isArray = property.type === 'array';
    if (ARRAY_KEYWORDS[name]) {
      if (isArray) addKeywords(property, ARRAY_KEYWORDS[name](constraints));
    } else if (VALUE_KEYWORDS[name]) {
      const value = rule.each && isArray ? (property.items as Schema | undefined) : property;
      if (value && !value.$ref && !value.allOf && (rule.each || !isArray))
        addKeywords(value, VALUE_KEYWORDS[name](constraints));
    }
  }
}

/**
 * The query DTO classes of each route (`@Query()` without a name), by operation id, read from the
 * route metadata Nest keeps on the controllers.
 */
export function queryTypesOf(
  controllers: readonly ValidatedClass[],
  operationId: (controller: string, method: string) => string,
): Map<string, ValidatedClass[]> {
  const types = new Map<string, ValidatedClass[]>();
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      if (method === 'constructor' || typeof prototype[method] !== 'function') continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
        string,
        { index: number; data?: unknown }
      >;
      const parameterTypes = (Reflect.getMetadata('design:paramtypes', prototype, method) ??
        []) as unknown[];
      const queries = Object.entries(args)
        .filter(([key, arg]) => key.split(':')[0] === String(RouteParamtypes.QUERY) && !arg.data)
        .map(([, arg]) => parameterTypes[arg.index])
        .filter((type): type is ValidatedClass => typeof type === 'function' && type !== Object);
      if (queries.length) types.set(operationId(controller.name, method), queries);
    }
  }
  return types;
}

function addKeywords(schema: Schema, keywords: Schema | undefined): void {
  for (const [keyword, value] of Object.entries(keywords ?? {})) {
    if (keyword === 'type') {
      // An integer is a number: the stated type is narrowed, never changed to another.
      if (schema.type === 'number') schema.type = value;
    } else if (!(keyword in schema)) {
      schema[keyword] = value;
    }
  }
}
