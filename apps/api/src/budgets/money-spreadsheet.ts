import { BaselineLine, CostModelLine, InvalidCommandError, MONEY_CATEGORIES, MONEY_LIMITS, Money, MoneyCategory, MoneyLineRow, isFinancialYear, poundsOf } from '@tracker/domain';
import { ImportProblem, ProblemList } from '../spreadsheets/import-refused.error';
import { Cell, SheetRow, Table } from '../spreadsheets/spreadsheet';

/** The columns of a money spreadsheet, as it is exported and read back. */
export const MONEY_COLUMNS = ['Kind', 'Reference', 'Financial year', 'Cost centre', 'Category', 'Description', 'Amount', 'Assumption', 'Notes'] as const;
type Column = (typeof MONEY_COLUMNS)[number];
const KINDS: Readonly<Record<string, MoneyLineRow['kind']>> = { baseline: 'baseline', 'cost model': 'cost-model', 'cost-model': 'cost-model' };
const words = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');

/** The baseline and the cost model, line by line, in the columns an import reads back. */
export function moneyTable(money: Money): Table {
  const baseline = Object.values(money.baseline).sort((a, b) => a.financialYear.localeCompare(b.financialYear) || a.reference.localeCompare(b.reference));
  const costModel = Object.values(money.costModel).sort((a, b) => a.financialYear.localeCompare(b.financialYear) || a.reference.localeCompare(b.reference));
  return {
    sheet: 'Money',
    columns: MONEY_COLUMNS.map((header) => ({ header, kind: header === 'Amount' ? ('money' as const) : ('text' as const) })),
    rows: [
      ...baseline.map((l) => ['Baseline', l.reference, l.financialYear, l.costCentre, words(l.category), l.description, poundsOf(l.amountPence), null, null]),
      ...costModel.map((l) => ['Cost model', l.reference, l.financialYear, null, words(l.category), l.description, poundsOf(l.amountPence), l.assumption ?? null, l.notes ?? null]),
    ],
  };
}

const text = (cell: Cell | undefined): string => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim());
const key = (header: string) => header.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The lines a sheet holds, each with the id its reference gives it, or every problem by row and
 * column. The domain checks each line again (years, categories, amounts): its refusals come back
 * by the line's index, which `problemsOfRefusal` turns into rows.
 */
export function moneyRowsOf(sheet: readonly SheetRow[], lineIdOf: (kind: MoneyLineRow['kind'], reference: string) => string): { lines: MoneyLineRow[]; rows: number[]; problems: ProblemList } {
  const problems = new ProblemList();
  const header = sheet.find((row) => row.cells.some((c) => text(c) !== ''));
  if (header === undefined) throw new InvalidCommandError([{ field: 'file', problem: 'has no rows: the first row names the columns (Kind, Reference, Financial year, Cost centre, Category, Description, Amount, Assumption, Notes)' }]);
  const index = new Map<Column, number>();
  header.cells.forEach((cell, i) => {
    const column = MONEY_COLUMNS.find((c) => key(c) === key(text(cell)));
    if (column !== undefined && !index.has(column)) index.set(column, i);
  });
  for (const column of ['Kind', 'Reference', 'Financial year', 'Category', 'Description', 'Amount'] as const) {
    if (!index.has(column)) problems.push({ row: header.number, column, value: '', problem: `is missing: the first row must name a column “${column}”` });
  }
  const lines: MoneyLineRow[] = [];
  const rows: number[] = [];
  if (problems.length > 0) return { lines, rows, problems };
  const body = sheet.filter((row) => row.number > header.number && row.cells.some((c) => text(c) !== ''));
  if (body.length > MONEY_LIMITS.linesPerImport) {
    throw new InvalidCommandError([{ field: 'file', problem: `has ${body.length.toLocaleString('en-GB')} lines: at most ${MONEY_LIMITS.linesPerImport.toLocaleString('en-GB')} in one import` }]);
  }
  for (const row of body) {
    const cell = (column: Column) => (index.has(column) ? row.cells[index.get(column)!] : null);
    const at = (column: Column, problem: string): ImportProblem => ({ row: row.number, column, value: text(cell(column)), problem });
    const found: ImportProblem[] = [];
    const kind = KINDS[key(text(cell('Kind')))];
    if (kind === undefined) found.push(at('Kind', 'must be Baseline or Cost model'));
    const reference = text(cell('Reference'));
    if (reference === '') found.push(at('Reference', 'is required'));
    const financialYear = text(cell('Financial year'));
    if (!isFinancialYear(financialYear)) found.push(at('Financial year', 'must be a financial year written like 2027-28'));
    const categoryText = key(text(cell('Category'))).replace(/ /g, '-');
    const category = MONEY_CATEGORIES.find((c) => c === categoryText);
    if (category === undefined) found.push(at('Category', `must be one of: ${MONEY_CATEGORIES.map(words).join(', ')}`));
    const amount = amountOf(cell('Amount'));
    if (amount === undefined) found.push(at('Amount', 'must be an amount in pounds, like 125000 or £1,250.50'));
    const description = text(cell('Description'));
    if (description === '') found.push(at('Description', 'is required'));
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const common = { reference, financialYear, category: category as MoneyCategory, description, amountPence: Math.round(amount! * 100) };
    const line: MoneyLineRow =
      kind === 'baseline'
        ? { kind, lineId: lineIdOf(kind, reference), ...common, costCentre: text(cell('Cost centre')) } satisfies BaselineLine & { kind: 'baseline'; lineId: string }
        : { kind: 'cost-model', lineId: lineIdOf('cost-model', reference), ...common, ...optional('assumption', text(cell('Assumption'))), ...optional('notes', text(cell('Notes'))) } satisfies CostModelLine & { kind: 'cost-model'; lineId: string };
    lines.push(line);
    rows.push(row.number);
  }
  return { lines, rows, problems };
}

const optional = (field: string, value: string) => (value === '' ? {} : { [field]: value });

/** A number, or text as people write money: "£1,250.50", "1250", "-300" (refused later, by the domain, as negative). */
function amountOf(cell: Cell | undefined): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  const written = text(cell).replace(/[£,\s]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(written)) return undefined;
  return Number(written);
}

const FIELD_COLUMNS: Readonly<Record<string, Column>> = { reference: 'Reference', financialYear: 'Financial year', costCentre: 'Cost centre', category: 'Category', description: 'Description', amount: 'Amount' };

/** The domain's refusal of an import (`lines[3].amount`) as problems by row and column. */
export function problemsOfRefusal(error: InvalidCommandError, rows: readonly number[], lines: readonly MoneyLineRow[]): ImportProblem[] {
  return error.problems.map(({ field, problem }) => {
    const match = /^lines\[(\d+)\]\.(\w+)$/.exec(field);
    if (match === null) return { row: 0, column: field, value: '', problem };
    const i = Number(match[1]);
    const column = FIELD_COLUMNS[match[2]] ?? match[2];
    const line = lines[i] as unknown as Record<string, unknown>;
    const value = match[2] === 'amount' ? String(poundsOf(Number(line.amountPence))) : String(line[match[2]] ?? '');
    return { row: rows[i], column, value, problem };
  });
}
