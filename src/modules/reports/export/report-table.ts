import ExcelJS from 'exceljs';

/** One column of a sector report table: its key in each row, its heading and how its cells read. */
export interface ReportColumn {
  key: string;
  label: string;
  kind: 'text' | 'integer' | 'decimal' | 'percent';
}

/** A sector report table as published: withheld cells are null. */
export interface ReportTable {
  title: string;
  notes: string[];
  columns: ReportColumn[];
  rows: Record<string, string | number | null>[];
}

type Cell = string | number | null;

const BOM = '\uFEFF';
const CRLF = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

const NUMBER_FORMATS: Record<ReportColumn['kind'], string | undefined> = {
  text: undefined,
  integer: '0',
  decimal: '0.00',
  percent: '0.0',
};

const SHEET_NAME_MAX = 31;
const MIN_WIDTH = 8;
const MAX_WIDTH = 50;

/**
 * A sector report table as CSV for download: UTF-8 with a BOM so spreadsheet programs in every
 * locale keep accents, CRLF line ends, RFC 4180 quoting, withheld cells as empty fields and text
 * that a spreadsheet would run as a formula neutralised. Notes stay out so the file is data only.
 */
export function toCsv(table: ReportTable): string {
  const header = table.columns.map((column) => csvField(column.label));
  const rows = table.rows.map((row) =>
    table.columns.map((column) => csvField(cellOf(row, column))),
  );
  return BOM + [header, ...rows].map((fields) => fields.join(',') + CRLF).join('');
}

/**
 * A sector report table as an Excel workbook: one sheet named after the table, the title and notes
 * above a frozen header, figures as real numbers, withheld cells empty and text never read as a
 * formula.
 */
export async function toXlsx(table: ReportTable): Promise<Buffer> {
  const headerRow = table.notes.length + 3;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName(table.title), {
    views: [{ state: 'frozen', ySplit: headerRow }],
  });
  sheet.getCell(1, 1).value = table.title;
  sheet.getRow(1).font = { bold: true, size: 14 };
  table.notes.forEach((note, index) => (sheet.getCell(index + 2, 1).value = note));
  table.columns.forEach((column, index) => {
    sheet.getCell(headerRow, index + 1).value = column.label;
    const numFmt = NUMBER_FORMATS[column.kind];
    if (numFmt) sheet.getColumn(index + 1).numFmt = numFmt;
    sheet.getColumn(index + 1).width = columnWidth(table, column);
  });
  sheet.getRow(headerRow).font = { bold: true };
  table.rows.forEach((row, rowIndex) => {
    table.columns.forEach((column, index) => {
      sheet.getCell(headerRow + 1 + rowIndex, index + 1).value = xlsxValue(row, column);
    });
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer);
}

/** A title turned into a valid worksheet name: at most 31 characters, none of []:*?/\. */
export function sheetName(title: string): string {
  let name = title
    .replace(/[[\]:*?/\\\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s']+|[\s']+$/g, '');
  if (name.length > SHEET_NAME_MAX) {
    name = name.slice(0, SHEET_NAME_MAX);
    if (/[\uD800-\uDBFF]$/.test(name)) name = name.slice(0, -1);
    name = name.replace(/[\s']+$/, '');
  }
  if (name === '') return 'Report';
  return name.toLowerCase() === 'history' ? `${name} report` : name;
}

function cellOf(row: Record<string, Cell>, column: ReportColumn): Cell {
  const value = row[column.key] ?? null;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`Column "${column.key}" holds a number that is not finite: ${value}`);
  }
  return value;
}

function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function xlsxValue(row: Record<string, Cell>, column: ReportColumn): Cell {
  const value = cellOf(row, column);
  return column.kind === 'text' && typeof value === 'number' ? String(value) : value;
}

function columnWidth(table: ReportTable, column: ReportColumn): number {
  const widest = table.rows.reduce(
    (max, row) => Math.max(max, String(row[column.key] ?? '').length),
    column.label.length,
  );
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
}
