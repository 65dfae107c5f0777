import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { NotFoundError, ProgrammeClosed, programmeStreamId, programmeStreamPrefix, ukDateOf, ukMidnight, programmeOfStream } from '@tracker/domain';
import { EventStore, StoredEvent } from '@tracker/event-store';
import { ProgrammeFold, ProgrammeList, ProgrammeRegisters, ProgrammeSnapshotKeeper, ProgrammeSnapshots, ProgrammeView, ProjectionRunner, ReadinessDay, ReadinessDays, SNAPSHOT_EVERY, judgeView, snapshotSpacing } from '@tracker/read-models';
import { Readiness, RULESET_VERSION, RulesetVersion, addDays } from '@tracker/readiness';
import { CLOCK, Clock, EVENT_STORE, LOGGER } from '../infrastructure/tokens';
import { ServerBusyError } from '../shared/server-busy';
import { Slots } from '../shared/slots';

/** Which state of a programme to show; nothing set means now. */
export interface At {
  /** What was known then: events recorded up to this instant. */
  readonly asOf?: string;
  /** What is now known to have been true then: events effective up to this instant. */
  readonly validAt?: string;
  /** Events up to this global position only: the state a digest covers. */
  readonly position?: number;
}

/** A programme's state, the day it is judged on, and the readiness judged from it. */
export interface JudgedView {
  readonly view: ProgrammeView;
  readonly today: string;
  readonly readiness: Readiness;
}

export type TrendDay = ReadinessDay;

export { MIN_EVENT_BYTES, SNAPSHOT_EVERY } from '@tracker/read-models';

/**
 * Replays of the past run at most this many at once, with at most this many waiting: each reads
 * and folds up to a snapshot's spacing of events (the whole history where no snapshot exists yet),
 * and a burst of them must not pile up behind one another until every answer times out.
 */
export const REPLAYS_AT_ONCE = 2;
export const REPLAY_QUEUE_LIMIT = 4;

const GO_LIVE_CHANGES = new Set(['GoLiveDateConfirmed', 'GoLiveDateMoved', 'ProgrammeWentLive']);

/**
 * Every read of a programme's state goes through here: now from the read store, at another time
 * by replaying its events from the newest snapshot that time allows, with the domain's own evolve.
 */
/** How many programmes' trend tails are kept in memory at once. */
const TAILS_KEPT = 100;
/** How many programmes' current judged state is kept in memory at once. */
const NOW_KEPT = 20;

@Injectable()
export class ProgrammeViews implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly tails = new Map<string, { readonly key: string; readonly days: readonly TrendDay[] }>();
  private readonly closing = new Map<string, Promise<void>>();
  /**
   * Each programme's state now, judged, until the read models move or the day turns: judging a
   * programme of 5,000 items takes over 100 ms, and every page and dashboard asks for it.
   */
  private readonly nowJudged = new Map<string, { readonly key: string; readonly judged: JudgedView }>();
  private readonly replays = new Slots(REPLAYS_AT_ONCE, REPLAY_QUEUE_LIMIT, () => new ServerBusyError('Other views of the past are being worked out'));
  /** Takes snapshots as events arrive, so that the first look at a long history's past is quick too. */
  readonly snapshotKeeper: ProgrammeSnapshotKeeper;
  private shuttingDown = false;

  constructor(
    private readonly programmes: ProgrammeList,
    private readonly registers: ProgrammeRegisters,
    private readonly snapshots: ProgrammeSnapshots,
    private readonly days: ReadinessDays,
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.snapshotKeeper = new ProgrammeSnapshotKeeper(store, snapshots, (error) =>
      this.snapshotKeeper?.failed === undefined
        ? this.logger.warn({ err: error }, 'the store ended the snapshot keeper’s subscription; it is taken up again from the last event taken')
        : this.logger.warn({ err: error }, 'snapshots are no longer taken as events arrive; views of the past replay further back until restart'),
    );
  }

  /**
   * Starts taking snapshots once the read models have caught up with the events stored before
   * start: they answer every request, and snapshots only make the past quicker to reach.
   */
  onApplicationBootstrap(): void {
    void (async () => {
      const head = await this.store.headPosition();
      while (!this.shuttingDown && this.projections.failed === undefined && !(await this.projections.waitFor(head, 60_000)));
      if (!this.shuttingDown) this.snapshotKeeper.start();
    })().catch((error: unknown) => this.logger.warn({ err: error }, 'snapshots are not taken as events arrive; views of the past replay further back'));
  }

  /** Before the stores close (in the infrastructure's shutdown). */
  async onModuleDestroy(): Promise<void> {
    this.shuttingDown = true;
    await this.snapshotKeeper.stop();
  }

  /** Judged with the current rule set unless `version` names an older one. */
  async judged(programmeId: string, at: At = {}, version: RulesetVersion = RULESET_VERSION): Promise<JudgedView> {
    if (isNow(at)) return this.judgedNow(programmeId, version);
    const view = await this.past(programmeId, at);
    // Judging a large programme is 100 ms of its own: others get a turn after the replay.
    await new Promise((resolve) => setImmediate(resolve));
    const today = ukDateOf(at.validAt ?? at.asOf ?? this.clock());
    return { view, today, readiness: judgeView(view, today, version) };
  }

  private async judgedNow(programmeId: string, version: RulesetVersion): Promise<JudgedView> {
    const today = ukDateOf(this.clock());
    const position = this.projections.position;
    const key = `${position}|${today}|${version}`;
    const kept = this.nowJudged.get(programmeId);
    // A hit moves to the end, so the least recently asked is the first out.
    this.nowJudged.delete(programmeId);
    if (kept?.key === key) {
      this.nowJudged.set(programmeId, kept);
      return kept.judged;
    }
    const view = await this.now(programmeId);
    const judged: JudgedView = { view, today, readiness: judgeView(view, today, version) };
    // Kept only if the read models did not move while it was read: otherwise it may mix two states.
    if (this.projections.position === position) {
      this.nowJudged.set(programmeId, { key, judged });
      if (this.nowJudged.size > NOW_KEPT) this.nowJudged.delete(this.nowJudged.keys().next().value!);
    }
    return judged;
  }

  /** How the programme closed (its reason, review and handovers), and when; undefined while it is open. */
  async closure(programmeId: string): Promise<(ProgrammeClosed['data'] & { readonly closedAt: string; readonly closedBy: string }) | undefined> {
    const event = (await this.store.readStream(programmeStreamId(programmeId))).findLast((e) => e.type === 'ProgrammeClosed');
    return event && { ...(event.data as ProgrammeClosed['data']), closedAt: event.metadata.effectiveAt ?? event.metadata.recordedAt, closedBy: event.metadata.userId };
  }

  /**
   * Exactly the events a signed digest covers, judged on the day it was taken — with the rule-set
   * version the decision was judged with, for a decision (a board pack is judged with today's).
   */
  whatTheBoardSaw(programmeId: string, digest: { readonly position: number; readonly takenAt: string }, version: RulesetVersion = RULESET_VERSION): Promise<JudgedView> {
    return this.judged(programmeId, { position: digest.position, asOf: digest.takenAt }, version);
  }

  /**
   * The event that recorded a board decision: the programme's first event after the digest taken
   * just before it (that digest covers everything before the decision). One event is read, not the
   * rest of the store; anything else there means the history is not as it was written, and rather
   * than show the board's decision under the wrong rules, it is an error.
   */
  async decisionEvent(programmeId: string, decisionId: string, after: number): Promise<StoredEvent> {
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId), after, limit: 1 })) {
      if ((event.data as { decisionId?: unknown } | null)?.decisionId === decisionId) return event;
      throw new Error(`The event after the digest of decision ${decisionId} is ${event.type} at ${event.position}, not the decision`);
    }
    throw new Error(`No event follows the digest of decision ${decisionId}`);
  }

  /** The overall and per-area readiness at the end of every day from registration to now, or as known at `asOf`. */
  async trend(programmeId: string, asOf?: string): Promise<TrendDay[]> {
    const today = ukDateOf(this.clock());
    // A day after today has no history yet: the chart ends today, however far ahead it is asked.
    const asked = ukDateOf(asOf ?? this.clock());
    const lastDay = asked < today ? asked : today;
    const past = asOf !== undefined && asked < today;
    await this.closeDaysBefore(programmeId, today);
    // Days before the last are kept; the last is judged with the state as it stood (now, or at
    // `asOf`), and so are the days since the last kept one. That tail is kept in memory until the
    // programme changes or the day turns.
    const kept = this.days.closedThrough(programmeId);
    const from = kept === undefined || kept >= lastDay ? lastDay : addDays(kept, 1);
    // The read models' position, not the store's: the tail is judged from them, and must be judged again once they move.
    const key = `${past ? asOf : this.projections.position}|${from}|${lastDay}`;
    let tail = this.tails.get(programmeId);
    if (tail?.key !== key) {
      const view = past ? await this.past(programmeId, { asOf }) : await this.now(programmeId);
      const days: TrendDay[] = [];
      for (let day = from; day <= lastDay; day = addDays(day, 1)) days.push({ date: day, ...pickTrend(judgeView(view, day)) });
      tail = { key, days };
      this.tails.delete(programmeId);
      this.tails.set(programmeId, tail);
      // The oldest first out: a Map iterates in insertion order, and a hit is moved to the end.
      if (this.tails.size > TAILS_KEPT) this.tails.delete(this.tails.keys().next().value!);
    } else {
      this.tails.delete(programmeId);
      this.tails.set(programmeId, tail);
    }
    return [...this.days.closedBefore(programmeId, from), ...tail.days];
  }

  /**
   * Judges and keeps every day before `today` not kept yet, replaying the programme's events
   * recorded before today from a snapshot no later than the last kept day. Each day is judged
   * once: the first dashboard after a quiet spell pays for the days since, never a write.
   */
  private closeDaysBefore(programmeId: string, today: string): Promise<void> {
    const running = this.closing.get(programmeId);
    if (running) return running;
    const work = (async () => {
      const through = this.days.closedThrough(programmeId);
      const yesterday = addDays(today, -1);
      if (through !== undefined && through >= yesterday) return;
      const closed: TrendDay[] = [];
      let day: string | undefined;
      const close = (fold: ProgrammeFold) => {
        const view = fold.view();
        if (view && (through === undefined || day! > through)) closed.push({ date: day!, ...pickTrend(judgeView(view, day!)) });
        day = addDays(day!, 1);
      };
      const fold = await this.replayInTurn(
        programmeId,
        { asOf: new Date(Date.parse(ukMidnight(today)) - 1).toISOString() },
        {
          // From a snapshot taken by the end of the last kept day, so that no day after it is skipped.
          snapshotBy: through === undefined ? null : new Date(Date.parse(ukMidnight(addDays(through, 1))) - 1).toISOString(),
          beforeEach: (event, state) => {
            const eventDay = ukDateOf(event.metadata.recordedAt);
            // Days with no events carry the day before's state forward, judged on their own date.
            while (day !== undefined && day < eventDay) close(state);
            day ??= through === undefined ? eventDay : addDays(through, 1) < eventDay ? addDays(through, 1) : eventDay;
          },
        },
      );
      // Nothing recorded since the snapshot: the days after the last kept one carry its state.
      day ??= through === undefined ? undefined : addDays(through, 1);
      if (day === undefined) return; // nothing recorded before today
      while (day <= yesterday) close(fold);
      this.days.close(programmeId, closed, yesterday);
    })();
    this.closing.set(programmeId, work);
    return work.finally(() => this.closing.delete(programmeId));
  }

  private async now(programmeId: string): Promise<ProgrammeView> {
    const programme = this.programmes.get(programmeId);
    if (!programme) throw new NotFoundError('programme', programmeId);
    const { buyBack, envelopes } = this.registers.budgets(programmeId);
    const goLiveChanges = (await this.store.readStream(programmeStreamId(programmeId))).filter((event) => GO_LIVE_CHANGES.has(event.type));
    return { programme, items: this.registers.items(programmeId), findings: this.registers.findings(programmeId), buyBack, envelopes, money: this.registers.money(programmeId), goLiveChanges };
  }

  private async past(programmeId: string, at: At): Promise<ProgrammeView> {
    const view = (await this.replayInTurn(programmeId, at)).view();
    if (!view) throw new NotFoundError('programme', programmeId);
    return view;
  }

  /** A replay in one of the few slots for them; refused with {@link ServerBusyError} (503) when they and their queue are full. */
  private replayInTurn(...args: Parameters<ProgrammeViews['replay']>): Promise<ProgrammeFold> {
    return this.replays.run(() => this.replay(...args));
  }

  /**
   * Folds the programme's events that `at` admits. Starts from the newest snapshot holding only
   * admitted events: effective times never run ahead of recorded ones, so every event recorded by
   * both bounds is admitted. Saves a snapshot every {@link SNAPSHOT_EVERY} events while no event
   * has been left out.
   */
  private async replay(
    programmeId: string,
    at: At,
    options: { snapshotBy?: string | null; beforeEach?: (event: StoredEvent, fold: ProgrammeFold) => void } = {},
  ): Promise<ProgrammeFold> {
    const bound = [at.asOf, at.validAt, options.snapshotBy ?? undefined].filter((t): t is string => t !== undefined).sort()[0];
    const snapshot = options.snapshotBy === null ? undefined : this.snapshots.latest(programmeId, { recordedBy: bound, position: at.position });
    const fold = snapshot ? ProgrammeFold.fromJSON(programmeId, snapshot.fold) : new ProgrammeFold(programmeId);
    let events = snapshot?.events ?? 0;
    let nextSnapshotAt = snapshot ? snapshot.events + snapshotSpacing(snapshot.bytes ?? 0) : SNAPSHOT_EVERY;
    let complete = true;
    const stream = this.store.readAll({
      streamPrefix: programmeStreamPrefix(programmeId),
      ...(snapshot ? { after: snapshot.position } : {}),
      ...(at.asOf === undefined ? {} : { recordedUpTo: at.asOf }),
    });
    for await (const event of stream) {
      if (at.position !== undefined && event.position > at.position) break;
      if (programmeOfStream(event.streamId) !== programmeId) continue;
      if (at.validAt !== undefined && (event.metadata.effectiveAt ?? event.metadata.recordedAt) > at.validAt) {
        complete = false;
        continue;
      }
      options.beforeEach?.(event, fold);
      fold.apply(event);
      events++;
      if (complete && events >= nextSnapshotAt) {
        const bytes = this.snapshots.save(programmeId, { position: event.position, recordedAt: event.metadata.recordedAt, events, fold: fold.toJSON() });
        nextSnapshotAt = events + snapshotSpacing(bytes);
      }
    }
    return fold;
  }
}

function isNow(at: At): boolean {
  return at.asOf === undefined && at.validAt === undefined && at.position === undefined;
}

function pickTrend({ overall, areas }: Readiness) {
  return { overall, areas };
}
