import ExcelJS from 'exceljs';
import { sheetName, toCsv, toXlsx, type ReportTable } from './report-table.js';

const table = (overrides: Partial<ReportTable> = {}): ReportTable => ({
  title: 'Absence by sector, 2025',
  notes: ['Cells with fewer than 10 people are withheld.', 'Source: programme records.'],
  columns: [
    { key: 'sector', label: 'Sector', kind: 'text' },
    { key: 'people', label: 'People', kind: 'integer' },
    { key: 'days', label: 'Mean days', kind: 'decimal' },
    { key: 'back', label: 'Back at work (%)', kind: 'percent' },
  ],
  rows: [
    { sector: 'Zorg, welzijn', people: 120, days: 12.35, back: 81.5 },
    { sector: 'Bâtiment "gros œuvre"', people: 45, days: null, back: -2.5 },
    { sector: 'Logistics\nand transport', people: null, days: 7, back: 0 },
  ],
  ...overrides,
});

const csvLines = (csv: string) => csv.slice(1).split('\r\n');

async function readBack(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0];
}

describe('a sector report table as CSV', () => {
  it('starts with a UTF-8 BOM and keeps accents as they are', () => {
    const csv = toCsv(table());
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.charCodeAt(1)).not.toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toContain('Bâtiment');
  });

  it('ends every record with CRLF, including the last, and has no bare LF between records', () => {
    const csv = toCsv(table({ rows: [{ sector: 'A', people: 1, days: 2, back: 3 }] }));
    expect(csv).toBe('\uFEFFSector,People,Mean days,Back at work (%)\r\nA,1,2,3\r\n');
  });

  it('writes the column labels as the header row, not the keys, and leaves the notes out', () => {
    const csv = toCsv(table());
    expect(csvLines(csv)[0]).toBe('Sector,People,Mean days,Back at work (%)');
    expect(csv).not.toContain('withheld');
    expect(csv).not.toContain('Absence by sector');
  });

  it('quotes fields with commas, double quotes or line breaks and doubles the quotes', () => {
    const csv = toCsv(table());
    expect(csv).toContain('\r\n"Zorg, welzijn",120,12.35,81.5\r\n');
    expect(csv).toContain('\r\n"Bâtiment ""gros œuvre""",45,,-2.5\r\n');
    expect(csv).toContain('\r\n"Logistics\nand transport",,7,0\r\n');
    expect(toCsv(table({ rows: [{ sector: 'plain', people: 1, days: 1, back: 1 }] }))).toContain(
      '\r\nplain,1,1,1\r\n',
    );
  });

  it('writes withheld cells and missing keys as empty fields, never as 0 or "null"', () => {
    const csv = toCsv(table({ rows: [{ sector: null, people: null, back: 0 }] }));
    expect(csvLines(csv)[1]).toBe(',,,0');
  });

  it('writes numbers with a dot and no grouping, exactly as given', () => {
    const csv = toCsv(table({ rows: [{ sector: 'x', people: 1234567, days: 0.125, back: 99.9 }] }));
    expect(csvLines(csv)[1]).toBe('x,1234567,0.125,99.9');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    const rows = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx'].map((sector) => ({ sector }));
    const lines = csvLines(toCsv(table({ rows })));
    expect(lines.slice(1, 8)).toEqual([
      "'=1+1,,,",
      "'+SUM(A1),,,",
      "'-2+3,,,",
      "'@cmd,,,",
      "'\tx,,,",
      `"'\rx",,,`,
      '',
    ]);
    expect(csvLines(toCsv(table({ rows: [{ sector: 'a=b-c' }] })))[1]).toBe('a=b-c,,,');
  });

  it('quotes a neutralised formula that also holds a comma', () => {
    expect(csvLines(toCsv(table({ rows: [{ sector: '=A1,B1' }] })))[1]).toBe(`"'=A1,B1",,,`);
  });

  it('never prefixes numbers, negative ones included', () => {
    const csv = toCsv(table({ rows: [{ sector: 'x', people: -3, days: -0.5, back: -12 }] }));
    expect(csvLines(csv)[1]).toBe('x,-3,-0.5,-12');
  });

  it('guards the header labels like any other text', () => {
    const csv = toCsv(table({ columns: [{ key: 'a', label: '=label', kind: 'text' }], rows: [] }));
    expect(csv).toBe("\uFEFF'=label\r\n");
  });

  it('refuses a number that is not finite', () => {
    expect(() => toCsv(table({ rows: [{ people: Number.NaN }] }))).toThrow(/people/);
  });
});

describe('a sector report table as an Excel workbook', () => {
  it('names the single sheet after the title', async () => {
    const sheet = await readBack(await toXlsx(table()));
    expect(sheet.name).toBe('Absence by sector, 2025');
  });

  it('puts a bold title, the notes, an empty row and a bold header row on top', async () => {
    const sheet = await readBack(await toXlsx(table()));
    expect(sheet.getCell('A1').value).toBe('Absence by sector, 2025');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('Cells with fewer than 10 people are withheld.');
    expect(sheet.getCell('A3').value).toBe('Source: programme records.');
    expect(sheet.getRow(4).cellCount).toBe(0);
    expect(sheet.getRow(5).values).toEqual([
      undefined,
      'Sector',
      'People',
      'Mean days',
      'Back at work (%)',
    ]);
    expect(sheet.getCell('B5').font?.bold).toBe(true);
    expect(sheet.getCell('B6').font?.bold).not.toBe(true);
  });

  it('freezes the rows down to the header', async () => {
    const sheet = await readBack(await toXlsx(table()));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    const noNotes = await readBack(await toXlsx(table({ notes: [] })));
    expect(noNotes.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(noNotes.getCell('A3').value).toBe('Sector');
  });

  it('writes figures as numeric cells and percentages as numbers with one decimal shown', async () => {
    const sheet = await readBack(await toXlsx(table()));
    expect(sheet.getCell('B6').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('B6').value).toBe(120);
    expect(sheet.getCell('C6').value).toBe(12.35);
    expect(sheet.getCell('D6').value).toBe(81.5);
    expect(sheet.getCell('D6').numFmt).toBe('0.0');
    expect(sheet.getCell('D7').value).toBe(-2.5);
    expect(sheet.getCell('D8').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('D8').value).toBe(0);
    expect(sheet.getCell('A6').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A6').value).toBe('Zorg, welzijn');
    expect(sheet.getCell('A8').value).toBe('Logistics\nand transport');
  });

  it('leaves withheld cells empty', async () => {
    const sheet = await readBack(await toXlsx(table()));
    expect(sheet.getCell('C7').type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getCell('B8').type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getCell('C8').value).toBe(7);
  });

  it('keeps text that looks like a formula as text', async () => {
    const rows = [
      { sector: '=1+1', people: 1 },
      { sector: '@SUM(B1:B2)', people: null },
    ];
    const sheet = await readBack(await toXlsx(table({ rows })));
    expect(sheet.getCell('A6').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A6').value).toBe('=1+1');
    expect(sheet.getCell('A6').formula).toBeUndefined();
    expect(sheet.getCell('A7').value).toBe('@SUM(B1:B2)');
  });

  it('gives every column a width between 8 and 50 that grows with its contents', async () => {
    const long = 'x'.repeat(80);
    const sheet = await readBack(await toXlsx(table({ rows: [{ sector: long, people: 1 }] })));
    expect(sheet.getColumn(1).width).toBe(50);
    expect(sheet.getColumn(2).width).toBe(8);
    expect(sheet.getColumn(4).width).toBe('Back at work (%)'.length + 2);
  });

  it('returns a Buffer holding a zip archive', async () => {
    const buffer = await toXlsx(table());
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('the worksheet name of a sector report', () => {
  it('drops the characters Excel refuses and keeps at most 31', () => {
    expect(sheetName('Q1/Q2 [draft]: a*b?c\\d')).toBe('Q1 Q2 draft a b c d');
    expect(sheetName('Return to work by sector and age group, 2024-2025')).toBe(
      'Return to work by sector and ag',
    );
    expect(sheetName('Return to work by sector and age group').length).toBeLessThanOrEqual(31);
  });

  it('never ends in a split character, an apostrophe or a space, and is never empty', () => {
    expect(sheetName(`${'a'.repeat(30)}😀b`)).toBe('a'.repeat(30));
    expect(sheetName("'quoted'")).toBe('quoted');
    expect(sheetName(`${'a'.repeat(29)} 'b`)).toBe('a'.repeat(29));
    expect(sheetName('[]?*')).toBe('Report');
    expect(sheetName('History')).toBe('History report');
  });

  it('is accepted by the workbook for any title', async () => {
    const sheet = await readBack(await toXlsx(table({ title: "'[Sector]' / 'benchmark'?" })));
    expect(sheet.name).toBe("Sector ' 'benchmark");
  });
});
