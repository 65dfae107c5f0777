import type Database from 'better-sqlite3';
import type { EventStore, StoredEvent, Subscription } from '@tracker/event-store';
import { Projection, ProjectionBatch, batchOf } from './projection';

/** Once caught up, a burst is committed as soon as the subscription has handed it over, or at this many events. */
const MAX_BATCH = 1000;
/**
 * While catching up (a rebuild, or a start with the read models behind), a batch runs over many
 * pages: the subscription still yields between pages, so requests are answered, but rows that many
 * events touch (a register item amended again and again) are written once per batch rather than
 * once per event. A batch is committed with its checkpoint after this long, or this many events,
 * whichever comes first, so progress shows and an interrupted catch-up loses little. Meanwhile the
 * transaction stays open between pages: another write on this connection (a session begun while
 * an administrator's rebuild runs) joins it, and is committed with it, or lost with it if the
 * process dies first, as the batch's own rows are.
 */
const CATCH_UP_BATCH = 100_000;
const CATCH_UP_COMMIT_MS = 500;
const CHECKPOINT = 'all';
/** A subscription the store ended is taken up again after 0.5 s, doubling to at most 30 s while it keeps ending. */
const FIRST_RESUBSCRIBE_MS = 500;
export const LONGEST_RESUBSCRIBE_MS = 30_000;

/** How long to wait before the `attempt`th resubscription in a row (counting from 1). */
export function resubscribeDelayMs(attempt: number): number {
  return Math.min(LONGEST_RESUBSCRIBE_MS, FIRST_RESUBSCRIBE_MS * 2 ** Math.min(attempt - 1, 16));
}

/** The store ended the subscription; the runner is waiting to take it up again from its checkpoint. */
export interface ProjectionInterruption {
  /** What the store said when it ended the subscription. */
  readonly error: unknown;
  /** How many times in a row it has ended: 1 for the first. */
  readonly attempt: number;
  /** How long the runner waits before subscribing again. */
  readonly retryInMs: number;
}

export interface ProjectionRunnerOptions {
  /** Told each time the store ends the subscription, before the runner subscribes again. */
  readonly onInterrupted?: (interruption: ProjectionInterruption) => void;
  /** Told when the runner subscribes again after an interruption. */
  readonly onResubscribed?: (after: number, attempt: number) => void;
  /** Replaces {@link resubscribeDelayMs}, e.g. with 0 in tests. */
  readonly resubscribeDelayMs?: (attempt: number) => number;
}

interface Waiter {
  readonly position: number;
  readonly resolve: (reached: boolean) => void;
}

/** Events applied but not yet committed: each projection's batch, in the read store's open transaction. */
interface OpenBatch {
  readonly parts: readonly ProjectionBatch[];
  size: number;
  position: number;
}

/**
 * Feeds every projection from one subscription to all events. Events are applied in batches,
 * each in one read-store transaction together with the checkpoint it reaches: a batch is
 * either wholly applied and checkpointed or not at all, so nothing is ever counted twice.
 */
export class ProjectionRunner {
  private subscription?: Subscription;
  private checkpoint = 0;
  private committed = 0;
  private batch?: OpenBatch;
  private commitScheduled = false;
  private commitTimer?: NodeJS.Timeout;
  /** The store's head when the subscription started: events before it are caught up with in long batches. */
  private catchUpTo = 0;
  private generation = 0;
  private waiters: Waiter[] = [];
  private failure?: unknown;
  private interruption?: ProjectionInterruption;
  private resubscribeTimer?: NodeJS.Timeout;
  /** When the current subscription was opened (performance.now()): one that lasted is not a drop in a row. */
  private subscribedAt = 0;
  private readonly saveCheckpoint: Database.Statement<[string, string, number]>;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
    private readonly onError: (error: unknown) => void = () => {},
    private readonly options: ProjectionRunnerOptions = {},
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
    this.interruption = undefined;
    this.catchUpTo = 0;
    const generation = ++this.generation;
    this.store.headPosition().then(
      (head) => generation === this.generation && (this.catchUpTo = head),
      () => {}, // without it every batch is committed as it comes, as once caught up
    );
    this.subscribe(generation, 0);
  }

  /**
   * A projection that throws stops the runner: the same event would fail again. The store ending
   * the subscription does not: what was applied is committed, and the runner subscribes again
   * from that checkpoint after a pause that doubles while the store keeps ending it.
   */
  private subscribe(generation: number, dropsInARow: number): void {
    let projectionFailed = false;
    this.subscribedAt = performance.now();
    const subscription = this.store.subscribeToAll(
      { after: this.checkpoint },
      (event) => {
        try {
          this.apply(event);
        } catch (error) {
          projectionFailed = true;
          throw error;
        }
      },
      (error) => {
        if (generation !== this.generation) return;
        if (projectionFailed) return this.fail(error);
        void subscription.close().catch(() => {});
        this.resubscribeLater(generation, error, dropsInARow);
      },
    );
    this.subscription = subscription;
  }

  private resubscribeLater(generation: number, error: unknown, dropsBefore: number): void {
    try {
      // What the subscription delivered before it ended was applied in order: keep it.
      this.commit();
    } catch (commitError) {
      return this.fail(commitError);
    }
    const lasted = performance.now() - this.subscribedAt >= LONGEST_RESUBSCRIBE_MS;
    const attempt = lasted ? 1 : dropsBefore + 1;
    const retryInMs = (this.options.resubscribeDelayMs ?? resubscribeDelayMs)(attempt);
    this.interruption = { error, attempt, retryInMs };
    this.options.onInterrupted?.(this.interruption);
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = undefined;
      if (generation !== this.generation) return;
      this.interruption = undefined;
      this.options.onResubscribed?.(this.checkpoint, attempt);
      this.subscribe(generation, attempt);
    }, retryInMs);
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

  /** Why the runner stopped, if it did: a projection failed, and it stays stopped until restarted or rebuilt. */
  get failed(): unknown {
    return this.failure;
  }

  /** Set while the store has ended the subscription and the runner waits to subscribe again. */
  get interrupted(): ProjectionInterruption | undefined {
    return this.interruption;
  }

  async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = undefined;
    this.interruption = undefined;
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
    this.committed = 0;
  }

  /**
   * How many events have been applied and committed since this runner started (or since a
   * rebuild began). A count, which a position is not: EventStoreDB's positions are log offsets.
   */
  get eventsApplied(): number {
    return this.committed;
  }

  private apply(event: StoredEvent): void {
    const batch = this.batch ?? this.begin();
    try {
      for (const part of batch.parts) part.apply(event);
    } catch (error) {
      this.rollBack();
      throw error;
    }
    batch.position = event.position;
    batch.size++;
    if (event.position < this.catchUpTo) {
      if (batch.size >= CATCH_UP_BATCH) this.commit();
      // Between pages, so never part-way through one.
      else this.commitTimer ??= setTimeout(() => this.commitOrFail(), CATCH_UP_COMMIT_MS);
    } else if (batch.size >= MAX_BATCH) this.commit();
    else if (!this.commitScheduled) {
      this.commitScheduled = true;
      // Commits once the subscription has handed over what it has, so a burst is one transaction.
      setImmediate(() => this.commitOrFail());
    }
  }

  private begin(): OpenBatch {
    this.db.exec('BEGIN');
    try {
      this.batch = { parts: this.projections.map((projection) => batchOf(projection, this.db)), size: 0, position: this.checkpoint };
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    return this.batch;
  }

  private rollBack(): void {
    this.clearSchedule();
    if (this.batch === undefined) return;
    this.batch = undefined;
    this.db.exec('ROLLBACK');
  }

  private clearSchedule(): void {
    this.commitScheduled = false;
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
  }

  private commit(): void {
    this.clearSchedule();
    const batch = this.batch;
    if (batch === undefined) return;
    try {
      for (const part of batch.parts) part.flush();
      this.saveCheckpoint.run(CHECKPOINT, this.versions(), batch.position);
      this.db.exec('COMMIT');
    } catch (error) {
      this.rollBack();
      throw error;
    }
    this.batch = undefined;
    this.checkpoint = batch.position;
    this.committed += batch.size;
    const reached = this.waiters.filter((w) => w.position <= this.checkpoint);
    this.waiters = this.waiters.filter((w) => w.position > this.checkpoint);
    for (const waiter of reached) waiter.resolve(true);
  }

  /** A commit made outside the subscription's handler: a failure stops the subscription, as a failing apply does. */
  private commitOrFail(): void {
    try {
      this.commit();
    } catch (error) {
      this.fail(error);
      void this.subscription?.close();
    }
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.onError(error);
  }
}
