import type Database from 'better-sqlite3';
import type { EventStore, StoredEvent, Subscription } from '@tracker/event-store';
import type { Projection } from './projection';

const MAX_BATCH = 1000;
const CHECKPOINT = 'all';

interface Waiter {
  readonly position: number;
  readonly resolve: (reached: boolean) => void;
}

/**
 * Feeds every projection from one subscription to all events. Events are applied in batches,
 * each in one read-store transaction together with the checkpoint it reaches: a batch is
 * either wholly applied and checkpointed or not at all, so nothing is ever counted twice.
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private checkpoint = 0;
  private batchSize = 0;
  private batchPosition = 0;
  private commitScheduled = false;
  private waiters: Waiter[] = [];
  private failure?: unknown;
  private readonly saveCheckpoint: Database.Statement<[string, string, number]>;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name     TEXT PRIMARY KEY,
      versions TEXT NOT NULL,
      position INTEGER NOT NULL
    )`);
    this.saveCheckpoint = db.prepare(
      `INSERT INTO projection_checkpoints (name, versions, position) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET versions = excluded.versions, position = excluded.position`,
    );
  }

  /** Sets up tables, rebuilds from zero if any projection changed, and subscribes from the checkpoint. */
  start(): void {
    const saved = this.db
      .prepare<[string], { versions: string; position: number }>('SELECT versions, position FROM projection_checkpoints WHERE name = ?')
      .get(CHECKPOINT);
    if (saved === undefined || saved.versions !== this.versions()) this.resetTables();
    else this.checkpoint = saved.position;
    for (const projection of this.projections) projection.setUp(this.db);

    this.failure = undefined;
    this.subscription = this.store.subscribeToAll(
      { after: this.checkpoint },
      (event) => this.apply(event),
      (error) => {
        this.failure = error;
        this.onError(error);
      },
    );
  }

  /** Drops every projection's tables and replays from the first event. */
  async rebuild(): Promise<void> {
    await this.stop();
    this.resetTables();
    this.start();
  }

  /** Resolves true once every event up to `position` is visible in the read store, false on timeout. */
  waitFor(position: number, timeoutMs = 5000): Promise<boolean> {
    if (this.checkpoint >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The position up to which every projection is committed. */
  get position(): number {
    return this.checkpoint;
  }

  /** Why the runner stopped, if it did. */
  get failed(): unknown {
    return this.failure;
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
    this.commit();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters = [];
  }

  private versions(): string {
    return this.projections.map((p) => `${p.name}@${p.version}`).join(',');
  }

  private resetTables(): void {
    this.db.transaction(() => {
      for (const projection of this.projections) projection.tearDown(this.db);
      this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(CHECKPOINT);
    })();
    this.checkpoint = 0;
  }

  private apply(event: StoredEvent): void {
    if (this.batchSize === 0) this.db.exec('BEGIN');
    try {
      for (const projection of this.projections) projection.apply(event, this.db);
    } catch (error) {
      this.db.exec('ROLLBACK');
      this.batchSize = 0;
      throw error;
    }
    this.batchPosition = event.position;
    this.batchSize++;
    if (this.batchSize >= MAX_BATCH) this.commit();
    else if (!this.commitScheduled) {
      this.commitScheduled = true;
      // Commits once the subscription has handed over what it has, so a burst is one transaction.
      setImmediate(() => this.commit());
    }
  }

  private commit(): void {
    this.commitScheduled = false;
    if (this.batchSize === 0) return;
    this.saveCheckpoint.run(CHECKPOINT, this.versions(), this.batchPosition);
    this.db.exec('COMMIT');
    this.batchSize = 0;
    this.checkpoint = this.batchPosition;
    const reached = this.waiters.filter((w) => w.position <= this.checkpoint);
    this.waiters = this.waiters.filter((w) => w.position > this.checkpoint);
    for (const waiter of reached) waiter.resolve(true);
  }
}
