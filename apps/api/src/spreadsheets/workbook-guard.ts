import { inflateRaw } from 'node:zlib';
import { HttpProblem } from '../shared/http-problem';
import { InvalidCommandError } from '@tracker/domain';
import { promisify } from 'node:util';

const inflate = promisify(inflateRaw);

/** How big a spreadsheet may be once unpacked, whatever its size on the wire. */
export interface SpreadsheetLimits {
  /** Every entry of an .xlsx inflated, added up. */
  readonly maxInflatedBytes: number;
  readonly maxCells: number;
  readonly maxColumns: number;
}

export const DEFAULT_SPREADSHEET_LIMITS: SpreadsheetLimits = { maxInflatedBytes: 50 * 1024 * 1024, maxCells: 1_000_000, maxColumns: 200 };

/** A file that unpacks larger than the limits allow: refused (413) before it is read. */
export class SpreadsheetTooLargeError extends HttpProblem {
  readonly status = 413;
  readonly code = 'SPREADSHEET_TOO_LARGE';
  constructor(readonly problem: string) {
    super(`The file ${problem}; nothing was recorded. Split it, or ask the administrator to raise the IMPORT_MAX_* limits.`);
    this.name = 'SpreadsheetTooLargeError';
  }
}

/** Every slot for reading spreadsheets is taken and the queue is full (503 with Retry-After). */
export class ImportBusyError extends HttpProblem {
  readonly status = 503;
  readonly code = 'IMPORT_BUSY';
  override readonly retryAfterSeconds = 10;
  constructor() {
    super('Other imports are being read at this moment; nothing was recorded. Try again in a few seconds.');
    this.name = 'ImportBusyError';
  }
}

/** Spreadsheets read at once: a workbook of a million cells takes hundreds of MiB while it is read. */
export const IMPORTS_AT_ONCE = 1;
export const IMPORT_QUEUE_LIMIT = 4;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 10_000;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MiB`;

/**
 * Checks an .xlsx (a zip) before a workbook reader inflates it: a 2 MB file can inflate to 2 GiB
 * and take the process down. Reads the zip's central directory, refuses declared sizes over the
 * limit, then inflates each entry with a cap on its output — a lying header cannot get past that —
 * and counts the worksheets' cells and columns. Answers nothing; throws when the file is too large.
 * It fails closed: a zip it cannot walk from end to end — bytes before the first entry, a ZIP64
 * marker anywhere, an entry it cannot find or inflate — is refused, never handed on, since a
 * reader that repairs offsets or follows ZIP64 records would read entries this never checked.
 */
export async function checkWorkbook(file: Buffer, limits: SpreadsheetLimits = DEFAULT_SPREADSHEET_LIMITS): Promise<void> {
  const entries = centralDirectory(file);
  if (entries.length > MAX_ENTRIES) throw new SpreadsheetTooLargeError(`holds ${entries.length.toLocaleString('en-GB')} parts; a workbook has far fewer`);
  let declared = 0;
  for (const entry of entries) declared += entry.uncompressedSize;
  if (declared > limits.maxInflatedBytes) throw new SpreadsheetTooLargeError(`unpacks to ${mib(declared)}, more than the ${mib(limits.maxInflatedBytes)} allowed`);

  let inflated = 0;
  let cells = 0;
  for (const entry of entries) {
    const data = entryData(file, entry);
    const budget = limits.maxInflatedBytes - inflated;
    let content: Buffer;
    if (entry.method === 0) content = data;
    else if (entry.method === 8) {
      try {
        content = await inflate(data, { maxOutputLength: Math.max(1, budget) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
          throw new SpreadsheetTooLargeError(`unpacks to more than the ${mib(limits.maxInflatedBytes)} allowed (${entry.name} alone is larger than its header says)`);
        }
        throw unreadable(`its part ${entry.name} is damaged`);
      }
    } else throw unreadable(`its part ${entry.name} is packed in a way Excel does not use (method ${entry.method})`);
    inflated += content.length;
    if (inflated > limits.maxInflatedBytes) throw new SpreadsheetTooLargeError(`unpacks to more than the ${mib(limits.maxInflatedBytes)} allowed`);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
      const sheet = countCells(content);
      cells += sheet.cells;
      if (sheet.columns > limits.maxColumns) throw new SpreadsheetTooLargeError(`has ${sheet.columns.toLocaleString('en-GB')} columns in a sheet, more than the ${limits.maxColumns} allowed`);
      if (cells > limits.maxCells) throw new SpreadsheetTooLargeError(`has more than ${limits.maxCells.toLocaleString('en-GB')} cells, the most allowed`);
    }
  }
}

/** Cells and columns of a CSV, once parsed. */
export function checkTable(rows: readonly { readonly cells: readonly unknown[] }[], limits: SpreadsheetLimits = DEFAULT_SPREADSHEET_LIMITS): void {
  let cells = 0;
  for (const row of rows) {
    if (row.cells.length > limits.maxColumns) throw new SpreadsheetTooLargeError(`has ${row.cells.length.toLocaleString('en-GB')} columns, more than the ${limits.maxColumns} allowed`);
    cells += row.cells.length;
    if (cells > limits.maxCells) throw new SpreadsheetTooLargeError(`has more than ${limits.maxCells.toLocaleString('en-GB')} cells, the most allowed`);
  }
}

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localOffset: number;
}

/** Refused as the reader refuses a file it cannot read: 400, naming the file. */
const unreadable = (why: string) => new InvalidCommandError([{ field: 'file', problem: `is not an Excel workbook that can be read: ${why}` }]);

function centralDirectory(file: Buffer): Entry[] {
  // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65,535 bytes).
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 65_557); i--) {
    if (file.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable('it has no zip directory');
  const disk = file.readUInt16LE(eocd + 4);
  const directoryDisk = file.readUInt16LE(eocd + 6);
  const countHere = file.readUInt16LE(eocd + 8);
  const count = file.readUInt16LE(eocd + 10);
  const size = file.readUInt32LE(eocd + 12);
  let at = file.readUInt32LE(eocd + 16);
  // Any of these set sends a zip reader to a ZIP64 record elsewhere in the file.
  if ([disk, directoryDisk, countHere, count].includes(0xffff) || size === 0xffffffff || at === 0xffffffff) {
    throw new SpreadsheetTooLargeError('is a ZIP64 archive, which only very large workbooks need');
  }
  // The directory must end where the end record begins: bytes before the first entry (which some
  // readers quietly allow for) would shift every offset away from what is checked here.
  if (disk !== 0 || directoryDisk !== 0 || countHere !== count || at + size !== eocd) throw unreadable('its zip directory is not where it says');
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== CENTRAL) throw unreadable('its zip directory is damaged');
    const nameLength = file.readUInt16LE(at + 28);
    const extraLength = file.readUInt16LE(at + 30);
    const commentLength = file.readUInt16LE(at + 32);
    entries.push({
      method: file.readUInt16LE(at + 10),
      compressedSize: file.readUInt32LE(at + 20),
      uncompressedSize: file.readUInt32LE(at + 24),
      name: file.toString('utf8', at + 46, at + 46 + nameLength),
      localOffset: file.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryData(file: Buffer, entry: Entry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > file.length || file.readUInt32LE(at) !== LOCAL) throw unreadable(`its part ${entry.name} is not where its directory says`);
  const start = at + 30 + file.readUInt16LE(at + 26) + file.readUInt16LE(at + 28);
  if (start + entry.compressedSize > file.length) throw unreadable(`its part ${entry.name} is cut short`);
  return file.subarray(start, start + entry.compressedSize);
}

/** Cells are `<c …>` elements; a cell's reference `r="AB12"` gives its column. */
function countCells(xml: Buffer): { cells: number; columns: number } {
  const text = xml.toString('latin1');
  let cells = 0;
  let columns = 0;
  const cell = /<c(?=[\s>/])(?:[^>]*?\sr="([A-Z]{1,3})\d+")?/g;
  for (let match = cell.exec(text); match !== null; match = cell.exec(text)) {
    cells++;
    if (match[1] !== undefined) columns = Math.max(columns, columnNumber(match[1]));
  }
  return { cells, columns };
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}
