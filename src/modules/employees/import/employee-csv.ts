/**
 * Bulk enrolment: parsing and validation of the employee CSV that HR uploads. The bull job that
 * enrols the rows calls this first; the API docs and the downloadable template use the column
 * names.
 *
 * Pure: no I/O, no clock, no Nest, no database. Checks that need the database (an employee number
 * already taken at the employer) belong to the job.
 *
 * The file is RFC 4180 CSV as spreadsheets write it:
 * - `,` or `;` between fields, detected from the header line (Belgian and Dutch Excel write `;`);
 * - fields may be quoted, with `""` for a quote and line breaks inside the quotes; spaces around a
 *   quoted field are ignored, other text after the closing quote is an error of that field; a
 *   quote inside an unquoted field is an ordinary character;
 * - CRLF, LF (and a lone CR) end a record; a UTF-8 byte order mark is dropped;
 * - blank lines, and rows whose every field is empty (`;;;;;;`, as Excel writes for cleared
 *   rows), are skipped wherever they are, but still count as physical lines.
 *
 * A row's `line` is the physical line on which its record starts (the header normally is line 1),
 * so it matches what HR sees in a text editor even when a quoted field spans several lines.
 *
 * The rules per field are those of CreateEmployeeDto, so a row accepted here is accepted by the
 * API. Problems of a row are reported per field; problems of the file as a whole (not UTF-8 text,
 * no usable header, too many rows, an unclosed quote) make the whole file unusable. Those that show
 * in the bytes and the first line alone are also what the upload is refused for
 * (checkEmployeeCsvFile), before anything is stored.
 *
 * Messages name the field and the rule, never the submitted value: job results and logs must not
 * carry personal data. Only column names from the header are quoted back.
 */
import { PHYSICAL_DEMANDS, type PhysicalDemand } from '../entities/employee.entity.js';

/** The columns of the file, in the order of the downloadable template. */
export const EMPLOYEE_CSV_COLUMNS = [
  'employee_number',
  'full_name',
  'birth_year',
  'contract_hours',
  'job_title',
  'physical_demands',
  'department',
] as const;
export type EmployeeCsvColumn = (typeof EMPLOYEE_CSV_COLUMNS)[number];

/** The columns the header must have; `physical_demands` and `department` may be left out. */
export const EMPLOYEE_CSV_REQUIRED_COLUMNS: readonly EmployeeCsvColumn[] = [
  'employee_number',
  'full_name',
  'birth_year',
  'contract_hours',
  'job_title',
];

/**
 * Default limit on data rows: the largest employers enrol 100,000 people at once
 * (docs/quality-bar.md, Performance),
 * with room; more is split into several uploads.
 */
export const EMPLOYEE_CSV_MAX_ROWS = 150_000;

export interface EmployeeCsvRow {
  /** Physical line on which the record starts (header: line 1). */
  line: number;
  employeeNumber: string;
  fullName: string;
  birthYear: number;
  contractHours: number;
  jobTitle: string;
  physicalDemands: PhysicalDemand[];
  department: string | null;
}

export interface EmployeeCsvRowError {
  line: number;
  /** The column at fault, or null when the row as a whole is (wrong number of fields). */
  field: EmployeeCsvColumn | null;
  reason: string;
}

export type EmployeeCsvResult =
  | {
      ok: true;
      /** The rows without any error, in file order. */
      rows: EmployeeCsvRow[];
      /** Every problem of every other row, by line then column. */
      errors: EmployeeCsvRowError[];
      /** Data rows in the file (blank lines and the header not counted). */
      totalRows: number;
    }
  | {
      ok: false;
      /** `field` is `file` (encoding, emptiness, size, quoting) or `header` (the columns). */
      error: { field: string; message: string };
    };

/**
 * Why a file cannot be an employee CSV at all, seen from its bytes and its first line: `not_text`
 * when it is not text in an encoding the importer reads (a workbook, a PDF, an image, binary data,
 * another encoding); `not_employee_csv` when it is text that does not start with the employee
 * header (or holds nothing).
 */
export interface EmployeeCsvFileProblem {
  kind: 'not_text' | 'not_employee_csv';
  /** `file` (what the file is) or `header` (its first line). */
  field: 'file' | 'header';
  message: string;
}

export interface EmployeeCsvOptions {
  /** Most data rows accepted; more makes the whole file unusable. */
  maxRows?: number;
}

const EMPLOYEE_NUMBER = /^[A-Za-z0-9._/-]{1,40}$/;
const WHOLE_NUMBER = /^\d+$/;
/** Sign, whole part, decimal point or comma, decimals; the decimals are checked after the match. */
const DECIMAL = /^(-?)(\d+)(?:[.,](\d+))?$/;
/** Separators between physical demand codes: `|` and white space. */
const DEMAND_SEPARATOR = /[|\s]+/;
const TEXT_MAX = 200;
const BIRTH_YEAR_MIN = 1900;
const BIRTH_YEAR_MAX = 2100;
const CONTRACT_HOURS_MIN = 0.5;
const CONTRACT_HOURS_MAX = 60;

const QUOTE = 0x22;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Parses and validates an employee CSV. Never throws on the file's content: a row with problems
 * yields row errors and is left out of `rows`; a file that cannot be read as an employee CSV at all
 * yields `ok: false`.
 *
 * Choices beyond CreateEmployeeDto:
 * - An unclosed quote is a whole-file error naming the line where the quote opens: it swallows every
 *   later line, so importing the rows before it would silently drop the rest of the file.
 * - A row with the wrong number of fields only gets that error: its fields are misaligned, so
 *   judging them per column would report nonsense.
 * - Duplicate employee numbers are compared exactly (case-sensitive), like the unique constraint on
 *   (employer_id, employee_number): `E-1` and `e-1` are two employees there, so here too. The first
 *   occurrence is the one kept; later ones get `duplicates line N`, even when the first occurrence
 *   has errors of its own, because the number appears twice in the file either way.
 * - Physical demand codes are matched case-insensitively and returned in their canonical form.
 * - A header without any data row is a whole-file error: it is the empty template, not an upload
 *   meant to enrol nobody.
 */
export function parseEmployeeCsv(
  input: string | Uint8Array,
  options: EmployeeCsvOptions = {},
): EmployeeCsvResult {
  const maxRows = options.maxRows ?? EMPLOYEE_CSV_MAX_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new RangeError('maxRows must be a positive integer');
  }

  const opened = openEmployeeCsv(input);
  if ('problem' in opened) return fileError(opened.problem.field, opened.problem.message);
  const { scanner, layout } = opened;

  const rows: EmployeeCsvRow[] = [];
  const errors: EmployeeCsvRowError[] = [];
  /** First line of each employee number, for the duplicate check. */
  const firstLineOf = new Map<string, number>();
  let totalRows = 0;

  for (let record = scanner.next(); record !== null; record = scanner.next()) {
    if (record.unclosedQuoteLine !== null) return unclosedQuote(record.unclosedQuoteLine);
    if (isBlank(record.fields)) continue;
    totalRows++;
    if (totalRows > maxRows) {
      return fileError('file', `has more than ${maxRows} rows; split it into smaller files`);
    }
    const row = validateRow(record, layout, firstLineOf, errors);
    if (row) rows.push(row);
  }

  if (totalRows === 0) return fileError('file', 'has a header but no employee rows');
  return { ok: true, rows, errors, totalRows };
}

/**
 * What is wrong with the file as a whole, judged from its bytes and its first line only (the rows
 * are not read), or null when it may be an employee CSV. Reads the file exactly as the import job
 * does, so an upload refused here is one the job would refuse, and the reverse.
 */
export function checkEmployeeCsvFile(input: string | Uint8Array): EmployeeCsvFileProblem | null {
  const opened = openEmployeeCsv(input);
  return 'problem' in opened ? opened.problem : null;
}

/** The file decoded and its header read, ready to scan the rows; or why it cannot be. */
function openEmployeeCsv(
  input: string | Uint8Array,
): { scanner: CsvScanner; layout: Layout } | { problem: EmployeeCsvFileProblem } {
  const decoded = decode(input);
  if (typeof decoded !== 'string') {
    return { problem: { kind: 'not_text', field: 'file', message: decoded.message } };
  }
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const scanner = new CsvScanner(text, detectDelimiter(text));
  const notEmployeeCsv = (field: 'file' | 'header', message: string) => ({
    problem: { kind: 'not_employee_csv' as const, field, message },
  });

  let header: ScannedRecord | null;
  do header = scanner.next();
  while (header !== null && header.unclosedQuoteLine === null && isBlank(header.fields));
  if (header === null) return notEmployeeCsv('file', 'is empty');
  if (header.unclosedQuoteLine !== null) {
    return notEmployeeCsv('file', unclosedQuoteMessage(header.unclosedQuoteLine));
  }
  const layout = readHeader(header.fields);
  if ('message' in layout) return notEmployeeCsv('header', layout.message);
  return { scanner, layout };
}

function fileError(field: string, message: string): EmployeeCsvResult {
  return { ok: false, error: { field, message } };
}

function unclosedQuote(line: number): EmployeeCsvResult {
  return fileError('file', unclosedQuoteMessage(line));
}

function unclosedQuoteMessage(line: number): string {
  return `has a quote opened on line ${line} that is never closed`;
}

// ---------------------------------------------------------------------------------------------
// Decoding

const SAVE_AS_CSV = 'save it as "CSV UTF-8" and upload that';
const UPLOAD_THE_CSV = 'upload the CSV file itself';

/**
 * Files HR is likely to pick by mistake, known by their first bytes (`null` matches any byte), and
 * what to say about them.
 */
const FILE_SIGNATURES: readonly { bytes: readonly (number | null)[]; message: string }[] = [
  // .xlsx (and every other ZIP container: .ods, .docx); .xls
  { bytes: [0x50, 0x4b, 0x03, 0x04], message: `is an Excel workbook; ${SAVE_AS_CSV}` },
  { bytes: [0x50, 0x4b, 0x05, 0x06], message: `is an Excel workbook; ${SAVE_AS_CSV}` },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], message: `is an Excel workbook; ${SAVE_AS_CSV}` },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], message: `is a PDF document; ${UPLOAD_THE_CSV}` },
  // PNG, JPEG, GIF, WebP, TIFF (both byte orders)
  { bytes: [0x89, 0x50, 0x4e, 0x47], message: `is an image; ${UPLOAD_THE_CSV}` },
  { bytes: [0xff, 0xd8, 0xff], message: `is an image; ${UPLOAD_THE_CSV}` },
  { bytes: [0x47, 0x49, 0x46, 0x38], message: `is an image; ${UPLOAD_THE_CSV}` },
  {
    bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50],
    message: `is an image; ${UPLOAD_THE_CSV}`,
  },
  { bytes: [0x49, 0x49, 0x2a, 0x00], message: `is an image; ${UPLOAD_THE_CSV}` },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], message: `is an image; ${UPLOAD_THE_CSV}` },
  { bytes: [0x1f, 0x8b], message: `is a compressed (gzip) file; ${UPLOAD_THE_CSV}` },
];

/** The text of the file, or why it is not UTF-8 text. */
function decode(input: string | Uint8Array): string | { message: string } {
  if (typeof input === 'string') {
    return input.includes('\0') ? { message: 'contains binary data; upload a CSV file' } : input;
  }
  // Say what the file is when it is something HR is likely to pick by mistake.
  const known = FILE_SIGNATURES.find(({ bytes }) => startsWith(input, bytes));
  if (known) return { message: known.message };
  if (startsWith(input, [0xff, 0xfe]) || startsWith(input, [0xfe, 0xff])) {
    return { message: `is UTF-16 text; ${SAVE_AS_CSV}` };
  }
  if (input.includes(0)) return { message: 'contains binary data; upload a CSV file' };
  try {
    // ignoreBOM: keep the mark, so strings and bytes have it removed in the one place.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
  } catch {
    // Typically Windows-1252 from "CSV (comma delimited)" in Excel: accented names would garble.
    return { message: `is not UTF-8 text; ${SAVE_AS_CSV}` };
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly (number | null)[]): boolean {
  return (
    bytes.length >= prefix.length && prefix.every((byte, i) => byte === null || bytes[i] === byte)
  );
}

// ---------------------------------------------------------------------------------------------
// Scanning

/**
 * `;` when the first non-blank line has more semicolons than commas outside quotes, else `,`.
 * Header names contain neither, so the count is decisive for any real header.
 */
function detectDelimiter(text: string): number {
  let commas = 0;
  let semicolons = 0;
  let content = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      quoted = !quoted;
      content = true;
    } else if (quoted) {
      continue;
    } else if (c === LF || c === CR) {
      if (content) break;
    } else if (c === COMMA) {
      commas++;
      content = true;
    } else if (c === SEMICOLON) {
      semicolons++;
      content = true;
    } else if (c !== SPACE && c !== TAB) {
      content = true;
    }
  }
  return semicolons > commas ? SEMICOLON : COMMA;
}

interface ScannedRecord {
  /** Physical line on which the record starts. */
  line: number;
  fields: string[];
  /** Indexes of quoted fields followed by other text before the delimiter (`"An"x`). */
  malformed: number[] | null;
  /**
   * The line of a quote that is never closed, or null. Such a record ends the text: the rest of
   * the input is in its last field.
   */
  unclosedQuoteLine: number | null;
}

/**
 * A single-pass scanner over the text: each character is looked at once, and fields are sliced
 * out of the text rather than built a character at a time.
 */
class CsvScanner {
  private pos = 0;
  private line = 1;

  constructor(
    private readonly text: string,
    private readonly delimiter: number,
  ) {}

  /** The next record, or null at the end of the text. */
  next(): ScannedRecord | null {
    const { text, delimiter } = this;
    const length = text.length;
    let i = this.pos;
    if (i >= length) return null;
    const record: ScannedRecord = {
      line: this.line,
      fields: [],
      malformed: null,
      unclosedQuoteLine: null,
    };

    for (;;) {
      // A field is quoted when its first character other than spaces is a quote.
      let start = i;
      while (start < length && isBlankChar(text.charCodeAt(start))) start++;
      if (start < length && text.charCodeAt(start) === QUOTE) {
        const openedOn = this.line;
        let value = '';
        let segment = start + 1;
        let j = segment;
        for (;;) {
          if (j >= length) {
            record.fields.push(value + text.slice(segment));
            record.unclosedQuoteLine = openedOn;
            this.pos = length;
            return record;
          }
          const c = text.charCodeAt(j);
          if (c === QUOTE) {
            if (j + 1 < length && text.charCodeAt(j + 1) === QUOTE) {
              value += text.slice(segment, j + 1);
              j += 2;
              segment = j;
              continue;
            }
            value += text.slice(segment, j);
            j++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(j + 1) !== LF)) this.line++;
          j++;
        }
        while (j < length && isBlankChar(text.charCodeAt(j))) j++;
        if (j < length && !this.endsField(text.charCodeAt(j))) {
          (record.malformed ??= []).push(record.fields.length);
          while (j < length && !this.endsField(text.charCodeAt(j))) j++;
        }
        record.fields.push(value);
        i = j;
      } else {
        let j = i;
        while (j < length && !this.endsField(text.charCodeAt(j))) j++;
        record.fields.push(text.slice(i, j));
        i = j;
      }

      if (i >= length) break;
      const c = text.charCodeAt(i);
      if (c === delimiter) {
        // A delimiter at the very end (`a,b,`) leaves an empty last field, read on the next turn.
        i++;
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      this.line++;
      break;
    }
    this.pos = i;
    return record;
  }

  private endsField(c: number): boolean {
    return c === this.delimiter || c === LF || c === CR;
  }
}

function isBlankChar(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isBlank(fields: string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

// ---------------------------------------------------------------------------------------------
// Header

interface Layout {
  /** Position of each column in a record, -1 when the header leaves an optional one out. */
  index: Record<EmployeeCsvColumn, number>;
  /** Number of fields every record must have. */
  width: number;
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(EMPLOYEE_CSV_COLUMNS);

function readHeader(fields: string[]): Layout | { message: string } {
  const names = fields.map((field) => field.trim().toLowerCase());
  if (!names.some((name) => KNOWN_COLUMNS.has(name))) {
    // Not a header at all: do not quote it back, it may well be an employee's row.
    return {
      message: fields.some((field) => field.includes('\t'))
        ? 'must separate the columns with "," or ";", not tabs'
        : `must be the first line, with the columns ${EMPLOYEE_CSV_COLUMNS.join(', ')}`,
    };
  }

  const index = Object.fromEntries(EMPLOYEE_CSV_COLUMNS.map((column) => [column, -1])) as Record<
    EmployeeCsvColumn,
    number
  >;
  const problems: string[] = [];
  names.forEach((name, position) => {
    if (name === '') {
      problems.push(`column ${position + 1} has no name`);
    } else if (!KNOWN_COLUMNS.has(name)) {
      problems.push(`has an unknown column "${truncate(fields[position].trim(), 40)}"`);
    } else if (index[name as EmployeeCsvColumn] >= 0) {
      problems.push(`has the column "${name}" more than once`);
    } else {
      index[name as EmployeeCsvColumn] = position;
    }
  });
  for (const column of EMPLOYEE_CSV_REQUIRED_COLUMNS) {
    if (index[column] < 0) problems.push(`is missing the column "${column}"`);
  }
  if (problems.length > 0) {
    return {
      message: `${problems.join('; ')} (columns: ${EMPLOYEE_CSV_COLUMNS.join(', ')})`,
    };
  }
  return { index, width: names.length };
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}...` : value;
}

// ---------------------------------------------------------------------------------------------
// Rows

const DEMAND_BY_NAME: ReadonlyMap<string, PhysicalDemand> = new Map(
  PHYSICAL_DEMANDS.map((demand) => [demand, demand]),
);

/** The row when it has no error; otherwise its errors are added to `errors`. */
function validateRow(
  record: ScannedRecord,
  layout: Layout,
  firstLineOf: Map<string, number>,
  errors: EmployeeCsvRowError[],
): EmployeeCsvRow | null {
  const { line, fields } = record;
  if (fields.length !== layout.width) {
    errors.push({
      line,
      field: null,
      reason: `expected ${layout.width} fields, found ${fields.length}`,
    });
    return null;
  }
  const errorCount = errors.length;
  const fail = (field: EmployeeCsvColumn, reason: string): null => {
    errors.push({ line, field, reason });
    return null;
  };
  /** The trimmed cell, '' for a column the file leaves out, null when the quoting is broken. */
  const cell = (column: EmployeeCsvColumn): string | null => {
    const position = layout.index[column];
    if (position < 0) return '';
    if (record.malformed?.includes(position)) {
      return fail(column, 'has text after the closing quote');
    }
    return fields[position].trim();
  };

  const employeeNumber = checkEmployeeNumber(cell('employee_number'), line, firstLineOf, fail);
  const fullName = checkText(cell('full_name'), 'full_name', true, fail);
  const birthYear = checkBirthYear(cell('birth_year'), fail);
  const contractHours = checkContractHours(cell('contract_hours'), fail);
  const jobTitle = checkText(cell('job_title'), 'job_title', true, fail);
  const physicalDemands = checkDemands(cell('physical_demands'), fail);
  const department = checkText(cell('department'), 'department', false, fail);

  if (
    errors.length > errorCount ||
    employeeNumber === null ||
    fullName === null ||
    birthYear === null ||
    contractHours === null ||
    jobTitle === null ||
    physicalDemands === null
  ) {
    return null;
  }
  return {
    line,
    employeeNumber,
    fullName,
    birthYear,
    contractHours,
    jobTitle,
    physicalDemands,
    department: department === '' ? null : department,
  };
}

type Fail = (field: EmployeeCsvColumn, reason: string) => null;

function checkEmployeeNumber(
  value: string | null,
  line: number,
  firstLineOf: Map<string, number>,
  fail: Fail,
): string | null {
  if (value === null) return null;
  if (value === '') return fail('employee_number', 'is required');
  if (value.length > 40) return fail('employee_number', 'must be at most 40 characters');
  if (!EMPLOYEE_NUMBER.test(value)) {
    return fail('employee_number', 'must be 1-40 letters, digits or . _ / -');
  }
  const first = firstLineOf.get(value);
  if (first !== undefined) return fail('employee_number', `duplicates line ${first}`);
  firstLineOf.set(value, line);
  return value;
}

/** Required: 1-200 characters; optional: at most 200, '' when empty. */
function checkText(
  value: string | null,
  field: EmployeeCsvColumn,
  required: boolean,
  fail: Fail,
): string | null {
  if (value === null) return null;
  if (value === '' && required) return fail(field, 'is required');
  if (characterCount(value) > TEXT_MAX)
    return fail(field, `must be at most ${TEXT_MAX} characters`);
  return value;
}

/** Characters as class-validator's MaxLength counts them: a surrogate pair is one. */
function characterCount(value: string): number {
  if (value.length <= TEXT_MAX) return value.length;
  let count = 0;
  for (const _ of value) count++;
  return count;
}

function checkBirthYear(value: string | null, fail: Fail): number | null {
  if (value === null) return null;
  if (value === '') return fail('birth_year', 'is required');
  if (!WHOLE_NUMBER.test(value)) return fail('birth_year', 'must be a whole number');
  const year = Number(value);
  if (year < BIRTH_YEAR_MIN || year > BIRTH_YEAR_MAX) {
    return fail('birth_year', `must be from ${BIRTH_YEAR_MIN} to ${BIRTH_YEAR_MAX}`);
  }
  return year;
}

/** A decimal point or a decimal comma (`37,5`); trailing zeros (`37,50`) are not decimals. */
function checkContractHours(value: string | null, fail: Fail): number | null {
  if (value === null) return null;
  if (value === '') return fail('contract_hours', 'is required');
  const match = DECIMAL.exec(value);
  if (!match) return fail('contract_hours', 'must be a number');
  const [, sign, whole, decimals = ''] = match;
  const significant = decimals.replace(/0+$/, '');
  if (significant.length > 1) return fail('contract_hours', 'must have at most one decimal');
  const hours = Number(`${sign}${whole}.${significant || '0'}`);
  if (hours < CONTRACT_HOURS_MIN || hours > CONTRACT_HOURS_MAX) {
    return fail('contract_hours', `must be from ${CONTRACT_HOURS_MIN} to ${CONTRACT_HOURS_MAX}`);
  }
  return hours;
}

function checkDemands(value: string | null, fail: Fail): PhysicalDemand[] | null {
  if (value === null) return null;
  if (value === '') return [];
  const demands: PhysicalDemand[] = [];
  const unknown: number[] = [];
  let repeated = false;
  value
    .split(DEMAND_SEPARATOR)
    .filter((code) => code !== '')
    .forEach((code, position) => {
      const demand = DEMAND_BY_NAME.get(code.toLowerCase());
      if (demand === undefined) unknown.push(position + 1);
      else if (demands.includes(demand)) repeated = true;
      else demands.push(demand);
    });
  if (unknown.length > 0) {
    const which =
      unknown.length === 1 ? `code ${unknown[0]} is` : `codes ${unknown.join(', ')} are`;
    return fail(
      'physical_demands',
      `${which} not one of ${PHYSICAL_DEMANDS.join(', ')} (separate codes with | or a space)`,
    );
  }
  if (repeated) return fail('physical_demands', 'must not list a code twice');
  return demands;
}
