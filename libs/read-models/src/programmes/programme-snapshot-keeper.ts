import { LONGEST_RESUBSCRIBE_MS, resubscribeDelayMs as defaultResubscribeDelayMs } from '../projection-runner';
import type { EventStore, StoredEvent, Subscription } from '@tracker/event-store';
import { programmeStreamPrefix, programmeOfStream } from '@tracker/domain';
import { ProgrammeFold } from './programme-fold';
import { MIN_EVENT_BYTES, ProgrammeSnapshots, SNAPSHOT_EVERY, snapshotSpacing } from './programme-snapshots';

/** A programme being followed: its fold up to the newest event seen, and when its next snapshot is due. */
interface Followed {
  readonly fold: ProgrammeFold;
  events: number;
  nextSnapshotAt: number;
  /** The newest snapshot's size and event count, to estimate what the fold holds in memory. */
  snapshotBytes: number;
  snapshotEvents: number;
}

export interface SnapshotKeeperLimits {
  /** Programmes followed in memory at once, the most recently written kept. */
  readonly programmes: number;
  /** What their folds may hold, estimated from their snapshots' sizes. */
  readonly bytes: number;
}

export const DEFAULT_SNAPSHOT_KEEPER_LIMITS: SnapshotKeeperLimits = { programmes: 50, bytes: 32 * 1024 * 1024 };

/** How often the position reached is written down while events keep coming. */
const MARK_EVERY_MS = 1_000;

/**
 * Takes programme snapshots as events arrive, so that the first question about a long history's
 * past starts from a snapshot near it instead of replaying it all (704 ms at 100,000 events).
 * Follows the store with its own subscription, off the write path and outside the read models'
 * transactions: a rebuild of the read models neither waits for it nor undoes it. Each programme is
 * folded with the same {@link ProgrammeFold} as a replay and snapshotted by the same spacing rule,
 * so snapshot storage stays linear in the history.
 *
 * Memory stays bounded: only the programmes written most recently are kept folded. One that comes
 * back, or the first seen after a restart, is picked up again from its newest snapshot, replaying
 * the few events since — a snapshot is the fold at its position exactly, whichever way it was made.
 * The position reached is written down now and then; starting again before it only folds events a
 * second time, and saving a snapshot twice changes nothing.
 */
export class ProgrammeSnapshotKeeper {
  private subscription?: Subscription;
  /** In least recently written order: a Map iterates in insertion order, and a write moves its programme to the end. */
  private readonly followed = new Map<string, Followed>();
  private reached = 0;
  private marked = 0;
  private markTimer?: NodeJS.Timeout;
  private stopping = false;
  private waiters: { readonly position: number; readonly resolve: (reached: boolean) => void }[] = [];
  private failure?: unknown;
  /** Bumped by each start and stop: a subscription of an earlier one reports nothing. */
  private generation = 0;
  private resubscribeTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: EventStore,
    private readonly snapshots: ProgrammeSnapshots,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly limits: SnapshotKeeperLimits = DEFAULT_SNAPSHOT_KEEPER_LIMITS,
    /** Replaces the runner's backoff, e.g. with 0 in tests. */
    private readonly resubscribeDelayMs: (attempt: number) => number = defaultResubscribeDelayMs,
  ) {}

  start(): void {
    if (this.subscription) return;
    this.stopping = false;
    this.failure = undefined;
    this.reached = this.marked = this.snapshots.keptThrough();
    this.subscribe(++this.generation, 0);
  }

  /**
   * A snapshot that cannot be taken stops the keeper (the same event would fail again; without
   * snapshots a replay only starts further back). The store ending the subscription does not: it
   * is taken up again from the last event taken, after a pause that doubles while the store keeps
   * ending it, as the read models' runner does.
   */
  private subscribe(generation: number, dropsInARow: number): void {
    let takeFailed = false;
    const subscribedAt = performance.now();
    const subscription = this.store.subscribeToAll(
      { after: this.reached },
      async (event) => {
        try {
          await this.take(event);
        } catch (error) {
          takeFailed = true;
          throw error;
        }
      },
      (error) => {
        if (this.stopping || generation !== this.generation) return;
        if (takeFailed) {
          this.failure = error;
          return this.onError(error);
        }
        this.onError(error);
        void subscription.close().catch(() => {});
        const attempt = performance.now() - subscribedAt >= LONGEST_RESUBSCRIBE_MS ? 1 : dropsInARow + 1;
        this.resubscribeTimer = setTimeout(() => {
          this.resubscribeTimer = undefined;
          if (!this.stopping && generation === this.generation) this.subscribe(generation, attempt);
        }, this.resubscribeDelayMs(attempt));
        this.resubscribeTimer.unref();
      },
    );
    this.subscription = subscription;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.generation++;
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = undefined;
    await this.subscription?.close();
    this.subscription = undefined;
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    if (this.failure === undefined) this.mark();
    this.followed.clear();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters = [];
  }

  /** The global position up to which every event has been taken. */
  get position(): number {
    return this.reached;
  }

  /** Why the keeper stopped, if it did. */
  get failed(): unknown {
    return this.failure;
  }

  /** Resolves true once every event up to `position` is taken (its snapshots saved), false on timeout or stop. */
  waitFor(position: number, timeoutMs = 5_000): Promise<boolean> {
    if (this.reached >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        position,
        resolve: (reached: boolean) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private async take(event: StoredEvent): Promise<void> {
    const programmeId = programmeOfStream(event.streamId);
    if (programmeId !== undefined) {
      let followed = this.followed.get(programmeId);
      if (followed) this.followed.delete(programmeId);
      else followed = await this.pickUp(programmeId, event.position);
      if (followed === undefined) return; // stopping
      this.followed.set(programmeId, followed);
      this.fold(programmeId, followed, event);
      this.forgetOldest();
    }
    this.reached = event.position;
    if (this.waiters.length > 0) {
      const done = this.waiters.filter((w) => w.position <= this.reached);
      this.waiters = this.waiters.filter((w) => w.position > this.reached);
      for (const waiter of done) waiter.resolve(true);
    }
    if (this.markTimer === undefined) {
      this.markTimer = setTimeout(() => {
        this.markTimer = undefined;
        this.mark();
      }, MARK_EVERY_MS);
      this.markTimer.unref();
    }
  }

  private fold(programmeId: string, followed: Followed, event: StoredEvent): void {
    followed.fold.apply(event);
    followed.events++;
    if (followed.events < followed.nextSnapshotAt) return;
    const bytes = this.snapshots.save(programmeId, { position: event.position, recordedAt: event.metadata.recordedAt, events: followed.events, fold: followed.fold.toJSON() });
    followed.snapshotBytes = bytes;
    followed.snapshotEvents = followed.events;
    followed.nextSnapshotAt = followed.events + snapshotSpacing(bytes);
  }

  /** The programme's fold up to just before `before`: from its newest snapshot, with the events since. */
  private async pickUp(programmeId: string, before: number): Promise<Followed | undefined> {
    const snapshot = this.snapshots.latest(programmeId, { position: before - 1 });
    const followed: Followed = {
      fold: snapshot ? ProgrammeFold.fromJSON(programmeId, snapshot.fold) : new ProgrammeFold(programmeId),
      events: snapshot?.events ?? 0,
      nextSnapshotAt: snapshot ? snapshot.events + snapshotSpacing(snapshot.bytes ?? 0) : SNAPSHOT_EVERY,
      snapshotBytes: snapshot?.bytes ?? 0,
      snapshotEvents: snapshot?.events ?? 0,
    };
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId), ...(snapshot ? { after: snapshot.position } : {}) })) {
      if (this.stopping) return undefined;
      if (event.position >= before) break;
      if (programmeOfStream(event.streamId) === programmeId) this.fold(programmeId, followed, event);
    }
    return followed;
  }

  /** Forgets the least recently written programmes past the limits, never the one just written. */
  private forgetOldest(): void {
    const estimate = (f: Followed) => f.snapshotBytes + (f.events - f.snapshotEvents) * MIN_EVENT_BYTES;
    let bytes = 0;
    for (const followed of this.followed.values()) bytes += estimate(followed);
    for (const [programmeId, followed] of this.followed) {
      if (this.followed.size <= 1 || (this.followed.size <= this.limits.programmes && bytes <= this.limits.bytes)) return;
      this.followed.delete(programmeId);
      bytes -= estimate(followed);
    }
  }

  private mark(): void {
    if (this.reached <= this.marked) return;
    this.snapshots.keepThrough(this.reached);
    this.marked = this.reached;
  }
}
