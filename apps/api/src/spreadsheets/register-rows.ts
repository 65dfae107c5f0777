import { InvalidCommandError, ItemKind, isCalendarDate } from '@tracker/domain';
import { ITEM_REQUESTS, ItemRequest } from '../registers/commands/register-item/register-item.request.dto';
import { sameReference } from '../registers/item-ids';
import { validatedRequest } from '../shared/forms';
import { words } from '../shared/words';
import { Column, codeForWord, columnsOf, fieldForHeader, headerKey } from './register-columns';
import { ImportProblem, ImportRefusedError, ProblemList } from './import-refused.error';
import { Cell, SheetRow } from './spreadsheet';

/** A row that passed every check, as the request registering its item would be. */
export interface RegisterRow {
  readonly row: number;
  readonly request: ItemRequest;
}

export interface RegisterRows {
  readonly rows: readonly RegisterRow[];
  /** Headers that name no field of the register; their cells are not imported. */
  readonly ignoredColumns: readonly string[];
  /** The reference column's header as the file writes it. */
  readonly referenceColumn: string;
}

/** Header text as written in the file → field name, for headers no synonym covers. */
export type ColumnMapping = Readonly<Record<string, string>>;

const HEADER_SEARCH_ROWS = 20;

/**
 * Reads a register's rows out of a sheet: finds the header row (below any title rows, under any
 * merged group headers), maps each column to a field, turns each cell into what the API takes
 * (UK dates, £ amounts, Yes/No, choices in words) and checks every row with the API's own request
 * class. Throws {@link ImportRefusedError} with every problem when any row has one.
 */
export async function readRegisterRows(sheet: readonly SheetRow[], kind: ItemKind, mapping: ColumnMapping = {}, onRow?: (done: number, of: number) => void): Promise<RegisterRows> {
  const columns = columnsOf(kind);
  assertMapping(kind, mapping, columns);
  const header = findHeader(sheet, kind, mapping);
  const missing = columns.filter(({ field, optional }) => !optional && !header.fields.includes(field.name));
  if (missing.length > 0) {
    throw new ImportRefusedError(
      missing.map(({ field, header: title }) => ({
        row: header.number,
        column: title,
        value: '',
        problem: `no column for ${field.name === 'reference' ? 'the reference' : title.toLowerCase()} was found; name the column "${title}" or give a mapping`,
      })),
    );
  }

  const body = sheet.filter((row) => row.number > header.number && !isBlank(row));
  const problems = new ProblemList();
  const rows: RegisterRow[] = [];
  const firstRowOf = new Map<string, number>();
  const referenceAt = header.fields.indexOf('reference');
  for (const [index, row] of body.entries()) {
    const cellOf = (field: string) => row.cells[header.fields.indexOf(field)] ?? null;
    const converted = columns.map((column) => ({ column, ...convert(column, cellOf(column.field.name)) }));
    const answer = Object.fromEntries(converted.filter(({ value }) => value !== undefined).map(({ column, value }) => [column.field.name, value]));
    const rowProblems = converted.flatMap(({ column, problem }) => (problem ? [at(row, column, problem)] : []));
    try {
      const request = await validatedRequest({ fields: [], request: ITEM_REQUESTS[kind] }, answer);
      if (rowProblems.length === 0) rows.push({ row: row.number, request });
    } catch (error) {
      if (!(error instanceof InvalidCommandError)) throw error;
      // A cell that could not be read is reported once, as unreadable, not again as missing.
      const unreadable = new Set(converted.filter(({ problem }) => problem).map(({ column }) => column.field.name));
      for (const { field, problem } of error.problems) {
        const column = columns.find((c) => c.field.name === field.split(/[.[]/)[0]);
        if (column && !unreadable.has(column.field.name)) rowProblems.push(at(row, column, problem));
      }
    }
    const reference = textOf(row.cells[referenceAt]);
    if (reference !== '') {
      const key = sameReference(reference);
      const first = firstRowOf.get(key);
      if (first === undefined) firstRowOf.set(key, row.number);
      else rowProblems.push({ row: row.number, column: header.headers[referenceAt], value: reference, problem: `repeats the reference in row ${first}` });
    }
    problems.push(...rowProblems.sort((a, b) => header.headers.indexOf(a.column) - header.headers.indexOf(b.column)));
    onRow?.(index + 1, body.length);
  }

  if (body.length === 0) problems.push({ row: header.number, column: '', value: '', problem: 'there are no rows under the header row' });
  if (problems.length > 0) throw new ImportRefusedError(problems);
  return { rows, ignoredColumns: header.headers.filter((h, i) => h !== '' && header.fields[i] === undefined), referenceColumn: header.headers[referenceAt] };

  function at(row: SheetRow, column: Column, problem: string): ImportProblem {
    const i = header.fields.indexOf(column.field.name);
    return { row: row.number, column: header.headers[i] ?? column.header, value: textOf(row.cells[i]), problem };
  }
}

function assertMapping(kind: ItemKind, mapping: ColumnMapping, columns: readonly Column[]): void {
  const known = new Set(columns.map(({ field }) => field.name));
  const wrong = Object.entries(mapping).filter(([, field]) => !known.has(field));
  if (wrong.length > 0) {
    throw new InvalidCommandError(
      wrong.map(([header, field]) => ({ field: 'mapping', problem: `maps "${header}" to "${field}", which is not a field of ${words(kind).toLowerCase()}s; the fields are ${[...known].join(', ')}` })),
    );
  }
}

interface Header {
  readonly number: number;
  /** The header of each column, as written (with its merged group header in front where that is how it matched). */
  readonly headers: readonly string[];
  /** The field of each column, or undefined for a column that is not imported. */
  readonly fields: readonly (string | undefined)[];
}

/**
 * The header row is the one, among the first rows, whose cells name the most fields. Title rows
 * above it are skipped; a merged group header above it ("Contract" over "Ref" and "Value") is
 * tried in front of each header under it, and stands for a header cell left empty under it.
 */
function findHeader(sheet: readonly SheetRow[], kind: ItemKind, mapping: ColumnMapping): Header {
  const mapped = new Map(Object.entries(mapping).map(([header, field]) => [headerKey(header), field]));
  const fieldOf = (text: string) => mapped.get(headerKey(text)) ?? fieldForHeader(kind, text);
  let best: Header | undefined;
  let bestCount = 0;
  const candidates = sheet.filter((row) => !isBlank(row)).slice(0, HEADER_SEARCH_ROWS);
  for (const [index, row] of candidates.entries()) {
    const above = index > 0 ? filledAcross(candidates[index - 1]) : [];
    const headers: string[] = [];
    const fields: (string | undefined)[] = [];
    const width = Math.max(row.cells.length, above.length);
    for (let i = 0; i < width; i++) {
      const own = textOf(row.cells[i] ?? null);
      const group = above[i] ?? '';
      const tries = own === '' ? [group] : [own, `${group} ${own}`.trim()];
      const hit = tries.find((text) => text !== '' && fieldOf(text) !== undefined);
      const field = hit === undefined ? undefined : fieldOf(hit);
      headers.push(hit ?? own);
      fields.push(field !== undefined && !fields.includes(field) ? field : undefined);
    }
    const count = fields.filter((f) => f !== undefined).length;
    if (count > bestCount) [best, bestCount] = [{ number: row.number, headers, fields }, count];
  }
  if (best === undefined || bestCount < 2 || !best.fields.includes('reference')) {
    const expected = columnsOf(kind).map((c) => c.header);
    throw new ImportRefusedError([
      {
        row: best?.number ?? candidates[0]?.number ?? 1,
        column: '',
        value: '',
        problem: `no header row was found in the first ${HEADER_SEARCH_ROWS} rows with a reference column; expected headers such as ${expected.join(', ')}`,
      },
    ]);
  }
  return best;
}

/** A group header row as it reads across: a merged cell (or a CSV's blanks after it) covers the columns to its right. */
function filledAcross(row: SheetRow): string[] {
  let current = '';
  return row.cells.map((cell) => (current = textOf(cell) || current));
}

const isBlank = (row: SheetRow) => row.cells.every((cell) => textOf(cell) === '');

function textOf(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return isoDate(cell);
  return String(cell).trim();
}

/** A cell as the API's request takes it, or the problem with it. Undefined: left blank. */
function convert(column: Column, cell: Cell): { value?: unknown; problem?: string } {
  if (textOf(cell) === '') return {};
  const { field } = column;
  switch (field.kind) {
    case 'money':
      // A spreadsheet shows pounds and pence whatever a formula left in the cell.
      return typeof cell === 'number' ? { value: Math.round(cell * 100) / 100 } : numberIn(textOf(cell).replace(/£/g, ''));
    case 'number':
      return typeof cell === 'number' ? { value: cell } : numberIn(textOf(cell));
    case 'date':
      return dateIn(cell);
    case 'yes-no':
      return yesNoIn(cell);
    case 'select':
    case 'radios': {
      const text = headerKey(textOf(cell));
      const choice = field.choices.find((c) => headerKey(c.value) === text || headerKey(c.text ?? words(c.value)) === text);
      // Then the words councils use for a code ("Novation", "Council retains & recharges").
      const word = codeForWord(field.name, textOf(cell));
      const worded = choice ? choice.value : field.choices.find((c) => c.value === word)?.value;
      return worded !== undefined ? { value: worded } : { problem: `must be one of: ${field.choices.map((c) => c.text ?? words(c.value)).join(', ')}` };
    }
    case 'lines':
      return { value: textOf(cell).split(/\r?\n|;|\|/).map((line) => line.trim()).filter((line) => line !== '') };
    default:
      return { value: textOf(cell) };
  }
}

/** "1,250.50" or "£1,250.50" → 1250.5; anything else is handed on for the request's own check to name. */
function numberIn(text: string): { value: unknown } {
  const plain = text.replace(/,/g, '').trim();
  return { value: /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : text };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DATE_PROBLEM = 'must be a date, e.g. 31/03/2028, 31 March 2028 or 2028-03-31';

/** UK dates (day first), ISO dates, Excel's date cells and its day numbers; all as YYYY-MM-DD. */
function dateIn(cell: Cell): { value?: string; problem?: string } {
  if (cell instanceof Date) return { value: isoDate(cell) };
  if (typeof cell === 'number') {
    // A date cell without a date format arrives as Excel's day number (1 = 1 January 1900, with its 1900 leap-year slip).
    return cell >= 20000 && cell < 80000 && Number.isInteger(cell) ? { value: isoDate(new Date(Date.UTC(1899, 11, 30) + cell * 86400000)) } : { problem: DATE_PROBLEM };
  }
  const text = textOf(cell);
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text))) [y, m, d] = [+match[1], +match[2], +match[3]];
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text))) [d, m, y] = [+match[1], +match[2], fullYear(match[3])];
  else if ((match = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2}|\d{4})$/.exec(text))) {
    const month = MONTHS.indexOf(match[2].slice(0, 3).toLowerCase());
    if (month < 0 || !MONTH_NAMES.some((name) => name.startsWith(match![2].toLowerCase()))) return { problem: DATE_PROBLEM };
    [d, m, y] = [+match[1], month + 1, fullYear(match[3])];
  } else return { problem: DATE_PROBLEM };
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isCalendarDate(iso) ? { value: iso } : { problem: `is not a real date (${DATE_PROBLEM.replace('must be a date, ', '')})` };
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function yesNoIn(cell: Cell): { value?: boolean; problem?: string } {
  if (typeof cell === 'boolean') return { value: cell };
  const text = textOf(cell).toLowerCase();
  if (['yes', 'y', 'true', '1', 'x', '✓'].includes(text)) return { value: true };
  if (['no', 'n', 'false', '0'].includes(text)) return { value: false };
  return { problem: 'must be Yes or No' };
}
