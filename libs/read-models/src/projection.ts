import type Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';

/**
 * A projection turns events into tables of the read store. `apply` must be idempotent: the
 * runner applies each event once, but a crash between apply and checkpoint replays the batch.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or their meaning change; the runner then rebuilds this projection from zero. */
  readonly version: number;
  /** Creates the tables (idempotent). */
  setUp(db: Database.Database): void;
  /** Drops what setUp made, for a rebuild. */
  tearDown(db: Database.Database): void;
  apply(event: StoredEvent, db: Database.Database): void;
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * The statement for `sql` on `db`, prepared once: projections run for every event, and preparing
 * costs more than running the statement.
 */
export function prepared<Params extends unknown[] = unknown[], Result = unknown>(db: Database.Database, sql: string): Database.Statement<Params, Result> {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement as unknown as Database.Statement<Params, Result>;
}
