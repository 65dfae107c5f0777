import { parse } from 'csv-parse/sync';
import { csvCell, fromCsvCell } from '../shared/csv';
import { DEFAULT_SPREADSHEET_LIMITS, SpreadsheetLimits, checkTable, checkWorkbook } from './workbook-guard';
import ExcelJS from 'exceljs';
import { InvalidCommandError } from '@tracker/domain';

/** A cell as read: text, a number, a yes/no, a date (from a date-formatted Excel cell), or nothing. */
export type Cell = string | number | boolean | Date | null;

/** A row as the spreadsheet numbers it (1-based, blank rows counted), so problems point where people look. */
export interface SheetRow {
  readonly number: number;
  readonly cells: readonly Cell[];
}

export type SpreadsheetFormat = 'csv' | 'xlsx';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The format from the bytes themselves, not the file's name: an .xlsx is a zip archive. */
export function formatOf(file: Buffer): SpreadsheetFormat {
  if (file.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (file.subarray(0, 4).equals(OLE)) {
    throw new InvalidCommandError([{ field: 'file', problem: 'is an old Excel (.xls) workbook; save it as .xlsx or CSV and import that' }]);
  }
  return 'csv';
}

/**
 * The rows of a CSV or XLSX file. For a workbook, the sheet named after the register when there
 * is one, else the first sheet with anything in it.
 */
export async function readSpreadsheet(file: Buffer, preferredSheet: string, limits: SpreadsheetLimits = DEFAULT_SPREADSHEET_LIMITS): Promise<SheetRow[]> {
  if (file.length === 0) throw new InvalidCommandError([{ field: 'file', problem: 'is empty' }]);
  if (formatOf(file) === 'xlsx') {
    // Before the reader inflates it: a small file can unpack to gigabytes.
    await checkWorkbook(file, limits);
    return readWorkbook(file, preferredSheet);
  }
  const rows = readCsv(file);
  checkTable(rows, limits);
  return rows;
}

function readCsv(file: Buffer): SheetRow[] {
  const text = decodeText(file);
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, d) => (count(firstLine, d) > count(firstLine, best) ? d : best), ',');
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    throw new InvalidCommandError([{ field: 'file', problem: `is not a CSV file that can be read: ${(error as Error).message}` }]);
  }
  return records.map((cells, index) => ({ number: index + 1, cells: cells.map((cell) => (cell.trim() === '' ? null : fromCsvCell(cell))) }));
}

const count = (line: string, char: string) => line.split(char).length - 1;

/** UTF-8, or — as Excel's plain "CSV" saves it on Windows — Windows-1252, where £ is one byte. */
function decodeText(file: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return new TextDecoder('windows-1252').decode(file);
  }
}

async function readWorkbook(file: Buffer, preferredSheet: string): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch (error) {
    throw new InvalidCommandError([{ field: 'file', problem: `is not an Excel workbook that can be read: ${(error as Error).message}` }]);
  }
  const sheets = workbook.worksheets.filter((sheet) => sheet.state === 'visible' && sheet.actualRowCount > 0);
  const sheet = sheets.find((s) => s.name.trim().toLowerCase() === preferredSheet.toLowerCase()) ?? sheets[0];
  if (sheet === undefined) throw new InvalidCommandError([{ field: 'file', problem: 'has no sheet with anything in it' }]);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellValue(cell.value);
    });
    rows.push({ number, cells: Array.from(cells, (cell) => cell ?? null) });
  });
  return rows;
}

/** Formulas give their result, links and rich text their text, errors nothing. */
function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return cellValue(value.richText.map((part) => part.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellValue((value as ExcelJS.CellHyperlinkValue).text);
  return null;
}

/** A table to write: a header row, then rows of values (numbers stay numbers, dates are yyyy-mm-dd). */
export interface Table {
  readonly sheet: string;
  readonly columns: readonly { readonly header: string; readonly kind: 'text' | 'money' | 'number' | 'date' }[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** CSV for Excel: a BOM so £ and accents survive, CRLF, and cells that would run as formulas made inert. */
export function toCsv(table: Table): Buffer {
  const line = (cells: readonly (string | number | null)[]) => cells.map(csvCell).join(',');
  const lines = [line(table.columns.map((c) => c.header)), ...table.rows.map(line)];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}


/** An .xlsx with one sheet: a bold, frozen header row, money as £ amounts, dates as real dates. */
export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Transition tracker';
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map(({ header, kind }) => ({
    header,
    width: Math.max(12, Math.min(48, header.length + 4)),
    style: kind === 'money' ? { numFmt: '"£"#,##0.00' } : kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(row.map((value, i) => (table.columns[i].kind === 'date' && typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
