import type { StoredEvent } from '@tracker/event-store';
import { BudgetEvent, Finding, FindingEvent, Money, NO_MONEY, budgetsDecider, Programme, ProgrammeEvent, RegisterItemEvent, RegisterItemState, RegisteredItem, findingDecider, programmeDecider, programmeStreamOf, registerItemDecider } from '@tracker/domain';
import type { ProgrammeRow } from './programme-list.projection';

export type ItemRow = RegisteredItem & { readonly version: number };
export type FindingRow = Exclude<Finding, { status: 'none' }> & { readonly version: number; readonly raisedAt: string };

/** Everything a programme's readiness and dashboard are drawn from, at one moment. */
export interface ProgrammeView {
  readonly programme: ProgrammeRow;
  /** In kind, then reference order. */
  readonly items: readonly ItemRow[];
  /** Oldest first. */
  readonly findings: readonly FindingRow[];
  /** Keyed `${slaItemId}/${financialYear}`. */
  readonly buyBack: ReadonlyMap<string, number>;
  readonly envelopes: ReadonlyMap<string, number>;
  /** Baseline, cost model, the board's agreements, the facility and the payment profile. */
  readonly money: Money;
  /** The programme's go-live confirmations, moves and going live, in order. */
  readonly goLiveChanges: readonly StoredEvent[];
}

const GO_LIVE_CHANGES = new Set(['GoLiveDateConfirmed', 'GoLiveDateMoved', 'ProgrammeWentLive']);

/**
 * Bump when what the fold keeps changes (including a change to a decider's evolve): snapshots
 * written by another version are ignored rather than trusted.
 */
export const PROGRAMME_FOLD_VERSION = 6;

/**
 * A programme folded in memory from its events, with the domain's own evolve, into the same rows
 * the read store keeps: what time travel judges the past by. Serialises to JSON for snapshots.
 */
export class ProgrammeFold {
  private programme: Programme = programmeDecider.initialState();
  private programmeVersion = 0;
  private boardRating: ProgrammeRow['deliveryConfidence'];
  private readonly items = new Map<string, { state: RegisterItemState; version: number }>();
  private readonly findings = new Map<string, { state: Finding; version: number; raisedAt: string }>();
  private readonly buyBack = new Map<string, number>();
  private readonly envelopes = new Map<string, number>();
  private money: Money = NO_MONEY;
  private readonly goLiveChanges: StoredEvent[] = [];

  constructor(readonly programmeId: string) {}

  apply(event: StoredEvent): void {
    const stream = programmeStreamOf(event.streamId);
    if (stream?.programmeId !== this.programmeId) return;
    const version = event.streamRevision + 1;
    if (stream.kind === 'item') {
      const e = event as StoredEvent & RegisterItemEvent;
      const before = this.items.get(e.data.itemId)?.state ?? registerItemDecider.initialState();
      this.items.set(e.data.itemId, { state: registerItemDecider.evolve(before, e), version });
    } else if (stream.kind === 'finding') {
      const e = event as StoredEvent & FindingEvent;
      const before = this.findings.get(e.data.findingId);
      const raisedAt = before?.raisedAt ?? (e.type === 'FindingRaised' ? e.metadata.recordedAt : '');
      this.findings.set(e.data.findingId, { state: findingDecider.evolve(before?.state ?? findingDecider.initialState(), e), version, raisedAt });
    } else if (stream.kind === 'budgets') {
      const e = event as StoredEvent & BudgetEvent;
      if (e.type === 'BuyBackBudgetSet') this.buyBack.set(`${e.data.slaItemId}/${e.data.financialYear}`, e.data.amount);
      if (e.type === 'BudgetEnvelopeSet') this.envelopes.set(e.data.financialYear, e.data.amount);
      else this.money = budgetsDecider.evolve({ buyBack: new Map(), envelopes: new Map(), money: this.money }, e).money;
    } else if (stream.kind === 'programme') {
      const e = event as StoredEvent & ProgrammeEvent;
      this.programme = programmeDecider.evolve(this.programme, e);
      this.programmeVersion = version;
      if (e.type === 'BoardRatingRecorded') this.boardRating = { rating: e.data.rating, rationale: e.data.rationale, decisionId: e.data.decisionId };
      if (GO_LIVE_CHANGES.has(e.type)) this.goLiveChanges.push(event);
    }
  }

  /** The view, or undefined while the programme is not yet registered. */
  view(): ProgrammeView | undefined {
    const p = this.programme;
    if (p.status === 'unregistered') return undefined;
    const programme: ProgrammeRow = {
      id: p.programmeId,
      name: p.name,
      council: p.council,
      newBody: p.newBody,
      legalForm: p.legalForm,
      servicesInScope: [...p.servicesInScope],
      goLiveDate: p.goLiveDate,
      goLiveConfirmed: p.goLiveConfirmed,
      status: p.status,
      ...(p.wentLiveOn === undefined ? {} : { wentLiveOn: p.wentLiveOn }),
      registeredAt: p.registeredAt,
      startedOn: p.startedOn,
      ...(this.boardRating === undefined ? {} : { deliveryConfidence: this.boardRating }),
      description: p.description ?? {},
      version: this.programmeVersion,
    };
    const items: ItemRow[] = [];
    for (const { state, version } of this.items.values()) if (state.status === 'registered') items.push({ ...state, version });
    items.sort((a, b) => compare(a.kind, b.kind) || compare(a.reference, b.reference));
    const findings: FindingRow[] = [];
    for (const { state, version, raisedAt } of this.findings.values()) if (state.status !== 'none') findings.push({ ...state, version, raisedAt });
    findings.sort((a, b) => compare(a.raisedAt, b.raisedAt) || compare(a.findingId, b.findingId));
    return { programme, items, findings, buyBack: new Map(this.buyBack), envelopes: new Map(this.envelopes), money: this.money, goLiveChanges: [...this.goLiveChanges] };
  }

  toJSON(): SavedFold {
    return {
      programme: this.programme,
      programmeVersion: this.programmeVersion,
      boardRating: this.boardRating,
      items: [...this.items],
      findings: [...this.findings],
      buyBack: [...this.buyBack],
      envelopes: [...this.envelopes],
      money: this.money,
      goLiveChanges: this.goLiveChanges,
    };
  }

  static fromJSON(programmeId: string, saved: SavedFold): ProgrammeFold {
    const fold = new ProgrammeFold(programmeId);
    fold.programme = saved.programme;
    fold.programmeVersion = saved.programmeVersion;
    fold.boardRating = saved.boardRating;
    for (const [key, value] of saved.items) fold.items.set(key, value);
    for (const [key, value] of saved.findings) fold.findings.set(key, value);
    for (const [key, value] of saved.buyBack) fold.buyBack.set(key, value);
    for (const [key, value] of saved.envelopes) fold.envelopes.set(key, value);
    fold.money = saved.money ?? NO_MONEY;
    fold.goLiveChanges.push(...saved.goLiveChanges);
    return fold;
  }
}

export interface SavedFold {
  readonly programme: Programme;
  readonly programmeVersion: number;
  /** The board's delivery confidence; saved under this key, as snapshots already stored have it. */
  readonly boardRating: ProgrammeRow['deliveryConfidence'];
  readonly items: [string, { state: RegisterItemState; version: number }][];
  readonly findings: [string, { state: Finding; version: number; raisedAt: string }][];
  readonly buyBack: [string, number][];
  readonly envelopes: [string, number][];
  readonly money?: Money;
  readonly goLiveChanges: StoredEvent[];
}

/** Byte order, as the read store's SQL sorts. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
