import { FieldProblem, InvalidCommandError, ItemKind } from '@tracker/domain';
import { ImportProblem, ImportRefusedError, ProblemList } from './import-refused.error';
import { ColumnMapping, RegisterRows, readRegisterRows } from './register-rows';
import { readSpreadsheet } from './spreadsheet';
import { SpreadsheetLimits, SpreadsheetTooLargeError } from './workbook-guard';

export interface ReadRowsTask {
  readonly file: Uint8Array;
  readonly register: string;
  readonly kind: ItemKind;
  readonly mapping: ColumnMapping;
  readonly limits: SpreadsheetLimits;
}

/** What a thread answers: the rows, or the refusal as plain data (an Error's class does not cross threads). */
export type ReadRowsOutcome =
  | { readonly rows: RegisterRows }
  | { readonly refused: { readonly listed: readonly ImportProblem[]; readonly total: number } }
  | { readonly invalid: readonly FieldProblem[] }
  | { readonly tooLarge: string };

/**
 * Reads and checks a spreadsheet's rows in a worker thread: unzipping and parsing a workbook and
 * checking 5,000 rows takes about a second of CPU that the event loop would otherwise spend.
 */
export default async function readRows(task: ReadRowsTask): Promise<ReadRowsOutcome> {
  try {
    return { rows: await readRegisterRows(await readSpreadsheet(Buffer.from(task.file.buffer, task.file.byteOffset, task.file.byteLength), task.register, task.limits), task.kind, task.mapping) };
  } catch (error) {
    if (error instanceof ImportRefusedError) return { refused: { listed: error.problems, total: error.totalProblems } };
    if (error instanceof InvalidCommandError) return { invalid: error.problems };
    if (error instanceof SpreadsheetTooLargeError) return { tooLarge: error.problem };
    throw error;
  }
}

/** The error the outcome stands for, thrown again on the thread that asked; the rows otherwise. */
export function rowsOf(outcome: ReadRowsOutcome): RegisterRows {
  if ('rows' in outcome) return outcome.rows;
  if ('refused' in outcome) throw new ImportRefusedError(ProblemList.of(outcome.refused.listed, outcome.refused.total));
  if ('invalid' in outcome) throw new InvalidCommandError(outcome.invalid);
  throw new SpreadsheetTooLargeError(outcome.tooLarge);
}
