import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, programmeStreamId, programmeStreamPrefix, ukDateOf } from '@tracker/domain';
import { EventStore, StoredEvent } from '@tracker/event-store';
import { ProgrammeFold, ProgrammeList, ProgrammeRegisters, ProgrammeSnapshots, ProgrammeView, programmeOfStream } from '@tracker/read-models';
import { FindingFacts, ItemFacts, Readiness, assessReadiness } from '@tracker/readiness';
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

/** A snapshot is saved after every this many of a programme's events, as history is replayed. */
export const SNAPSHOT_EVERY = 5_000;

const GO_LIVE_CHANGES = new Set(['GoLiveDateConfirmed', 'GoLiveDateMoved', 'ProgrammeWentLive']);

/**
 * Every read of a programme's state goes through here: now from the read store, at another time
 * by replaying its events from the newest snapshot that time allows, with the domain's own evolve.
 */
@Injectable()
export class ProgrammeViews {
  constructor(
    private readonly programmes: ProgrammeList,
    private readonly registers: ProgrammeRegisters,
    private readonly snapshots: ProgrammeSnapshots,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async judged(programmeId: string, at: At = {}): Promise<JudgedView> {
    const view = isNow(at) ? await this.now(programmeId) : await this.past(programmeId, at);
    const today = ukDateOf(at.validAt ?? at.asOf ?? this.clock());
    return { view, today, readiness: judge(view, today) };
  }

  /** Exactly the events a signed digest covers, judged on the day it was taken. */
  whatTheBoardSaw(programmeId: string, digest: { readonly position: number; readonly takenAt: string }): Promise<JudgedView> {
    return this.judged(programmeId, { position: digest.position, asOf: digest.takenAt });
  }

  /** The overall and per-area ratings and counts at the end of every day from registration to `until`. */
  async trend(programmeId: string, until: string): Promise<TrendDay[]> {
    const days: TrendDay[] = [];
    let day: string | undefined;
    const lastDay = ukDateOf(until);
    const close = (fold: ProgrammeFold) => {
      const view = fold.view();
      if (view) days.push({ date: day!, ...pickTrend(judge(view, day!)) });
      day = nextDay(day!);
    };
    const fold = await this.replay(programmeId, { asOf: until }, { fromStart: true, beforeEach: (event, fold) => {
      const eventDay = ukDateOf(event.metadata.recordedAt);
      // Days with no events carry the day before's state forward, judged on their own date.
      while (day !== undefined && day < eventDay) close(fold);
      day ??= eventDay;
    } });
    while (day !== undefined && day <= lastDay) close(fold);
    if (days.length === 0) throw new NotFoundError('programme', programmeId);
    return days;
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
  private async replay(
    programmeId: string,
    at: At,
    options: { fromStart?: boolean; beforeEach?: (event: StoredEvent, fold: ProgrammeFold) => void } = {},
  ): Promise<ProgrammeFold> {
    const bound = [at.asOf, at.validAt].filter((t): t is string => t !== undefined).sort()[0];
    const snapshot = options.fromStart ? undefined : this.snapshots.latest(programmeId, { recordedBy: bound, position: at.position });
    const fold = snapshot ? ProgrammeFold.fromJSON(programmeId, snapshot.fold) : new ProgrammeFold(programmeId);
    let events = snapshot?.events ?? 0;
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
      if (complete && events % SNAPSHOT_EVERY === 0) {
        this.snapshots.save(programmeId, { position: event.position, recordedAt: event.metadata.recordedAt, events, fold: fold.toJSON() });
      }
    }
    return fold;
  }
}

function isNow(at: At): boolean {
  return at.asOf === undefined && at.validAt === undefined && at.position === undefined;
}

function judge(view: ProgrammeView, today: string): Readiness {
  return assessReadiness({
    today,
    goLiveDate: view.programme.goLiveDate,
    items: view.items as unknown as ItemFacts[],
    findings: view.findings as unknown as FindingFacts[],
    buyBack: view.buyBack,
    envelopes: view.envelopes,
  });
}

function pickTrend({ overall, areas }: Readiness) {
  return { overall, areas };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
}
