import { describe, expect, it } from '@jest/globals';
import {
  EMPLOYEE_CSV_COLUMNS,
  EMPLOYEE_CSV_MAX_ROWS,
  EMPLOYEE_CSV_REQUIRED_COLUMNS,
  type EmployeeCsvColumn,
  type EmployeeCsvRow,
  type EmployeeCsvRowError,
  checkEmployeeCsvFile,
  parseEmployeeCsv,
} from './employee-csv.js';

const HEADER = EMPLOYEE_CSV_COLUMNS.join(',');
const DEMANDS = 'lifting, sitting, standing, screen_work, repetitive_arm_work';
const ALL_COLUMNS = EMPLOYEE_CSV_COLUMNS.join(', ');

/** A valid data row in template column order, with some cells replaced. */
function cells(overrides: Partial<Record<EmployeeCsvColumn, string>> = {}): string[] {
  const row: Record<EmployeeCsvColumn, string> = {
    employee_number: 'E-10442',
    full_name: 'An Peeters',
    birth_year: '1984',
    contract_hours: '38',
    job_title: 'Teacher',
    physical_demands: 'lifting|sitting',
    department: 'Campus Noord',
    ...overrides,
  };
  return EMPLOYEE_CSV_COLUMNS.map((column) => row[column]);
}

/** A comma-separated file of the header and the given lines, each ended by `eol`. */
function file(lines: string[], eol = '\n', header = HEADER): string {
  return [header, ...lines].map((line) => line + eol).join('');
}

function parsed(input: string | Uint8Array, maxRows?: number) {
  const result = parseEmployeeCsv(input, maxRows === undefined ? undefined : { maxRows });
  if (!result.ok) throw new Error(`expected a usable file, got ${JSON.stringify(result.error)}`);
  return result;
}

function fileErrorOf(input: string | Uint8Array, maxRows?: number) {
  const result = parseEmployeeCsv(input, maxRows === undefined ? undefined : { maxRows });
  if (result.ok) throw new Error('expected a whole-file error');
  return result.error;
}

/** The errors of a file with one data row whose cells are overridden. */
function rowErrors(overrides: Partial<Record<EmployeeCsvColumn, string>>): EmployeeCsvRowError[] {
  const result = parsed(file([cells(overrides).join(',')]));
  expect(result.totalRows).toBe(1);
  expect(result.rows.length + (result.errors.length > 0 ? 1 : 0)).toBe(1);
  return result.errors;
}

/** The single row of a file with one data row whose cells are overridden. */
function onlyRow(overrides: Partial<Record<EmployeeCsvColumn, string>>): EmployeeCsvRow {
  const result = parsed(file([cells(overrides).join(',')]));
  expect(result.errors).toEqual([]);
  expect(result.rows).toHaveLength(1);
  return result.rows[0];
}

const AN: EmployeeCsvRow = {
  line: 2,
  employeeNumber: 'E-10442',
  fullName: 'An Peeters',
  birthYear: 1984,
  contractHours: 38,
  jobTitle: 'Teacher',
  physicalDemands: ['lifting', 'sitting'],
  department: 'Campus Noord',
};

describe('EMPLOYEE_CSV_COLUMNS', () => {
  it('lists the template columns in order, the first five required', () => {
    expect(EMPLOYEE_CSV_COLUMNS).toEqual([
      'employee_number',
      'full_name',
      'birth_year',
      'contract_hours',
      'job_title',
      'physical_demands',
      'department',
    ]);
    expect(EMPLOYEE_CSV_REQUIRED_COLUMNS).toEqual([
      'employee_number',
      'full_name',
      'birth_year',
      'contract_hours',
      'job_title',
    ]);
    expect(EMPLOYEE_CSV_MAX_ROWS).toBe(150_000);
  });
});

describe('parseEmployeeCsv: reading the file', () => {
  it('reads a valid row into typed values', () => {
    const result = parseEmployeeCsv(file([cells().join(',')]));
    expect(result).toEqual({ ok: true, rows: [AN], errors: [], totalRows: 1 });
  });

  it('reads a Buffer as UTF-8, keeping accents', () => {
    const result = parsed(
      Buffer.from(file([cells({ full_name: 'Zoë Van den Bossché' }).join(',')])),
    );
    expect(result.rows).toEqual([{ ...AN, fullName: 'Zoë Van den Bossché' }]);
  });

  it('accepts the header in any column order and case, with spaces around the names', () => {
    const header = ' Job_Title ;DEPARTMENT;employee_number ; Full_Name;birth_year;contract_hours';
    const result = parsed(file(['Nurse;;E-7;Els Janssens;1990;24'], '\n', header));
    expect(result.rows).toEqual([
      {
        line: 2,
        employeeNumber: 'E-7',
        fullName: 'Els Janssens',
        birthYear: 1990,
        contractHours: 24,
        jobTitle: 'Nurse',
        physicalDemands: [],
        department: null,
      },
    ]);
  });

  it('leaves out the optional columns: no demands and no department', () => {
    const header = 'employee_number,full_name,birth_year,contract_hours,job_title';
    const result = parsed(file(['E-1,An Peeters,1984,38,Teacher'], '\n', header));
    expect(result.rows).toEqual([
      { ...AN, employeeNumber: 'E-1', physicalDemands: [], department: null },
    ]);
  });

  it('reads CRLF, LF and lone CR line ends alike', () => {
    const lines = [cells().join(','), cells({ employee_number: 'E-2' }).join(',')];
    for (const eol of ['\r\n', '\n', '\r']) {
      const result = parsed(file(lines, eol));
      expect(result.rows.map((row) => [row.line, row.employeeNumber, row.department])).toEqual([
        [2, 'E-10442', 'Campus Noord'],
        [3, 'E-2', 'Campus Noord'],
      ]);
    }
  });

  it('reads the last record without a line end', () => {
    const result = parsed(`${HEADER}\n${cells().join(',')}`);
    expect(result.rows).toEqual([AN]);
  });

  it('strips a UTF-8 byte order mark from a string and from bytes', () => {
    const text = `\uFEFF${file([cells().join(',')])}`;
    expect(parsed(text).rows).toEqual([AN]);
    expect(parsed(Buffer.from(text, 'utf8')).rows).toEqual([AN]);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('detects ";" from the header and reads a decimal comma', () => {
    const header = EMPLOYEE_CSV_COLUMNS.join(';');
    const result = parsed(
      file(['E-1;An Peeters;1984;37,5;Teacher;screen_work;Campus Zuid'], '\r\n', header),
    );
    expect(result.rows).toEqual([
      {
        ...AN,
        employeeNumber: 'E-1',
        contractHours: 37.5,
        physicalDemands: ['screen_work'],
        department: 'Campus Zuid',
      },
    ]);
  });

  it('keeps "," inside fields of a ";" file and reads a quoted decimal comma in a "," file', () => {
    const semicolon = parsed(
      file(['E-1;Peeters, An;1984;38;Teacher;;'], '\n', EMPLOYEE_CSV_COLUMNS.join(';')),
    );
    expect(semicolon.rows.map((row) => row.fullName)).toEqual(['Peeters, An']);
    const comma = parsed(file([cells({ contract_hours: '"19,5"' }).join(',')]));
    expect(comma.rows.map((row) => row.contractHours)).toEqual([19.5]);
  });

  it('reads quoted fields with doubled quotes, delimiters and spaces around the quotes', () => {
    const result = parsed(
      file([cells({ full_name: ' "Peeters, ""An""" ', job_title: '"Teacher"' }).join(',')]),
    );
    expect(result.rows.map((row) => [row.fullName, row.jobTitle])).toEqual([
      ['Peeters, "An"', 'Teacher'],
    ]);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(onlyRow({ full_name: 'An "Anneke" Peeters' }).fullName).toBe('An "Anneke" Peeters');
  });

  it('reports text after a closing quote on its column', () => {
    expect(rowErrors({ full_name: '"An"Peeters' })).toEqual([
      { line: 2, field: 'full_name', reason: 'has text after the closing quote' },
    ]);
  });

  it('numbers records by the physical line they start on, across quoted line breaks', () => {
    const result = parsed(
      file(
        [
          cells({ employee_number: 'E-1', department: '"Campus\nNoord"' }).join(','),
          cells({ employee_number: 'E-2', full_name: '"An\r\nPeeters\r\n"' }).join(','),
          cells({ employee_number: 'E-3', birth_year: '1800' }).join(','),
          cells({ employee_number: 'E-4' }).join(','),
        ],
        '\r\n',
      ),
    );
    expect(result.rows.map((row) => [row.line, row.employeeNumber])).toEqual([
      [2, 'E-1'],
      [4, 'E-2'],
      [8, 'E-4'],
    ]);
    expect(result.rows[0].department).toBe('Campus\nNoord');
    expect(result.rows[1].fullName).toBe('An\r\nPeeters');
    expect(result.errors).toEqual([
      { line: 7, field: 'birth_year', reason: 'must be from 1900 to 2100' },
    ]);
    expect(result.totalRows).toBe(4);
  });

  it('skips blank lines, whitespace lines and rows of empty fields, still counting their lines', () => {
    const result = parsed(
      [
        '',
        '   ',
        HEADER,
        '',
        cells({ employee_number: 'E-1' }).join(','),
        ',,,,,,',
        ' , "" ,,,,,',
        '\t',
        cells({ employee_number: 'E-2', birth_year: 'x' }).join(','),
        cells({ employee_number: 'E-3' }).join(','),
        '',
        '',
        '',
      ].join('\n'),
    );
    expect(result.rows.map((row) => [row.line, row.employeeNumber])).toEqual([
      [5, 'E-1'],
      [10, 'E-3'],
    ]);
    expect(result.errors).toEqual([
      { line: 9, field: 'birth_year', reason: 'must be a whole number' },
    ]);
    expect(result.totalRows).toBe(3);
  });
});

describe('parseEmployeeCsv: the header', () => {
  it('names a missing required column', () => {
    const header = 'employee_number,full_name,birth_year,job_title';
    expect(fileErrorOf(file(['E-1,An Peeters,1984,Teacher'], '\n', header))).toEqual({
      field: 'header',
      message: `is missing the column "contract_hours" (columns: ${ALL_COLUMNS})`,
    });
  });

  it('names every missing column', () => {
    expect(fileErrorOf('employee_number;department\nE-1;Noord\n')).toEqual({
      field: 'header',
      message:
        'is missing the column "full_name"; is missing the column "birth_year"; ' +
        'is missing the column "contract_hours"; is missing the column "job_title" ' +
        `(columns: ${ALL_COLUMNS})`,
    });
  });

  it('names an unknown column', () => {
    expect(fileErrorOf(file([`${cells().join(',')},x`], '\n', `${HEADER}, Email `))).toEqual({
      field: 'header',
      message: `has an unknown column "Email" (columns: ${ALL_COLUMNS})`,
    });
  });

  it('names a column given twice, whatever its case', () => {
    expect(fileErrorOf(file([`${cells().join(',')},Noord`], '\n', `${HEADER},Department`))).toEqual(
      {
        field: 'header',
        message: `has the column "department" more than once (columns: ${ALL_COLUMNS})`,
      },
    );
  });

  it('refuses a column without a name', () => {
    expect(fileErrorOf(file([`${cells().join(',')},`], '\n', `${HEADER},`))).toEqual({
      field: 'header',
      message: `column 8 has no name (columns: ${ALL_COLUMNS})`,
    });
  });

  it('refuses a file without a header, without quoting the first row back', () => {
    const error = fileErrorOf(
      file([cells().join(',')], '\n', cells({ full_name: 'Jo Claes' }).join(',')),
    );
    expect(error).toEqual({
      field: 'header',
      message: `must be the first line, with the columns ${ALL_COLUMNS}`,
    });
  });

  it('explains a tab-separated file', () => {
    const tabbed = file([cells().join('\t')], '\n', EMPLOYEE_CSV_COLUMNS.join('\t'));
    expect(fileErrorOf(tabbed)).toEqual({
      field: 'header',
      message: 'must separate the columns with "," or ";", not tabs',
    });
  });
});

describe('parseEmployeeCsv: row validation', () => {
  it.each<[EmployeeCsvColumn, string, string]>([
    ['employee_number', '', 'is required'],
    ['employee_number', '   ', 'is required'],
    ['employee_number', 'E 1', 'must be 1-40 letters, digits or . _ / -'],
    ['employee_number', 'E#1', 'must be 1-40 letters, digits or . _ / -'],
    ['employee_number', 'É-1', 'must be 1-40 letters, digits or . _ / -'],
    ['employee_number', 'E'.repeat(41), 'must be at most 40 characters'],
    ['full_name', '', 'is required'],
    ['full_name', ' \t ', 'is required'],
    ['full_name', 'a'.repeat(201), 'must be at most 200 characters'],
    ['birth_year', '', 'is required'],
    ['birth_year', '19a4', 'must be a whole number'],
    ['birth_year', '1984.0', 'must be a whole number'],
    ['birth_year', '-1984', 'must be a whole number'],
    ['birth_year', '1899', 'must be from 1900 to 2100'],
    ['birth_year', '2101', 'must be from 1900 to 2100'],
    ['contract_hours', '', 'is required'],
    ['contract_hours', 'full-time', 'must be a number'],
    ['contract_hours', '"1.000,5"', 'must be a number'],
    ['contract_hours', '38h', 'must be a number'],
    ['contract_hours', '37.55', 'must have at most one decimal'],
    ['contract_hours', '"37,05"', 'must have at most one decimal'],
    ['contract_hours', '0.4', 'must be from 0.5 to 60'],
    ['contract_hours', '0', 'must be from 0.5 to 60'],
    ['contract_hours', '60.1', 'must be from 0.5 to 60'],
    ['contract_hours', '-5', 'must be from 0.5 to 60'],
    ['job_title', '', 'is required'],
    ['job_title', 'b'.repeat(201), 'must be at most 200 characters'],
    ['physical_demands', 'lifting|lifting', 'must not list a code twice'],
    ['physical_demands', 'Lifting LIFTING', 'must not list a code twice'],
    [
      'physical_demands',
      'lifting|climbing',
      `code 2 is not one of ${DEMANDS} (separate codes with | or a space)`,
    ],
    [
      'physical_demands',
      'climbing|lifting|driving',
      `codes 1, 3 are not one of ${DEMANDS} (separate codes with | or a space)`,
    ],
    [
      'physical_demands',
      'lifting;sitting',
      `code 1 is not one of ${DEMANDS} (separate codes with | or a space)`,
    ],
    ['department', 'd'.repeat(201), 'must be at most 200 characters'],
  ])('%s %j: %s', (field, value, reason) => {
    expect(rowErrors({ [field]: value })).toEqual([{ line: 2, field, reason }]);
  });

  it.each<[EmployeeCsvColumn, string, Partial<EmployeeCsvRow>]>([
    ['employee_number', ' a.b_C/9-z ', { employeeNumber: 'a.b_C/9-z' }],
    ['employee_number', 'E'.repeat(40), { employeeNumber: 'E'.repeat(40) }],
    ['full_name', `  ${'a'.repeat(200)}  `, { fullName: 'a'.repeat(200) }],
    ['full_name', '😀'.repeat(200), { fullName: '😀'.repeat(200) }],
    ['birth_year', '1900', { birthYear: 1900 }],
    ['birth_year', ' 2100 ', { birthYear: 2100 }],
    ['contract_hours', '0.5', { contractHours: 0.5 }],
    ['contract_hours', '60', { contractHours: 60 }],
    ['contract_hours', '60.0', { contractHours: 60 }],
    ['contract_hours', '37.50', { contractHours: 37.5 }],
    ['contract_hours', '"24,0"', { contractHours: 24 }],
    ['contract_hours', '038', { contractHours: 38 }],
    ['job_title', 'b'.repeat(200), { jobTitle: 'b'.repeat(200) }],
    ['physical_demands', '', { physicalDemands: [] }],
    ['physical_demands', ' | ', { physicalDemands: [] }],
    [
      'physical_demands',
      'repetitive_arm_work | Screen_Work  STANDING',
      { physicalDemands: ['repetitive_arm_work', 'screen_work', 'standing'] },
    ],
    [
      'physical_demands',
      'lifting|sitting|standing|screen_work|repetitive_arm_work',
      { physicalDemands: ['lifting', 'sitting', 'standing', 'screen_work', 'repetitive_arm_work'] },
    ],
    ['department', '', { department: null }],
    ['department', '   ', { department: null }],
    ['department', ` ${'d'.repeat(200)} `, { department: 'd'.repeat(200) }],
  ])('accepts %s %j', (field, value, expected) => {
    expect(onlyRow({ [field]: value })).toEqual({ ...AN, ...expected });
  });

  it('reports a row with too few or too many fields, and nothing else of it', () => {
    const result = parsed(
      file([
        cells().slice(0, 6).join(','),
        `${cells({ employee_number: 'E-2', birth_year: 'x' }).join(',')},extra`,
        cells({ employee_number: 'E-3' }).join(','),
        'E-4',
        `${cells({ employee_number: 'E-5' }).join(',')},`,
      ]),
    );
    expect(result.errors).toEqual([
      { line: 2, field: null, reason: 'expected 7 fields, found 6' },
      { line: 3, field: null, reason: 'expected 7 fields, found 8' },
      { line: 5, field: null, reason: 'expected 7 fields, found 1' },
      { line: 6, field: null, reason: 'expected 7 fields, found 8' },
    ]);
    expect(result.rows.map((row) => row.line)).toEqual([4]);
    expect(result.totalRows).toBe(5);
  });

  it('reports every problem of a row on its line, in column order', () => {
    expect(
      rowErrors({
        employee_number: 'E 1',
        full_name: '',
        birth_year: '1850',
        contract_hours: '70',
        job_title: '',
        physical_demands: 'x',
        department: 'd'.repeat(201),
      }),
    ).toEqual([
      { line: 2, field: 'employee_number', reason: 'must be 1-40 letters, digits or . _ / -' },
      { line: 2, field: 'full_name', reason: 'is required' },
      { line: 2, field: 'birth_year', reason: 'must be from 1900 to 2100' },
      { line: 2, field: 'contract_hours', reason: 'must be from 0.5 to 60' },
      { line: 2, field: 'job_title', reason: 'is required' },
      {
        line: 2,
        field: 'physical_demands',
        reason: `code 1 is not one of ${DEMANDS} (separate codes with | or a space)`,
      },
      { line: 2, field: 'department', reason: 'must be at most 200 characters' },
    ]);
  });

  it('never repeats a submitted value in a reason', () => {
    const secret = 'Zz9Secret';
    const result = parsed(
      file([
        cells({ employee_number: `${secret} x`, birth_year: secret }).join(','),
        cells({ employee_number: 'E-2', contract_hours: secret, physical_demands: secret }).join(
          ',',
        ),
        cells({ employee_number: 'E-3', full_name: `"${secret}"${secret}` }).join(','),
        `${secret},${secret}`,
      ]),
    );
    expect(result.errors).toHaveLength(6);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('keeps the valid rows and leaves out every row with an error', () => {
    const result = parsed(
      file([
        cells({ employee_number: 'E-1' }).join(','),
        cells({ employee_number: 'E-2', job_title: '' }).join(','),
        cells({ employee_number: 'E-3' }).join(','),
      ]),
    );
    expect(result.rows.map((row) => row.employeeNumber)).toEqual(['E-1', 'E-3']);
    expect(result.errors).toEqual([{ line: 3, field: 'job_title', reason: 'is required' }]);
    expect(result.totalRows).toBe(3);
  });
});

describe('parseEmployeeCsv: duplicate employee numbers', () => {
  it('keeps the first row and reports each later one against it', () => {
    const result = parsed(
      file([
        cells({ employee_number: 'E-1' }).join(','),
        cells({ employee_number: 'E-2' }).join(','),
        cells({ employee_number: ' E-1 ' }).join(','),
        '',
        cells({ employee_number: 'E-1', birth_year: '1700' }).join(','),
      ]),
    );
    expect(result.rows.map((row) => [row.line, row.employeeNumber])).toEqual([
      [2, 'E-1'],
      [3, 'E-2'],
    ]);
    expect(result.errors).toEqual([
      { line: 4, field: 'employee_number', reason: 'duplicates line 2' },
      { line: 6, field: 'employee_number', reason: 'duplicates line 2' },
      { line: 6, field: 'birth_year', reason: 'must be from 1900 to 2100' },
    ]);
  });

  it('compares exactly, as the unique constraint does: E-1 and e-1 are two employees', () => {
    const result = parsed(
      file([
        cells({ employee_number: 'E-1' }).join(','),
        cells({ employee_number: 'e-1' }).join(','),
      ]),
    );
    expect(result.rows.map((row) => row.employeeNumber)).toEqual(['E-1', 'e-1']);
    expect(result.errors).toEqual([]);
  });

  it('reports a later row even when the first occurrence has errors of its own', () => {
    const result = parsed(
      file([
        cells({ employee_number: 'E-1', contract_hours: '99' }).join(','),
        cells({ employee_number: 'E-1' }).join(','),
      ]),
    );
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      { line: 2, field: 'contract_hours', reason: 'must be from 0.5 to 60' },
      { line: 3, field: 'employee_number', reason: 'duplicates line 2' },
    ]);
  });

  it('does not count a number from a row with the wrong number of fields', () => {
    const result = parsed(
      file([
        cells({ employee_number: 'E-1' }).slice(0, 5).join(','),
        cells({ employee_number: 'E-1' }).join(','),
      ]),
    );
    expect(result.rows.map((row) => row.line)).toEqual([3]);
    expect(result.errors).toEqual([{ line: 2, field: null, reason: 'expected 7 fields, found 5' }]);
  });
});

describe('parseEmployeeCsv: whole-file errors', () => {
  it.each([
    ['an empty string', ''],
    ['only a byte order mark', '\uFEFF'],
    ['only blank lines', '\n\r\n  \n\t\n'],
    ['only rows of empty fields', ';;;;\n;;\n'],
  ])('refuses %s as empty', (_, input) => {
    expect(fileErrorOf(input)).toEqual({ field: 'file', message: 'is empty' });
    expect(fileErrorOf(Buffer.from(input))).toEqual({ field: 'file', message: 'is empty' });
  });

  it('refuses a header without rows (the empty template)', () => {
    expect(fileErrorOf(`${HEADER}\r\n\r\n,,,,,,\r\n`)).toEqual({
      field: 'file',
      message: 'has a header but no employee rows',
    });
  });

  it('refuses more data rows than maxRows, not counting blank lines', () => {
    const three = file([
      cells({ employee_number: 'E-1' }).join(','),
      '',
      cells({ employee_number: 'E-2' }).join(','),
      ',,,,,,',
      cells({ employee_number: 'E-3' }).join(','),
    ]);
    expect(parsed(three, 3).totalRows).toBe(3);
    expect(fileErrorOf(three, 2)).toEqual({
      field: 'file',
      message: 'has more than 2 rows; split it into smaller files',
    });
  });

  it('counts rows with errors towards maxRows', () => {
    const lines = ['x', 'y', cells().join(',')];
    expect(fileErrorOf(file(lines), 2)).toEqual({
      field: 'file',
      message: 'has more than 2 rows; split it into smaller files',
    });
  });

  it('accepts 150,000 rows by default and refuses 150,001', () => {
    const lines = Array.from({ length: 150_000 }, (_, i) => `E-${i},N,1980,38,T,,`);
    const result = parsed(file(lines));
    expect(result.totalRows).toBe(150_000);
    expect(result.rows).toHaveLength(150_000);
    expect(fileErrorOf(file([...lines, 'E-x,N,1980,38,T,,']))).toEqual({
      field: 'file',
      message: 'has more than 150000 rows; split it into smaller files',
    });
  });

  it('refuses an unclosed quote, naming the line where it opens', () => {
    const later = file([
      cells({ employee_number: 'E-1', full_name: '"An\nPeeters"', department: '"Noord' }).join(','),
    ]);
    expect(fileErrorOf(later)).toEqual({
      field: 'file',
      message: 'has a quote opened on line 3 that is never closed',
    });
    const input = file([
      cells({ employee_number: 'E-1' }).join(','),
      '',
      cells({ employee_number: 'E-2', full_name: '"An Peeters' }).join(','),
      cells({ employee_number: 'E-3' }).join(','),
    ]);
    expect(fileErrorOf(input)).toEqual({
      field: 'file',
      message: 'has a quote opened on line 4 that is never closed',
    });
    expect(fileErrorOf(`"employee_number,full_name\n${cells().join(',')}\n`)).toEqual({
      field: 'file',
      message: 'has a quote opened on line 1 that is never closed',
    });
  });

  it.each<[string, string | Uint8Array, string]>([
    [
      'NUL in a string',
      `${HEADER}\nE-1,An\0,1984,38,T,,\n`,
      'contains binary data; upload a CSV file',
    ],
    [
      'NUL in bytes',
      Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0x45, 0x00, 0x31])]),
      'contains binary data; upload a CSV file',
    ],
    [
      'Windows-1252 bytes',
      Buffer.concat([
        Buffer.from(`${HEADER}\nE-1,Zo`),
        Buffer.from([0xeb]),
        Buffer.from(',1984,38,T,,\n'),
      ]),
      'is not UTF-8 text; save it as "CSV UTF-8" and upload that',
    ],
    [
      'UTF-16 with its byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]),
      'is UTF-16 text; save it as "CSV UTF-8" and upload that',
    ],
    [
      'an .xlsx workbook',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
      'is an Excel workbook; save it as "CSV UTF-8" and upload that',
    ],
    [
      'an .xls workbook',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'is an Excel workbook; save it as "CSV UTF-8" and upload that',
    ],
    [
      'a PDF document',
      Buffer.from(`%PDF-1.7\n${HEADER}\n`),
      'is a PDF document; upload the CSV file itself',
    ],
    [
      'a PNG image',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      'is an image; upload the CSV file itself',
    ],
    [
      'a JPEG image',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      'is an image; upload the CSV file itself',
    ],
    ['a GIF image', Buffer.from('GIF89a\x01\x00'), 'is an image; upload the CSV file itself'],
    [
      'a WebP image',
      Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 2, 3, 4]), Buffer.from('WEBPVP8 ')]),
      'is an image; upload the CSV file itself',
    ],
    [
      'a gzip-compressed CSV',
      Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
      'is a compressed (gzip) file; upload the CSV file itself',
    ],
  ])('refuses %s', (_, input, message) => {
    expect(fileErrorOf(input)).toEqual({ field: 'file', message });
  });

  it('throws on a maxRows that is not a positive integer (a programming error)', () => {
    expect(() => parseEmployeeCsv(HEADER, { maxRows: 0 })).toThrow(RangeError);
    expect(() => parseEmployeeCsv(HEADER, { maxRows: 1.5 })).toThrow(RangeError);
  });
});

describe('checkEmployeeCsvFile: what an upload is refused for', () => {
  it('passes a file with the header, whatever its rows hold', () => {
    expect(checkEmployeeCsvFile(Buffer.from(file([cells().join(',')])))).toBeNull();
    expect(checkEmployeeCsvFile(Buffer.from(file(['x;y', '"unclosed'])))).toBeNull();
    expect(checkEmployeeCsvFile(Buffer.from(`\uFEFF\n\n${HEADER}\n`))).toBeNull();
  });

  it.each<[string, Uint8Array]>([
    ['an .xlsx workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
    ['a PDF document', Buffer.from(`%PDF-1.4\n${HEADER}\n`)],
    ['binary data', Buffer.from([0x45, 0x00, 0x31, 0x0a])],
    ['Windows-1252 text', Buffer.concat([Buffer.from(`${HEADER}\nZo`), Buffer.from([0xeb])])],
    ['UTF-16 text', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')])],
  ])('calls %s not text, naming the file', (_, input) => {
    expect(checkEmployeeCsvFile(input)).toEqual({
      kind: 'not_text',
      field: 'file',
      message: fileErrorOf(input).message,
    });
  });

  it.each<[string, string, 'file' | 'header']>([
    ['a first line that is a row, not the header', `${cells().join(',')}\n`, 'header'],
    ['a header missing a column', 'employee_number,full_name\nE-1,An\n', 'header'],
    ['tab-separated text', `${EMPLOYEE_CSV_COLUMNS.join('\t')}\n`, 'header'],
    ['blank lines only', '\n\n', 'file'],
    ['a header whose quote never closes', `"employee_number,full_name\n`, 'file'],
  ])('calls %s not an employee CSV, as the job would', (_, text, field) => {
    const problem = checkEmployeeCsvFile(Buffer.from(text));
    expect(problem).toEqual({
      kind: 'not_employee_csv',
      field,
      message: fileErrorOf(Buffer.from(text)).message,
    });
  });
});

describe('parseEmployeeCsv: a file of 10,000 rows', () => {
  const DEMAND_REASON = `code 2 is not one of ${DEMANDS} (separate codes with | or a space)`;

  /**
   * 10,000 rows in a ";" file with CRLF, quoted line breaks in some valid rows, blank lines and
   * rows of empty fields, and 300 invalid rows of 13 kinds; with the errors and good lines expected.
   */
  function bigFile() {
    const header = EMPLOYEE_CSV_COLUMNS.join(';');
    const out: string[] = [`${header}\r\n`];
    const errors: EmployeeCsvRowError[] = [];
    const goodLines: number[] = [];
    const lineOf: number[] = [];
    let line = 2;
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const row: string[] = cells({
        employee_number: `E-${i}`,
        full_name: i % 97 === 0 ? `"Name\n${i}"` : `Name ${i}`,
        birth_year: String(1950 + (i % 50)),
        contract_hours: i % 2 === 0 ? '38' : '37,5',
        physical_demands: i % 3 === 0 ? 'lifting|screen_work' : '',
        department: i % 5 === 0 ? '"Campus ""Noord""; gebouw B"' : 'Campus Zuid',
      });
      const fail = (field: EmployeeCsvColumn | null, reason: string) =>
        errors.push({ line, field, reason });
      const set = (field: EmployeeCsvColumn, value: string) => {
        row[EMPLOYEE_CSV_COLUMNS.indexOf(field)] = value;
      };
      if (i % 33 === 5 && bad < 300) {
        switch (bad % 13) {
          case 0:
            row.pop();
            fail(null, 'expected 7 fields, found 6');
            break;
          case 1:
            set('employee_number', `E ${i}`);
            fail('employee_number', 'must be 1-40 letters, digits or . _ / -');
            break;
          case 2:
            set('birth_year', '1899');
            fail('birth_year', 'must be from 1900 to 2100');
            break;
          case 3:
            set('contract_hours', '37,55');
            fail('contract_hours', 'must have at most one decimal');
            break;
          case 4:
            set('contract_hours', '61');
            fail('contract_hours', 'must be from 0.5 to 60');
            break;
          case 5:
            set('full_name', '""');
            fail('full_name', 'is required');
            break;
          case 6:
            set('job_title', 'x'.repeat(201));
            fail('job_title', 'must be at most 200 characters');
            break;
          case 7:
            set('physical_demands', 'lifting|flying');
            fail('physical_demands', DEMAND_REASON);
            break;
          case 8:
            set('physical_demands', 'sitting sitting');
            fail('physical_demands', 'must not list a code twice');
            break;
          case 9:
            set('employee_number', `E-${i - 1}`);
            fail('employee_number', `duplicates line ${lineOf[i - 1]}`);
            break;
          case 10:
            set('department', 'd'.repeat(201));
            fail('department', 'must be at most 200 characters');
            break;
          case 11:
            set('birth_year', 'abc');
            set('contract_hours', '');
            fail('birth_year', 'must be a whole number');
            fail('contract_hours', 'is required');
            break;
          case 12:
            set('job_title', '"Teacher"x');
            fail('job_title', 'has text after the closing quote');
            break;
        }
        bad++;
      } else {
        goodLines.push(line);
      }
      lineOf[i] = line;
      const record = `${row.join(';')}\r\n`;
      out.push(record);
      line += record.split('\n').length - 1;
      if (i % 500 === 250) {
        out.push(i % 1000 === 250 ? '\r\n' : ';;;;;;\r\n');
        line++;
      }
    }
    return { text: out.join(''), errors, goodLines, bad };
  }

  it('reports every bad row on its exact line and keeps exactly the good rows', () => {
    const { text, errors, goodLines, bad } = bigFile();
    expect(bad).toBe(300);
    const result = parsed(text);
    expect(result.totalRows).toBe(10_000);
    expect(result.rows).toHaveLength(9_700);
    expect(result.rows.map((row) => row.line)).toEqual(goodLines);
    expect(new Set(result.errors.map((error) => error.line)).size).toBe(300);
    expect(result.errors).toEqual(errors);
    expect(result.rows[0]).toEqual({
      line: 2,
      employeeNumber: 'E-0',
      fullName: 'Name\n0',
      birthYear: 1950,
      contractHours: 38,
      jobTitle: 'Teacher',
      physicalDemands: ['lifting', 'screen_work'],
      department: 'Campus "Noord"; gebouw B',
    });
    const last = result.rows[result.rows.length - 1];
    expect([last.line, last.employeeNumber, last.contractHours]).toEqual([
      goodLines[goodLines.length - 1],
      'E-9999',
      37.5,
    ]);
  });
});
