import { AREAS, DELIVERY_CONFIDENCE, DELIVERY_MODELS, InvalidCommandError, REGIONS } from '@tracker/domain';
import { addDays, daysBetween, isFindingOpen, moneyPictureOf } from '@tracker/readiness';
import type { JudgedView } from '../readiness/programme-views';
import type { DecisionEntry } from '../decisions/queries/decision-log/decision-log';

/** One programme as the portfolio shows it: computed readiness beside the board's own confidence, and what a department compares. */
export interface PortfolioRow {
  readonly id: string;
  readonly name: string;
  readonly council: string;
  readonly region?: string;
  readonly deliveryModel?: string;
  readonly leadAdviser?: string;
  readonly inspectionJudgement?: string;
  readonly status: 'active' | 'live' | 'closed';
  readonly goLiveDate: string;
  readonly daysToGoLive: number;
  readonly readiness: string | null;
  readonly phase: 'before-go-live' | 'since-go-live';
  /** The board's latest delivery confidence, and what it was four weeks before the day. */
  readonly deliveryConfidence: { readonly rating: string; readonly fourWeeksAgo: string | null } | null;
  readonly blockers: number;
  readonly blockersByArea: Readonly<Record<string, number>>;
  readonly openCritical: number;
  readonly openHigh: number;
  readonly goLiveMoves: number;
  readonly compare: Comparisons;
}

/** The figures compared across programmes; a share is null where there is nothing to count yet. */
export interface Comparisons {
  /** Staff groups whose ELI was received at least 28 days before transfer, of those whose ELI is in or overdue. */
  readonly eliOnTime: Share;
  /** Novations with every signature on the deed by T-4 weeks, of the novations whose T-4 weeks has come. */
  readonly novationsByT4: Share;
  /** SLAs signed by go-live, and those on interim terms. */
  readonly slas: { readonly signed: number; readonly interim: number; readonly neither: number };
  /** Year one's buy-back total as a share of its contract sum. */
  readonly buyBackShareOfContractSum: number | null;
  /** How often the go-live date moved, by reason code. */
  readonly movesByReason: Readonly<Record<string, number>>;
  /** Findings raised in each area for every 100 items the area holds. */
  readonly findingsPer100Items: Readonly<Record<string, number | null>>;
  /** Findings raised for every 100 items, across the programme. */
  readonly findingsPer100: number | null;
}

export interface Share {
  readonly of: number;
  readonly count: number;
  readonly percent: number | null;
}

const share = (count: number, of: number): Share => ({ count, of, percent: of === 0 ? null : Math.round((count / of) * 1000) / 10 });

/** The row of one programme, from its judged view and its decision log: nothing here replays history. */
export function portfolioRowOf({ view, readiness, today }: JudgedView, decisions: readonly DecisionEntry[]): PortfolioRow {
  const { programme } = view;
  const blockersByArea: Record<string, number> = {};
  for (const b of readiness.blockers) blockersByArea[b.area] = (blockersByArea[b.area] ?? 0) + 1;
  const open = view.findings.filter((f) => isFindingOpen(f, today));
  const ratings = decisions.filter((d) => d.type === 'delivery-confidence' && (d.effectiveAt ?? d.recordedAt).slice(0, 10) <= today);
  const weeksAgo = addDays(today, -28);
  const then = ratings.find((d) => (d.effectiveAt ?? d.recordedAt).slice(0, 10) <= weeksAgo);
  const moves = view.goLiveChanges.filter((e) => e.type === 'GoLiveDateMoved');
  return {
    id: programme.id,
    name: programme.name,
    council: programme.council,
    ...programme.description,
    status: programme.status,
    goLiveDate: programme.goLiveDate,
    daysToGoLive: daysBetween(today, programme.goLiveDate),
    readiness: readiness.overall,
    phase: readiness.phase,
    deliveryConfidence: ratings.length === 0 ? null : { rating: ratings[0].outcome, fourWeeksAgo: then?.outcome ?? null },
    blockers: readiness.blockers.length,
    blockersByArea,
    openCritical: open.filter((f) => f.severity === 'critical').length,
    openHigh: open.filter((f) => f.severity === 'high').length,
    goLiveMoves: moves.length,
    compare: comparisonsOf({ view, readiness, today }, moves.map((e) => (e.data as { reasons?: string[] }).reasons ?? [])),
  };
}

function comparisonsOf({ view, readiness }: JudgedView, moveReasons: readonly (readonly string[])[]): Comparisons {
  const goLive = view.programme.goLiveDate;
  const reasonsOf = (kind: string, ruleId: string) => readiness.items.filter((i) => i.kind === kind).flatMap((i) => i.reasons.filter((r) => r.ruleId === ruleId));
  const eli = reasonsOf('staff-group', 'staff.eli').filter((r) => r.status !== 'due');
  const slas = reasonsOf('sla', 'slas.signed');
  const t4 = addDays(goLive, -28);
  const novations = view.items.filter((i) => i.kind === 'contract' && i.details.mechanism === 'novate');
  const executedOn = (steps: Readonly<Record<string, { on: string } | undefined>>) => {
    const days = ['deed-signed-by-council', 'deed-signed-by-trust', 'deed-signed-by-supplier'].map((s) => steps[s]?.on);
    return days.every((d) => d !== undefined) ? days.sort().at(-1) : undefined;
  };
  const picture = moneyPictureOf({ goLiveDate: goLive, money: view.money, items: view.items, buyBack: view.buyBack, envelopes: view.envelopes });
  const yearOne = picture.years.find((y) => y.financialYear === picture.yearOne);
  const movesByReason: Record<string, number> = {};
  for (const reasons of moveReasons) for (const r of reasons) movesByReason[r] = (movesByReason[r] ?? 0) + 1;
  const itemsIn = (area: string) => readiness.items.filter((i) => i.area === area).length;
  const findingsIn = (area: string) => view.findings.filter((f) => f.target.area === area).length;
  return {
    eliOnTime: share(eli.filter((r) => r.status === 'met').length, eli.length),
    novationsByT4: share(novations.filter((n) => (executedOn(n.steps as never) ?? '9999') <= t4).length, novations.length),
    slas: { signed: slas.filter((r) => r.status === 'met' || r.status === 'late').length, interim: slas.filter((r) => r.status === 'interim').length, neither: slas.filter((r) => r.status === 'due' || r.status === 'overdue').length },
    buyBackShareOfContractSum: yearOne && yearOne.contractSum > 0 ? Math.round((yearOne.buyBack.total / yearOne.contractSum) * 1000) / 10 : null,
    movesByReason,
    findingsPer100Items: Object.fromEntries(AREAS.map((a) => [a, itemsIn(a) === 0 ? null : Math.round((findingsIn(a) / itemsIn(a)) * 1000) / 10])),
    findingsPer100: readiness.items.length === 0 ? null : Math.round((view.findings.length / readiness.items.length) * 1000) / 10,
  };
}

export interface PortfolioFilter {
  readonly region?: string;
  readonly model?: string;
  /** YYYY-MM */
  readonly goLiveMonth?: string;
  readonly rating?: string;
  readonly adviser?: string;
}

export const PORTFOLIO_SORTS = ['name', 'region', 'goLiveDate', 'readiness', 'deliveryConfidence', 'blockers', 'openCritical', 'goLiveMoves'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

/** The query a portfolio is asked with, checked: each bad value named by its field. */
export function portfolioQueryOf(query: Record<string, string | undefined>): { filter: PortfolioFilter; sort: PortfolioSort; order: 'asc' | 'desc' } {
  const problems: { field: string; problem: string }[] = [];
  const oneOf = (field: string, values: readonly string[]) => {
    const value = query[field];
    if (value === undefined || value === '') return undefined;
    if (!values.includes(value)) problems.push({ field, problem: `must be one of: ${values.join(', ')}` });
    return value;
  };
  const region = oneOf('region', REGIONS);
  const model = oneOf('model', DELIVERY_MODELS);
  const rating = oneOf('rating', DELIVERY_CONFIDENCE);
  const sort = (oneOf('sort', PORTFOLIO_SORTS) ?? 'goLiveDate') as PortfolioSort;
  const order = (oneOf('order', ['asc', 'desc']) ?? 'asc') as 'asc' | 'desc';
  const goLiveMonth = query.goLiveMonth === undefined || query.goLiveMonth === '' ? undefined : query.goLiveMonth;
  if (goLiveMonth !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(goLiveMonth)) problems.push({ field: 'goLiveMonth', problem: 'must be a month written YYYY-MM, like 2027-04' });
  if (problems.length > 0) throw new InvalidCommandError(problems);
  const adviser = query.adviser === undefined || query.adviser === '' ? undefined : query.adviser;
  return { filter: { ...(region ? { region } : {}), ...(model ? { model } : {}), ...(rating ? { rating } : {}), ...(goLiveMonth ? { goLiveMonth } : {}), ...(adviser ? { adviser } : {}) }, sort, order };
}

const SCALE_ORDER = (rating: string | null | undefined) => (rating ? DELIVERY_CONFIDENCE.indexOf(rating as never) : DELIVERY_CONFIDENCE.length);

export function filteredPortfolio(rows: readonly PortfolioRow[], { filter, sort, order }: ReturnType<typeof portfolioQueryOf>): PortfolioRow[] {
  const kept = rows.filter(
    (r) =>
      (filter.region === undefined || r.region === filter.region) &&
      (filter.model === undefined || r.deliveryModel === filter.model) &&
      (filter.rating === undefined || r.readiness === filter.rating) &&
      (filter.goLiveMonth === undefined || r.goLiveDate.startsWith(filter.goLiveMonth)) &&
      (filter.adviser === undefined || r.leadAdviser === filter.adviser),
  );
  const key = (r: PortfolioRow): string | number =>
    sort === 'readiness' ? SCALE_ORDER(r.readiness) : sort === 'deliveryConfidence' ? SCALE_ORDER(r.deliveryConfidence?.rating) : sort === 'region' ? (r.region ?? '~') : (r[sort] as string | number);
  const direction = order === 'asc' ? 1 : -1;
  return [...kept].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (x < y ? -1 : x > y ? 1 : 0) * direction || a.name.localeCompare(b.name);
  });
}

/** The totals of what is shown. */
export function portfolioTotals(rows: readonly PortfolioRow[]) {
  const byReadiness: Record<string, number> = {};
  for (const r of rows) byReadiness[r.readiness ?? 'none'] = (byReadiness[r.readiness ?? 'none'] ?? 0) + 1;
  return {
    programmes: rows.length,
    byReadiness,
    goingLiveWithin3Months: rows.filter((r) => r.status === 'active' && r.daysToGoLive >= 0 && r.daysToGoLive <= 92).length,
    blockers: rows.reduce((n, r) => n + r.blockers, 0),
    openCritical: rows.reduce((n, r) => n + r.openCritical, 0),
    openHigh: rows.reduce((n, r) => n + r.openHigh, 0),
    goLiveMoves: rows.reduce((n, r) => n + r.goLiveMoves, 0),
  };
}

