import { Inject, Injectable } from '@nestjs/common';
import {
  BudgetEvent,
  Finding,
  FindingEvent,
  NotFoundError,
  Programme,
  ProgrammeEvent,
  RegisterItemEvent,
  RegisterItemState,
  findingDecider,
  programmeDecider,
  programmeStreamPrefix,
  registerItemDecider,
  ukDateOf,
} from '@tracker/domain';
import { EventStore, StoredEvent } from '@tracker/event-store';
import { programmeOfStream } from '@tracker/read-models';
import { FindingFacts, ItemFacts, ProgrammeSnapshot, Readiness, assessReadiness } from '@tracker/readiness';
import { EVENT_STORE } from '../infrastructure/tokens';

export interface AsOf {
  /** What was known then: events recorded up to this instant. */
  readonly asOf?: string;
  /** What is now known to have been true then: events whose effective time is up to this instant. */
  readonly validAt?: string;
}

/** A programme folded from its events, with the domain's own evolve, into what readiness is judged from. */
class ProgrammeFold {
  programme: Programme = programmeDecider.initialState();
  readonly items = new Map<string, RegisterItemState>();
  readonly findings = new Map<string, Finding>();
  readonly buyBack = new Map<string, number>();
  readonly envelopes = new Map<string, number>();
  boardRating: { rating: string; rationale: string; decisionId: string } | null = null;

  apply(event: StoredEvent): void {
    const { streamId } = event;
    if (streamId.includes('-item-')) {
      const e = event as unknown as RegisterItemEvent;
      this.items.set(e.data.itemId, registerItemDecider.evolve(this.items.get(e.data.itemId) ?? registerItemDecider.initialState(), e));
    } else if (streamId.includes('-finding-')) {
      const e = event as unknown as FindingEvent;
      this.findings.set(e.data.findingId, findingDecider.evolve(this.findings.get(e.data.findingId) ?? findingDecider.initialState(), e));
    } else if (streamId.endsWith('-budgets')) {
      const e = event as unknown as BudgetEvent;
      if (e.type === 'BuyBackBudgetSet') this.buyBack.set(`${e.data.slaItemId}/${e.data.financialYear}`, e.data.amount);
      if (e.type === 'BudgetEnvelopeSet') this.envelopes.set(e.data.financialYear, e.data.amount);
    } else if (programmeOfStream(streamId) !== undefined && !streamId.slice(46).startsWith('-')) {
      const e = event as unknown as ProgrammeEvent;
      this.programme = programmeDecider.evolve(this.programme, e);
      if (e.type === 'BoardRatingRecorded') this.boardRating = { rating: e.data.rating, rationale: e.data.rationale, decisionId: e.data.decisionId };
    }
  }

  snapshot(today: string): ProgrammeSnapshot | undefined {
    if (this.programme.status === 'unregistered') return undefined;
    return {
      today,
      goLiveDate: this.programme.goLiveDate,
      items: [...this.items.values()].filter((item) => item.status === 'registered') as unknown as ItemFacts[],
      findings: [...this.findings.values()].filter((finding) => finding.status !== 'none') as unknown as FindingFacts[],
      buyBack: this.buyBack,
      envelopes: this.envelopes,
    };
  }
}

/**
 * Readiness as it stood at another time, and day by day. Replays the programme's events; fine
 * for the histories of today's programmes, and the place where snapshots will go when they grow.
 */
@Injectable()
export class ProgrammeReplay {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async readinessAt(programmeId: string, at: AsOf): Promise<Readiness & { boardRating: ProgrammeFold['boardRating'] }> {
    const fold = new ProgrammeFold();
    const upTo = at.asOf;
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId), ...(upTo ? { recordedUpTo: upTo } : {}) })) {
      if (programmeOfStream(event.streamId) !== programmeId) continue;
      if (at.validAt !== undefined && (event.metadata.effectiveAt ?? event.metadata.recordedAt) > at.validAt) continue;
      fold.apply(event);
    }
    const when = at.validAt ?? at.asOf ?? new Date().toISOString();
    const snapshot = fold.snapshot(ukDateOf(when));
    if (!snapshot) throw new NotFoundError('programme', programmeId);
    return { ...assessReadiness(snapshot), boardRating: fold.boardRating };
  }

  /** The overall and per-area ratings and counts at the end of every day from registration to `until`. */
  async trend(programmeId: string, until: string): Promise<{ date: string; overall: Readiness['overall']; areas: Readiness['areas'] }[]> {
    const fold = new ProgrammeFold();
    const days: { date: string; overall: Readiness['overall']; areas: Readiness['areas'] }[] = [];
    let day: string | undefined;
    const close = (date: string) => {
      const snapshot = fold.snapshot(date);
      if (snapshot) {
        const { overall, areas } = assessReadiness(snapshot);
        days.push({ date, overall, areas });
      }
    };
    const lastDay = ukDateOf(until);
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId), recordedUpTo: until })) {
      if (programmeOfStream(event.streamId) !== programmeId) continue;
      const eventDay = ukDateOf(event.metadata.recordedAt);
      // Days with no events carry the day before's state forward, judged on their own date.
      while (day !== undefined && day < eventDay) {
        close(day);
        day = nextDay(day);
      }
      day ??= eventDay;
      fold.apply(event);
    }
    while (day !== undefined && day <= lastDay) {
      close(day);
      day = nextDay(day);
    }
    if (days.length === 0) throw new NotFoundError('programme', programmeId);
    return days;
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
}
