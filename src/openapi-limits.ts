import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

type Schema = Record<string, unknown>;
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

/**
 * Writes the limits the validation pipe enforces on request bodies (lengths, ranges, integers,
 * dates, sizes of arrays, allowed values, patterns) into the document's schemas, read from the
 * validators themselves so that the two cannot drift apart. A keyword the schema already states
 * (from `@ApiProperty`) is kept; a referenced schema is described where it is defined.
 */
export function withValidationLimits(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const storage = getMetadataStorage();
  for (const target of storage['validationMetadatas'].keys()) {
    const properties = schemas[target.name]?.properties as Record<string, Schema> | undefined;
    if (!properties) continue;
    for (const rule of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const property = properties[rule.propertyName];
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
  return document;
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
