import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { JSON_LIMITS } from '../../src/common/http/json-body.js';
import { sampleEmployeeCsv } from '../../src/dev/sample-employee-csv.js';

/**
 * Requests generated from the committed OpenAPI document, and the checks every answer must pass:
 * the status and body the document declares, no stack trace and no SQL. Values are mostly what
 * the schema asks for (so requests get past validation and into the services), mixed with hostile
 * ones at every level.
 */

type Json = Record<string, unknown>;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Json;
}

interface ResponseDoc {
  description?: string;
  content?: Record<string, { schema?: Json }>;
}

export interface ApiOperation {
  method: HttpMethod;
  /** As the document writes it: `/episodes/{id}/plans/{number}`. */
  path: string;
  operationId: string;
  parameters: ParameterDoc[];
  /** Media type and schema of the body, when the operation takes one. */
  body?: { mediaType: string; schema: Json; required: boolean };
  responses: Record<string, ResponseDoc>;
  isPublic: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<HttpMethod, Json>>>;
  components: { schemas: Record<string, Json> };
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export function readOpenApi(file = 'openapi.json'): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Every operation of the document, in its order. */
export function listOperations(document: OpenApiDocument): ApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method] as Json;
      const content = (operation.requestBody as { content?: Record<string, { schema: Json }> })
        ?.content;
      const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
      return {
        method,
        path,
        operationId: operation.operationId as string,
        parameters: (operation.parameters as ParameterDoc[] | undefined) ?? [],
        body: mediaType
          ? {
              mediaType,
              schema: media.schema,
              required: (operation.requestBody as { required?: boolean }).required === true,
            }
          : undefined,
        responses: operation.responses as Record<string, ResponseDoc>,
        isPublic: !operation.security,
      };
    }),
  );
}

/** `/episodes/{id}` as Express writes it: `/episodes/:id`. */
export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

// --- Answers -------------------------------------------------------------------------------

/** Keywords whose values are data, not schemas: left as they are. */
const DATA_KEYWORDS = new Set(['enum', 'default', 'required', 'const']);

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a union with null (Ajv's own reading of
 * `nullable` still applies `allOf` and `enum` to null), examples go, and references point into
 * the document stored in Ajv as `openapi`.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const converted: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'example') continue;
    converted[key] =
      key === '$ref'
        ? (value as string).replace('#/components/schemas/', 'openapi#/components/schemas/')
        : key === 'properties'
          ? mapValues(value as Json, toJsonSchema)
          : DATA_KEYWORDS.has(key)
            ? value
            : toJsonSchema(value);
  }
  return (schema as Json).nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

const mapValues = (object: Json, map: (value: unknown) => unknown): Json =>
  Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text, when it is text. */
  text?: string;
  body: unknown;
}

/** Checks answers against what the document declares for their operation and status. */
export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  /** Compiled once per schema text: most operations share the problem-details one. */
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly validatorOf = new WeakMap<Json, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(
      { components: { schemas: mapValues(document.components.schemas, toJsonSchema) } },
      'openapi',
    );
  }

  problems(operation: ApiOperation, answer: HttpAnswer): string[] {
    const declared =
      operation.responses[String(answer.status)] ??
      operation.responses[`${String(answer.status)[0]}XX`] ??
      operation.responses.default;
    if (!declared) return [`status ${answer.status} is not declared`];
    const mediaType = String(answer.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const content = declared.content ?? {};
    if (!Object.keys(content).length) {
      const length = answer.text?.length ?? (Buffer.isBuffer(answer.body) ? answer.body.length : 0);
      return length ? [`status ${answer.status} is declared without a body but has one`] : [];
    }
    const media = content[mediaType];
    if (!media) {
      return [
        `content type "${mediaType}" is not declared for ${answer.status} (declared: ${Object.keys(content).join(', ')})`,
      ];
    }
    if (!mediaType.endsWith('json') || !media.schema) return [];
    const validate = this.validatorFor(media.schema);
    const problems: string[] = [];
    if (!validate(answer.body)) {
      problems.push(
        `body does not match the declared schema: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`,
      );
    }
    if (mediaType === 'application/problem+json') {
      const problem = answer.body as { status?: unknown; code?: unknown; errors?: unknown[] };
      if (problem.status !== answer.status)
        problems.push(`problem status ${String(problem.status)} is not the HTTP status`);
      if (problem.code === 'validation_failed' && !problem.errors?.length)
        problems.push('a validation error that names no field');
    }
    return problems;
  }

  private validatorFor(schema: Json): ValidateFunction {
    let validate = this.validatorOf.get(schema);
    if (validate) return validate;
    const key = JSON.stringify(schema);
    validate = this.validators.get(key) ?? this.ajv.compile(toJsonSchema(schema) as Json);
    this.validators.set(key, validate);
    this.validatorOf.set(schema, validate);
    return validate;
  }
}

const LEAKS: [string, RegExp][] = [
  ['a stack trace', /at .*\(.*:\d+:\d+\)/],
  ['a module path', /node_modules/],
  ['SQL', /\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET)\b/i],
  ['a TypeORM error', /QueryFailedError|EntityNotFound|TypeORMError/],
  ['a database error', /violates|syntax error at|invalid input syntax|out of range for/i],
];

/**
 * What an answer gives away. Text the requests themselves sent is taken out first: a name stored
 * as "SELECT 1 FROM x" comes back in lists, and is no leak.
 */
export function leaksIn(text: string, sent: Iterable<string>): string[] {
  let rest = text;
  // Longest first: taking out a short value ("u") first would break a longer one that holds it.
  const values = [...new Set(sent)].filter(Boolean).sort((a, b) => b.length - a.length);
  for (const value of values) {
    if (rest.includes(value)) rest = rest.split(value).join('');
  }
  return LEAKS.filter(([, pattern]) => pattern.test(rest)).map(([name]) => name);
}

/** Whether a sent string would look like a leak if it came back (then it is remembered). */
export const looksLikeLeak = (value: string): boolean =>
  LEAKS.some(([, pattern]) => pattern.test(value));

// --- Values --------------------------------------------------------------------------------

/** Marks a property to leave out of the object being built. */
const OMIT = Symbol('omit');

const HUGE_STRING = 'Ω'.repeat(10) + 'x'.repeat(100_000);
const HUGE_ARRAY = Array.from({ length: 10_000 }, (_, i) => i);
const HUGE_OBJECT_ARRAY = Array.from({ length: 1_000 }, (_, i) => ({ index: i, value: 'v' }));

/** An own `__proto__` key, as JSON.parse makes it (an object literal would set the prototype). */
const withOwnKey = (key: string, value: unknown): Json => {
  const object: Json = {};
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return object;
};

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  '0x1F',
  'true',
  '[]',
  '{}',
  '2026-02-31',
  '2026-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-00-10',
  '0000-00-00',
  '31/02/2026',
  '2026-02-31T10:00:00Z',
  '+275760-09-13',
  '99999-12-31',
  "' OR '1'='1",
  "'; DROP TABLE employee; --",
  '1; SELECT pg_sleep(0) FROM app_user',
  '%',
  '%00',
  '\u0000',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'not_a_known_value',
  'ÉPISODE',
  '😀🏳️‍🌈',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\u202Eevil',
  '<script>alert(1)</script>',
  '{"$gt": ""}',
  '${7*7}',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Values at the size limits: one in fifteen hostile values, as they cost the most to send. */
const hugeValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  HUGE_STRING,
  HUGE_ARRAY,
  HUGE_OBJECT_ARRAY,
  deeplyNested(100),
);

/** Anything a client could put where a value is expected. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      -0.5,
      1.5,
      1e308,
      -1e308,
      2 ** 31,
      2 ** 53 + 2,
      Number.MIN_VALUE,
      [],
      [null],
      {},
      [1, 'two', { three: 3 }],
      { toString: 'x', valueOf: 1 },
      withOwnKey('__proto__', { polluted: true }),
      withOwnKey('constructor', { prototype: { polluted: true } }),
    ),
  },
  { weight: 2, arbitrary: fc.double() }, // NaN and ±Infinity are sent as null
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: hugeValue },
);

const dateText = (date: Date) => date.toISOString().slice(0, 10);

/** Real dates near the platform's dates (episodes of 2025 to 2027). */
const realDate = fc
  .date({ min: new Date('2025-06-01'), max: new Date('2027-12-31'), noInvalidDate: true })
  .map(dateText);

/** Dates real and impossible, near and far. */
const dateValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: realDate },
  {
    weight: 1,
    arbitrary: fc
      .date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true })
      .map(dateText),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-02-31',
      '2026-02-30',
      '2025-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-11-00',
      '2026-1-5',
      '20261130',
      '2026-11-30T00:00:00Z',
      '0001-01-01',
      '9999-12-31',
      '1970-01-01',
    ),
  },
);

const emailValue = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom('nobody@unknown.test', 'NOBODY@UNKNOWN.TEST ', 'a@b', '@', 'x@y.z'.repeat(60)),
);

/** Real identifiers for fields and path parameters, by name; others get random uuids. */
export type IdPools = (name: string, path: string) => readonly string[];

export interface GenerationContext {
  document: OpenApiDocument;
  ids: IdPools;
  /** The path of the operation, so `id` can be told apart (`/users/{id}`, `/episodes/{id}`). */
  path: string;
}

/**
 * How a request is made: a clean one keeps to the schema (required fields there, known values,
 * real dates) so that it reaches the service behind the validation; a hostile one does not.
 */
interface Generation extends GenerationContext {
  hostile: boolean;
}

const EXTRA_KEYS = [
  'role',
  'employerId',
  'version',
  'createdBy',
  'id',
  'diagnosis',
  'isAdmin',
  'unknownField',
];

const resolve = (document: OpenApiDocument, schema: Json): Json => {
  const ref = schema.$ref as string | undefined;
  if (ref) return document.components.schemas[ref.split('/').pop() as string];
  const allOf = schema.allOf as Json[] | undefined;
  if (allOf?.length === 1) return { ...resolve(document, allOf[0]), ...schema, allOf: undefined };
  return schema;
};

const looksLikeDate = (name: string, schema: Json) =>
  (typeof schema.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(schema.example)) ||
  /(Date|On|From|To|Return|^from$|^month$|^weekStart$)$/.test(name);

/** A value of the schema, or near it, or (in a hostile request) sometimes anything at all. */
function valueFor(
  context: Generation,
  schema: Json | undefined,
  name: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const valid = validValueFor(context, schema ?? {}, name, depth);
  if (!context.hostile) return valid;
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

function validValueFor(
  context: Generation,
  raw: Json,
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  const schema = resolve(context.document, raw);
  const oneOf = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (oneOf?.length)
    return fc.oneof(...oneOf.map((option) => validValueFor(context, option, name, depth)));
  const enumeration = schema.enum as unknown[] | undefined;
  if (enumeration?.length) {
    if (!context.hostile) return fc.constantFrom(...enumeration);
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...enumeration) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('unknown_value', String(enumeration[0]).toUpperCase()),
      },
    );
  }
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      return stringFor(context, schema, name);
    case 'number':
    case 'integer':
      return numberFor(schema, context.hostile);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const maxItems = Math.min(Number(schema.maxItems ?? 4), 4);
      if (depth > 4) return fc.constant([]);
      return fc.array(valueFor(context, (schema.items as Json) ?? {}, name, depth + 1), {
        maxLength: maxItems,
      });
    }
    case 'object':
      return objectFor(context, schema, depth);
    default:
      if (schema.example !== undefined) return fc.constant(schema.example);
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
  }
}

function stringFor(context: Generation, schema: Json, name: string): fc.Arbitrary<unknown> {
  const ids = context.ids(name, context.path);
  if (schema.format === 'uuid' || /(^id$|Id$)/.test(name)) {
    return fc.oneof(
      { weight: ids.length ? 5 : 0, arbitrary: fc.constantFrom(...(ids.length ? ids : [''])) },
      { weight: 2, arbitrary: fc.uuid() },
      {
        weight: context.hostile ? 1 : 0,
        arbitrary: fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000'),
      },
    );
  }
  if (looksLikeDate(name, schema)) return context.hostile ? dateValue : realDate;
  if (/email/i.test(name)) return context.hostile ? emailValue : fc.emailAddress();
  if (/password/i.test(name)) {
    const long = fc.string({ minLength: 12, maxLength: 40 });
    return context.hostile ? fc.oneof(long, fc.constant('short')) : long;
  }
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Math.max(minLength, Math.min(Number(schema.maxLength ?? 60), 60));
  const text = fc.string({ minLength, maxLength, unit: 'grapheme' });
  if (typeof schema.example !== 'string') return text;
  // The example, also made unique (an employee number, a name), or any text.
  return fc.oneof(
    fc.constant(schema.example),
    fc.stringMatching(/^[A-Z0-9]{1,6}$/).map((suffix) => `${String(schema.example)}${suffix}`),
    text,
  );
}

function numberFor(schema: Json, hostile: boolean): fc.Arbitrary<unknown> {
  const example = typeof schema.example === 'number' ? schema.example : undefined;
  const spread = Math.max(5, Math.abs(example ?? 0) / 20);
  const min =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : example === undefined
        ? -5
        : example - spread;
  const max =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : example === undefined
        ? 200
        : example + spread;
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) },
    { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) },
    {
      weight: hostile ? 1 : 0,
      arbitrary: fc.constantFrom(
        min - 1,
        max + 1,
        0,
        1,
        2,
        ...(example === undefined ? [] : [example]),
      ),
    },
  );
}

function objectFor(context: Generation, schema: Json, depth: number): fc.Arbitrary<Json> {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const additional = schema.additionalProperties;
  const keys = Object.keys(properties);
  const entries = keys.map((key) =>
    fc.oneof(
      {
        weight: required.has(key) ? 12 : 4,
        arbitrary: valueFor(context, properties[key], key, depth + 1),
      },
      {
        weight: required.has(key) ? (context.hostile ? 1 : 0) : 3,
        arbitrary: fc.constant<unknown>(OMIT),
      },
    ),
  );
  const extras =
    additional && depth < 3
      ? fc.dictionary(
          context.hostile
            ? fc.oneof(
                fc.string({ minLength: 1, maxLength: 20 }),
                fc.constantFrom(...HOSTILE_STRINGS),
              )
            : fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/),
          additional === true
            ? fc.oneof(
                fc.integer({ min: -2, max: 12 }),
                fc.boolean(),
                ...(context.hostile ? [hostileValue] : []),
              )
            : valueFor(context, additional as Json, 'value', depth + 1),
          { maxKeys: 6 },
        )
      : !context.hostile
        ? fc.constant<Json>({})
        : fc.oneof(
            { weight: 8, arbitrary: fc.constant<Json>({}) },
            {
              weight: 1,
              arbitrary: fc
                .tuple(fc.constantFrom(...EXTRA_KEYS, '__proto__', 'constructor'), hostileValue)
                .map(([key, value]) => withOwnKey(key, value)),
            },
          );
  return fc.tuple(fc.tuple(...entries), extras).map(([values, extra]) => {
    const object: Json = {};
    for (const [key, value] of Object.entries(extra)) setOwn(object, key, value);
    values.forEach((value, index) => {
      if (value !== OMIT) setOwn(object, keys[index], value);
    });
    return object;
  });
}

const setOwn = (object: Json, key: string, value: unknown) =>
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });

// --- Requests ------------------------------------------------------------------------------

export interface GeneratedRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  /** Sent as JSON, or as raw text/bytes with its own content type. */
  body?: { json: unknown } | { raw: string | Buffer; contentType: string };
}

const MALFORMED_IDS = [
  'not-a-uuid',
  '123',
  '0',
  '-1',
  '1.5',
  '2147483648',
  '99999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-1fff-8fff-ffffffffffff',
  'F3A1C2D4-0B5E-4C6D-8E7F-9A0B1C2D3E4F',
  '{3fa85f64-5717-4562-b3fc-2c963f66afa6}',
  "1' OR '1'='1",
  'null',
  '%E0%A4%A',
  '..%2F..%2Fadmin',
  '😀',
  'x'.repeat(2_000),
];

const headerText = fc.stringMatching(/^[!-~][ -~]{0,60}$/);

function pathValue(
  context: Generation,
  parameter: ParameterDoc,
): fc.Arbitrary<string | { raw: string }> {
  const schema = resolve(context.document, parameter.schema ?? {});
  const ids = context.ids(parameter.name, context.path);
  const malformed = fc.constantFrom(...MALFORMED_IDS).map((value) =>
    // A broken percent-encoding goes out as it is, to reach the server's URL decoding.
    value.includes('%') ? { raw: value } : value,
  );
  const hostility = context.hostile ? 1 : 0;
  if (ids.length) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...ids) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 2 * hostility, arbitrary: malformed },
    );
  }
  const valid = validValueFor(context, schema, parameter.name, 0).map((value) => String(value));
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    {
      weight: hostility,
      arbitrary: fc.constantFrom('0', '-1', '1.5', '1e3', '99999999999', '2147483648'),
    },
    { weight: 2 * hostility, arbitrary: malformed },
  );
}

/**
 * Node refuses a request line and headers over 16 KB before the application sees them (431), so
 * the query stays within 8 KB: long values, not huge ones, go in the URL.
 */
const QUERY_LIMIT = 8_000;

/** A query value as the URL carries it: repeated for arrays, bracketed for objects. */
function queryPairs(name: string, value: unknown): string[] {
  const encode = (text: string) => encodeURIComponent(text.slice(0, 3_000));
  if (value === undefined || value === OMIT) return [];
  if (value === null) return [encode(name)];
  if (Array.isArray(value)) return value.slice(0, 50).flatMap((item) => queryPairs(name, item));
  if (typeof value === 'object')
    return Object.entries(value as Json)
      .slice(0, 10)
      .flatMap(([key, item]) => queryPairs(`${name}[${key}]`, item));
  return [`${encode(name)}=${encode(String(value))}`];
}

const CSV_HEADER =
  'employee_number,full_name,birth_year,contract_hours,job_title,physical_demands,department';

/** Employee files: the sample with its bad rows, rows of hostile cells, and files that are no CSV. */
const csvBody = fc.oneof(
  fc.constant(sampleEmployeeCsv(8, 0.5).text),
  fc
    .array(
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom(...HOSTILE_STRINGS.filter((value) => value.length < 100)),
        ),
        { maxLength: 9 },
      ),
      { maxLength: 8 },
    )
    .map((rows) => `${CSV_HEADER}\n${rows.map((cells) => cells.join(',')).join('\n')}`),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constant(''),
  fc.constant(`${CSV_HEADER}\n${'"unterminated'.repeat(1_000)}`),
);

const malformedJson = fc.constantFrom(
  '{',
  '{"a": }',
  '[1, 2',
  'null',
  '"just a string"',
  '12',
  '{"__proto__": {"polluted": true}}',
  '{"a": 1, "a": 2}',
  '\u0000',
);

/**
 * JSON bodies beyond the platform's limits (JSON_LIMITS: nesting depth, members of one object or
 * array), just past them and far past them, within the body size limit. Every operation refuses
 * each with 400 before parsing it, whoever sends it.
 */
export const OVER_LIMIT_JSON: readonly { name: string; text: string }[] = (() => {
  const { depth, members } = JSON_LIMITS;
  const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const keys = (count: number) => Array.from({ length: count }, (_, i) => `"k${i}":${i}`);
  return [
    { name: `nested ${depth + 1} deep`, text: nested(depth + 1) },
    { name: 'nested 100,000 deep', text: '['.repeat(100_000) + ']'.repeat(100_000) },
    { name: `an object of ${members + 1} keys`, text: `{${keys(members + 1).join(',')}}` },
    {
      name: `a field holding an array of ${members + 1} members`,
      text: `{"items":[${Array(members + 1)
        .fill('"x"')
        .join(',')}]}`,
    },
    // The widest object that fits in 1 MB: 200,000 members (the same key over and over).
    { name: 'an object of 200,000 members', text: `{${Array(200_000).fill('"":0').join(',')}}` },
  ];
})();

/**
 * Requests for the operation: one in three clean (kept to the schema, so they reach the service),
 * the others hostile at every level: path, query, headers and body.
 */
export function requestFor(
  context: GenerationContext,
  operation: ApiOperation,
): fc.Arbitrary<GeneratedRequest> {
  return fc.oneof(
    { weight: 1, arbitrary: requestOf({ ...context, hostile: false }, operation) },
    { weight: 2, arbitrary: requestOf({ ...context, hostile: true }, operation) },
  );
}

function requestOf(context: Generation, operation: ApiOperation): fc.Arbitrary<GeneratedRequest> {
  const hostility = context.hostile ? 1 : 0;
  const byLocation = (location: ParameterDoc['in']) =>
    operation.parameters.filter((parameter) => parameter.in === location);
  const pathParameters = byLocation('path');
  const queryParameters = byLocation('query');
  const headerParameters = byLocation('header');

  const path = fc
    .tuple(...pathParameters.map((parameter) => pathValue(context, parameter)))
    .map((values) =>
      values.reduce<string>((built, value, index) => {
        const text = typeof value === 'string' ? encodeURIComponent(value) : value.raw;
        return built.replace(`{${pathParameters[index].name}}`, text);
      }, operation.path),
    );

  const query = fc
    .tuple(
      ...queryParameters.map((parameter) =>
        fc.oneof(
          {
            weight: parameter.required ? 8 : 3,
            arbitrary: valueFor(context, parameter.schema, parameter.name),
          },
          { weight: parameter.required ? hostility : 1, arbitrary: fc.constant<unknown>(OMIT) },
        ),
      ),
      fc.oneof(
        { weight: 8, arbitrary: fc.constant<string[]>([]) },
        {
          weight: hostility,
          arbitrary: fc.constantFrom(['unknown=1'], ['__proto__[polluted]=1'], ['limit=1&limit=2']),
        },
      ),
    )
    .map((values) => {
      const extra = values.pop() as string[];
      let query = '';
      for (const pair of [
        ...values.flatMap((value, index) => queryPairs(queryParameters[index].name, value)),
        ...extra,
      ]) {
        if (query.length + pair.length + 1 > QUERY_LIMIT) break;
        query = query ? `${query}&${pair}` : pair;
      }
      return query;
    });

  const headers = fc
    .tuple(
      ...headerParameters.map((parameter) => {
        const realistic =
          parameter.name.toLowerCase() === 'if-match'
            ? fc.oneof(
                fc.integer({ min: 1, max: 6 }).map((version) => `W/"${version}"`),
                fc.constantFrom('"1"', 'W/"0"', 'W/"999999999"', 'W/"9999999999"', '*', 'W/1'),
              )
            : fc.oneof(
                fc.uuid(),
                fc.constantFrom('retry-1', 'retry-2', 'bad key with spaces', 'k'.repeat(201)),
              );
        return fc.oneof(
          { weight: 6, arbitrary: realistic },
          { weight: 2 * hostility, arbitrary: headerText },
          {
            weight: parameter.required ? hostility : 3,
            arbitrary: fc.constant<string | typeof OMIT>(OMIT),
          },
        );
      }),
    )
    .map((values) => {
      const built: Record<string, string> = {};
      values.forEach((value, index) => {
        if (value !== OMIT) built[headerParameters[index].name] = value as string;
      });
      return built;
    });

  const body: fc.Arbitrary<GeneratedRequest['body']> = !operation.body
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: hostility, arbitrary: hostileValue.map((json) => ({ json })) },
      )
    : operation.body.mediaType === 'text/csv'
      ? fc.oneof(
          { weight: 6, arbitrary: csvBody.map((raw) => ({ raw, contentType: 'text/csv' })) },
          { weight: hostility, arbitrary: hostileValue.map((json) => ({ json })) },
          { weight: hostility, arbitrary: fc.constant(undefined) },
        )
      : fc.oneof(
          {
            weight: 10,
            arbitrary: validValueFor(context, operation.body.schema, 'body', 0).map((json) => ({
              json,
            })),
          },
          { weight: 2 * hostility, arbitrary: hostileValue.map((json) => ({ json })) },
          {
            weight: hostility,
            arbitrary: malformedJson.map((raw) => ({ raw, contentType: 'application/json' })),
          },
          {
            weight: hostility,
            arbitrary: fc.constantFrom(
              { raw: 'name=x&kind=employer', contentType: 'application/x-www-form-urlencoded' },
              { raw: 'plain text', contentType: 'text/plain' },
              { raw: '<a/>', contentType: 'application/xml' },
            ),
          },
          { weight: hostility, arbitrary: fc.constant(undefined) },
        );

  return fc.record({ path, query, headers, body }).map((generated) => {
    // Counterexamples print short: a 100,000-character value would bury the report.
    Object.defineProperty(generated, fc.toStringMethod, {
      value: () =>
        JSON.stringify(generated, (_key, value: unknown) =>
          typeof value === 'string' && value.length > 200
            ? `${value.slice(0, 200)}… (${value.length} chars)`
            : Array.isArray(value) && value.length > 20
              ? [...value.slice(0, 20), `… (${value.length} items)`]
              : value,
        ),
    });
    return generated;
  });
}

/** Every string a request carries, to tell an echo of the request from a leak. */
export function sentStrings(request: GeneratedRequest): string[] {
  const strings: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 250) return;
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach((item) => walk(item, depth + 1));
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) {
        strings.push(key);
        walk(item, depth + 1);
      }
  };
  if (request.body && 'json' in request.body) walk(request.body.json, 0);
  if (request.body && 'raw' in request.body) strings.push(String(request.body.raw));
  for (const part of [request.path, ...request.query.split('&')]) {
    try {
      strings.push(...decodeURIComponent(part).split(/[/=]/));
    } catch {
      // not decodable: not echoed either
    }
  }
  return strings;
}
