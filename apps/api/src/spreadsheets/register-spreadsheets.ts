import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Config } from '../config/config';
import { CONFIG } from '../infrastructure/tokens';
import { CommandBus } from '@nestjs/cqrs';
import { InvalidCommandError, ItemKind, KIND_OF_REGISTER, NotFoundError } from '@tracker/domain';
import { RequestContext } from '../shared/request-context';
import { ProgrammeViews } from '../readiness/programme-views';
import { slugOf, words } from '../shared/words';
import { ImportRegisterCommand, ImportResult } from './commands/import-register/import-register.command';
import { Column, columnsOf, registerName } from './register-columns';
import { ColumnMapping, readRegisterRows } from './register-rows';
import { SpreadsheetFormat, Table, readSpreadsheet, toCsv, toXlsx } from './spreadsheet';
import { IMPORTS_AT_ONCE, IMPORT_QUEUE_LIMIT, ImportBusyError, SpreadsheetTooLargeError } from './workbook-guard';
import { Slots } from '../shared/slots';
import { WorkerPool, compiledWorker } from '../shared/worker-pool';
import { ReadRowsOutcome, ReadRowsTask, rowsOf } from './import.worker';

/**
 * The heap of the thread that reads a file, at most. The workbook guard caps what a file may unpack
 * to (IMPORT_MAX_*); this is the backstop that keeps the server's memory bounded whatever the file:
 * a file that still needs more is refused alone (413, nothing recorded), and the server and
 * everyone else's requests go on.
 */
const READER_HEAP_MB = 384;

/** The registers a spreadsheet can hold, by the name the API gives them. */
export const SPREADSHEET_REGISTERS = [...KIND_OF_REGISTER.keys()];

export interface ImportOutcome extends ImportResult {
  readonly ignoredColumns: readonly string[];
}

/** Registers in from spreadsheets and out to them; the same columns both ways, so an export re-imports unchanged. */
@Injectable()
export class RegisterSpreadsheets implements OnModuleDestroy {
  private readonly reading = new Slots(IMPORTS_AT_ONCE, IMPORT_QUEUE_LIMIT, () => new ImportBusyError());
  /** Where files are read when the server runs from its build: a thread of its own, with a bounded heap. */
  private readonly readers?: WorkerPool<ReadRowsTask, ReadRowsOutcome>;

  constructor(
    private readonly commands: CommandBus,
    private readonly views: ProgrammeViews,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    const worker = compiledWorker(__dirname, 'import.worker');
    if (worker) this.readers = new WorkerPool(worker, { busy: () => new ImportBusyError(), threads: IMPORTS_AT_ONCE, queueLimit: IMPORT_QUEUE_LIMIT, maxHeapMb: READER_HEAP_MB });
  }

  async onModuleDestroy(): Promise<void> {
    await this.readers?.close();
  }

  /**
   * Reads and checks every row before anything is recorded, then records every row in one go.
   * Throws ImportRefusedError listing every problem, with nothing recorded.
   */
  async import(
    programmeId: string,
    register: string,
    file: Buffer,
    mapping: ColumnMapping,
    context: RequestContext,
    onRow?: (done: number, of: number) => void,
  ): Promise<ImportOutcome> {
    const kind = kindOf(register);
    // One file is read at a time, the next few wait, and the rest are told to come back: memory stays bounded.
    const { rows, ignoredColumns, referenceColumn } = this.readers
      ? rowsOf(await this.readers.run({ file, register, kind, mapping, limits: this.config.spreadsheetLimits }).catch(outOfMemory))
      : await this.reading.run(async () => readRegisterRows(await readSpreadsheet(file, register, this.config.spreadsheetLimits), kind, mapping, onRow));
    const result = await this.commands.execute(new ImportRegisterCommand(programmeId, kind, rows, referenceColumn, context));
    return { ...result, ignoredColumns };
  }

  /** The register as it stands, one row per item in reference order, with its readiness after the importable columns. */
  async export(programmeId: string, register: string, format: SpreadsheetFormat): Promise<{ file: Buffer; filename: string }> {
    const kind = kindOf(register);
    const { view, readiness, today } = await this.views.judged(programmeId);
    const status = new Map(readiness.items.map((item) => [item.itemId, item.status]));
    const columns = columnsOf(kind);
    const table: Table = {
      sheet: words(register),
      columns: [...columns.map((column) => ({ header: column.header, kind: cellKind(column) })), { header: 'Readiness', kind: 'text' as const }],
      rows: view.items
        .filter((item) => item.kind === kind)
        .map((item) => [
          ...columns.map((column) => (column.field.name === 'reference' ? item.reference : cellOf(column, item.details[column.field.name]))),
          words(status.get(item.itemId) ?? ''),
        ]),
    };
    return { file: format === 'csv' ? toCsv(table) : await toXlsx(table), filename: `${slugOf(view.programme.name)}-${registerName(kind)}-${today}.${format}` };
  }
}

/** The reading thread ran out of its heap: the file is too large to read, and nothing was recorded. */
function outOfMemory(error: unknown): never {
  if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') throw new SpreadsheetTooLargeError(`needs more than ${READER_HEAP_MB} MiB of memory to read`);
  throw error;
}

export function kindOf(register: string): ItemKind {
  const kind = KIND_OF_REGISTER.get(register);
  if (kind === undefined) throw new NotFoundError('register', register);
  return kind;
}

function cellKind({ field }: Column): Table['columns'][number]['kind'] {
  return field.kind === 'money' || field.kind === 'date' || field.kind === 'number' ? field.kind : 'text';
}

/** A detail as a person reads it in a spreadsheet cell, and as the import reads it back. */
function cellOf({ field }: Column, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  switch (field.kind) {
    case 'select':
    case 'radios':
      return field.choices.find((c) => c.value === value)?.text ?? words(String(value));
    case 'yes-no':
      return value ? 'Yes' : 'No';
    case 'lines':
      return (value as string[]).join('\n');
    case 'money':
    case 'number':
      return value as number;
    default:
      return String(value);
  }
}

/**
 * A mapping as a person writes it, one "Header in the file = field" a line (or as a JSON
 * object of the same), for headers no synonym covers.
 */
export function mappingOf(text: unknown): ColumnMapping {
  if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) return {};
  if (typeof text !== 'string') throw new InvalidCommandError([{ field: 'mapping', problem: 'must be text: one "Header = field" a line' }]);
  if (text.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.values(parsed).every((v) => typeof v === 'string')) {
        return parsed as ColumnMapping;
      }
    } catch {
      // Reported below, as for any mapping that cannot be read.
    }
    throw new InvalidCommandError([{ field: 'mapping', problem: 'must be a JSON object of header → field name, e.g. {"Vendor": "supplier"}' }]);
  }
  const entries = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const at = line.lastIndexOf('=');
      if (at <= 0) throw new InvalidCommandError([{ field: 'mapping', problem: `cannot read "${line.trim()}": write one "Header = field" a line, e.g. Vendor = supplier` }]);
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()] as const;
    });
  return Object.fromEntries(entries);
}
