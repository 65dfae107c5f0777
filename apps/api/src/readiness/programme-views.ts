import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, programmeStreamId, programmeStreamPrefix, ukDateOf } from '@tracker/domain';
import { EventStore, StoredEvent } from '@tracker/event-store';
import { ProgrammeFold, ProgrammeList, ProgrammeRegisters, ProgrammeSnapshots, ProgrammeView, ReadinessDays, judgeView, nextDay, programmeOfStream } from '@tracker/read-models';
import { Readiness, RULESET_VERSION, RulesetVersion } from '@tracker/readiness';
import { CLOCK, Clock, EVENT_STORE } from '../infrastructure/tokens';

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

export type TrendDay = { readonly date: string } & Pick<Readiness, 'overall' | 'areas'>;

/** A snapshot is saved after every this many of a programme's events, as history is replayed… */
export const SNAPSHOT_EVERY = 5_000;
/**
 * …or after more, once the programme's state is large: never before the events since the last
 * snapshot could fill as many bytes as it did, counting each event as at least this many (a stored
 * event's ids, metadata and hash alone take more). Snapshots then never outgrow the event store:
 * saving the whole state every 5,000 events grew with the square of the history (1.3 GiB at 200,000
 * events), and one auditor's question could fill the disk.
 */
export const MIN_EVENT_BYTES = 256;

function snapshotSpacing(snapshotBytes: number): number {
  return Math.max(SNAPSHOT_EVERY, Math.ceil(snapshotBytes / MIN_EVENT_BYTES));
}

const GO_LIVE_CHANGES = new Set(['GoLiveDateConfirmed', 'GoLiveDateMoved', 'ProgrammeWentLive']);

/**
 * Every read of a programme's state goes through here: now from the read store, at another time
 * by replaying its events from the newest snapshot that time allows, with the domain's own evolve.
 */
/** How many programmes' trend tails are kept in memory at once. */
const TAILS_KEPT = 100;

@Injectable()
export class ProgrammeViews {
  private readonly tails = new Map<string, { readonly key: string; readonly days: readonly TrendDay[] }>();

  constructor(
    private readonly programmes: ProgrammeList,
    private readonly registers: ProgrammeRegisters,
    private readonly snapshots: ProgrammeSnapshots,
    private readonly days: ReadinessDays,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Judged with the current rule set unless `version` names an older one. */
  async judged(programmeId: string, at: At = {}, version: RulesetVersion = RULESET_VERSION): Promise<JudgedView> {
    const view = isNow(at) ? await this.now(programmeId) : await this.past(programmeId, at);
    const today = ukDateOf(at.validAt ?? at.asOf ?? this.clock());
    return { view, today, readiness: judge(view, today, version) };
  }

  /**
   * Exactly the events a signed digest covers, judged on the day it was taken — with the rule-set
   * version the decision was judged with, for a decision (a board pack is judged with today's).
   */
  whatTheBoardSaw(programmeId: string, digest: { readonly position: number; readonly takenAt: string }, version: RulesetVersion = RULESET_VERSION): Promise<JudgedView> {
    return this.judged(programmeId, { position: digest.position, asOf: digest.takenAt }, version);
  }

  /**
   * The data of the event that recorded a board decision, found among the programme's events after
   * the digest taken just before it; undefined when there is none.
   */
  async decisionEvent(programmeId: string, decisionId: string, after: number): Promise<StoredEvent | undefined> {
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId), after })) {
      if (programmeOfStream(event.streamId) !== programmeId) continue;
      if ((event.data as { decisionId?: unknown } | null)?.decisionId === decisionId) return event;
    }
    return undefined;
  }

  /** The overall and per-area readiness at the end of every day from registration to now, or as known at `asOf`. */
  async trend(programmeId: string, asOf?: string): Promise<TrendDay[]> {
    const lastDay = ukDateOf(asOf ?? this.clock());
    const open = this.days.openDay(programmeId);
    if (open === undefined) throw new NotFoundError('programme', programmeId);
    // Closed days come from the rollup; the days since (the open one, and any without events
    // after it) are judged, each on its own date, with the state at `asOf`. That tail is kept
    // until the programme changes or the day turns: it costs a judgement a day to make.
    const from = open.date < lastDay ? open.date : lastDay;
    const key = `${open.position}|${from}|${lastDay}|${asOf ?? ''}`;
    let tail = this.tails.get(programmeId);
    if (tail?.key !== key) {
      const view = asOf === undefined ? await this.now(programmeId) : await this.past(programmeId, { asOf });
      const days: TrendDay[] = [];
      for (let day = from; day <= lastDay; day = nextDay(day)) days.push({ date: day, ...pickTrend(judge(view, day)) });
      tail = { key, days };
      this.tails.delete(programmeId);
      this.tails.set(programmeId, tail);
      // The oldest first out: a Map iterates in insertion order.
      if (this.tails.size > TAILS_KEPT) this.tails.delete(this.tails.keys().next().value!);
    }
    return [...this.days.closedBefore(programmeId, from), ...tail.days];
  }

  private async now(programmeId: string): Promise<ProgrammeView> {
    const programme = this.programmes.get(programmeId);
    if (!programme) throw new NotFoundError('programme', programmeId);
    const { buyBack, envelopes } = this.registers.budgets(programmeId);
    const goLiveChanges = (await this.store.readStream(programmeStreamId(programmeId))).filter((event) => GO_LIVE_CHANGES.has(event.type));
    return { programme, items: this.registers.items(programmeId), findings: this.registers.findings(programmeId), buyBack, envelopes, goLiveChanges };
  }

  private async past(programmeId: string, at: At): Promise<ProgrammeView> {
    const view = (await this.replay(programmeId, at)).view();
    if (!view) throw new NotFoundError('programme', programmeId);
    return view;
  }

  /**
   * Folds the programme's events that `at` admits. Starts from the newest snapshot holding only
   * admitted events: effective times never run ahead of recorded ones, so every event recorded by
   * both bounds is admitted. Saves a snapshot every {@link SNAPSHOT_EVERY} events while no event
   * has been left out.
   */
  private async replay(programmeId: string, at: At): Promise<ProgrammeFold> {
    const bound = [at.asOf, at.validAt].filter((t): t is string => t !== undefined).sort()[0];
    const snapshot = this.snapshots.latest(programmeId, { recordedBy: bound, position: at.position });
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

function judge(view: ProgrammeView, today: string, version: RulesetVersion = RULESET_VERSION): Readiness {
  return judgeView(view, today, version);
}

function pickTrend({ overall, areas }: Readiness) {
  return { overall, areas };
}
