import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { DURABLE_PRAGMAS } from './sqlite.event-store';
import { SqliteWriter, WriteReply, WriteRequest, toWriteError } from './sqlite-writer';

/** What the store asks of its writer thread: one group to store, or to close. */
export type WriterMessage =
  | { readonly id: number; readonly batch: readonly WriteRequest[]; readonly lastRecordedAt: string }
  | { readonly id: number; readonly close: true };

export interface WriterAnswer {
  readonly id: number;
  readonly reply: WriteReply;
}

/**
 * The SQLite store's writer thread: its own connection, with the same durable pragmas, stores each
 * group the store sends and answers once it is committed (synced). The store's own connection
 * keeps every read; WAL lets the two work side by side.
 */
function main(): void {
  const port = parentPort;
  if (port === null) throw new Error('sqlite-writer.thread runs as a worker thread');
  let db: Database.Database | undefined;
  let writer: SqliteWriter | undefined;
  let openFailure: unknown;
  try {
    db = new Database((workerData as { filename: string }).filename, { fileMustExist: true });
    for (const pragma of DURABLE_PRAGMAS) db.pragma(pragma);
    writer = new SqliteWriter(db);
  } catch (error) {
    openFailure = error;
  }
  port.on('message', (message: WriterMessage) => {
    if ('close' in message) {
      db?.close();
      port.postMessage({ id: message.id, reply: { outcomes: [], recordedFloor: '' } } satisfies WriterAnswer);
      port.close();
      return;
    }
    const reply: WriteReply = writer === undefined ? { commitFailed: toWriteError(openFailure) } : writer.write(message.batch, message.lastRecordedAt);
    port.postMessage({ id: message.id, reply } satisfies WriterAnswer);
  });
}

main();
