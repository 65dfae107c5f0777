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
  /**
   * Optional, for speed: a batch of events applied in order, keeping what it reads and folds in
   * memory and writing it once, on `flush`. The runner opens one inside its transaction, feeds it
   * every event of the batch, and flushes it just before saving the checkpoint in that same
   * transaction; a batch is never used after its flush, nor after a rollback. The tables after a
   * flush must be exactly those that `apply` on each event in turn would have left.
   */
  startBatch?(db: Database.Database): ProjectionBatch;
}

export interface ProjectionBatch {
  apply(event: StoredEvent): void;
  /** Writes what the batch holds in memory. */
  flush(): void;
}

/** The batch of a projection without its own: each event applied as it comes. */
export function batchOf(projection: Projection, db: Database.Database): ProjectionBatch {
  if (projection.startBatch) return projection.startBatch(db);
  return { apply: (event) => projection.apply(event, db), flush: () => {} };
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
