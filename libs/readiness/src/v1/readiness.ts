/**
 * Rule-set version 1, as it stood until December 2026: frozen. A decision judged with version 1 is
 * judged with this code for ever, so what the board saw then can be shown as it was. Never edit.
 */
import { addDays, daysBetween, financialYearOf } from '../dates';
import { POLICY, RULES, Rule } from './rules';

/* ---------- what readiness is computed from ---------- */

export interface ItemFacts {
  readonly itemId: string;
  readonly kind: 'contract' | 'system' | 'process' | 'asset' | 'sla' | 'staff-group' | 'governance-item';
  readonly reference: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** The latest record of each step, with the day it happened. */
  readonly steps: Readonly<Partial<Record<string, { readonly on: string } & Readonly<Record<string, unknown>>>>>;
}

export interface FindingFacts {
  readonly findingId: string;
  readonly title: string;
  readonly target: { readonly kind: 'item'; readonly itemId: string; readonly area: string } | { readonly kind: 'area'; readonly area: string };
  readonly severity: 'critical' | 'high' | 'medium' | 'low';
  readonly status: 'open' | 'mitigated' | 'resolved' | 'closed' | 'risk-accepted';
  readonly riskAcceptance?: { readonly expiresOn: string };
}

export interface ProgrammeSnapshot {
  /** The UK calendar day readiness is judged on. */
  readonly today: string;
  readonly goLiveDate: string;
  readonly items: readonly ItemFacts[];
  readonly findings: readonly FindingFacts[];
  /** Buy-back budgets keyed `${slaItemId}/${financialYear}`, and approved envelopes by year. */
  readonly buyBack: ReadonlyMap<string, number>;
  readonly envelopes: ReadonlyMap<string, number>;
}

/* ---------- what it answers ---------- */

export type ItemStatus = 'ready' | 'at-risk' | 'not-ready' | 'not-applicable';
/** The IPA's delivery confidence scale, best first. */
export const RATINGS = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
export type Rating = (typeof RATINGS)[number];

/** How one rule stands for one item: met; met late; covered by an interim arrangement; not yet met but due later; overdue. */
export type CheckStatus = 'met' | 'late' | 'interim' | 'due' | 'overdue';

export interface Reason {
  readonly ruleId: string;
  readonly status: CheckStatus | 'open-finding';
  readonly message: string;
}

export interface ItemReadiness {
  readonly itemId: string;
  readonly kind: ItemFacts['kind'];
  readonly reference: string;
  readonly area: string;
  readonly status: ItemStatus;
  readonly reasons: readonly Reason[];
}

export interface AreaReadiness {
  readonly area: string;
  /** null when there is nothing in the area to judge. */
  readonly rating: Rating | null;
  readonly counts: Readonly<Record<ItemStatus, number>>;
}

export interface Blocker {
  readonly ruleId: string;
  readonly area: string;
  readonly itemId?: string;
  readonly findingId?: string;
  readonly reference?: string;
  readonly message: string;
  /** The day it starts to matter: sooner first. */
  readonly bitesOn: string;
  readonly overdue: boolean;
}

export interface Readiness {
  readonly today: string;
  readonly goLiveDate: string;
  readonly daysToGoLive: number;
  readonly overall: Rating | null;
  readonly areas: readonly AreaReadiness[];
  readonly items: readonly ItemReadiness[];
  readonly blockers: readonly Blocker[];
}

export const AREA_OF_KIND: Record<ItemFacts['kind'], string> = {
  contract: 'contracts',
  system: 'systems',
  process: 'processes',
  asset: 'assets',
  sla: 'slas',
  'staff-group': 'staff',
  'governance-item': 'governance',
};
export const AREAS = ['systems', 'processes', 'assets', 'contracts', 'slas', 'budgets', 'staff', 'governance'] as const;

/* ---------- checks ---------- */

interface Check {
  readonly rule: Rule;
  readonly status: CheckStatus;
  readonly message: string;
  readonly bitesOn: string;
}

/** A condition with the day it must hold by; `metOn` is when it came to hold, if it has. */
function check(rule: Rule, today: string, dueBy: string, metOn: string | undefined, what: string, bitesOn = dueBy): Check {
  if (metOn !== undefined) {
    return metOn <= dueBy
      ? { rule, status: 'met', message: `${what}: done on ${metOn}`, bitesOn }
      : { rule, status: 'late', message: `${what}: done on ${metOn}, after ${dueBy}`, bitesOn };
  }
  return today > dueBy
    ? { rule, status: 'overdue', message: `${what}: due by ${dueBy}, not done`, bitesOn }
    : { rule, status: 'due', message: `${what}: due by ${dueBy}`, bitesOn };
}

function interim(rule: Rule, endDate: string, what: string, goLiveDate: string): Check | undefined {
  return endDate > goLiveDate ? { rule, status: 'interim', message: `${what}: covered by an interim arrangement until ${endDate}`, bitesOn: endDate } : undefined;
}

function checksFor(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const on = (step: string) => item.steps[step]?.on;
  const byGoLive = (rule: Rule, step: string, what: string) => check(rule, today, goLiveDate, on(step), what);

  switch (item.kind) {
    case 'contract': {
      const mechanism = item.details.mechanism as string | undefined;
      const covered = item.steps['interim-arrangement-agreed'];
      const route = check(RULES.contractRoute, today, goLiveDate, mechanism === undefined ? undefined : (on('mechanism-chosen') ?? today), 'Route chosen');
      if (mechanism !== 'novate' && mechanism !== 'assign') return [route];
      const deed = byGoLive(RULES.novation, 'deed-executed', `Deed of ${mechanism === 'novate' ? 'novation' : 'assignment'} executed`);
      const stopgap = deed.status === 'met' || !covered ? undefined : interim(RULES.novation, covered.endDate as string, 'Deed not yet executed', goLiveDate);
      return [route, byGoLive(RULES.novation, 'consent-received', 'Counterparty consent received'), stopgap ?? deed];
    }
    case 'system': {
      const option = item.steps['sourcing-option-chosen']?.option as string | undefined;
      return [
        byGoLive(RULES.systemSourcing, 'sourcing-option-chosen', 'Sourcing option chosen'),
        byGoLive(RULES.systemAccess, 'access-confirmed', 'Access for trust staff confirmed'),
        ...(option === 'council-hosted-sla' || option === 'shared' ? [byGoLive(RULES.dataSharing, 'data-sharing-agreement-signed', 'Data-sharing agreement signed')] : []),
        ...(item.details.migrationNeeded === true ? [byGoLive(RULES.migration, 'migration-tested', 'Migration tested')] : []),
      ];
    }
    case 'process':
      return [byGoLive(RULES.processOwner, 'owner-named', 'Owner named'), byGoLive(RULES.walkThrough, 'walked-through', 'Walked through end to end')];
    case 'asset':
      return [
        byGoLive(RULES.assetTransfer, 'transfer-mechanism-chosen', 'Transfer mechanism chosen'),
        byGoLive(RULES.assetTransfer, 'instrument-completed', 'Legal instrument completed'),
      ];
    case 'sla': {
      const signed = byGoLive(RULES.slaSigned, 'signed', 'SLA signed');
      const covered = item.steps['interim-arrangement-agreed'];
      const stopgap = signed.status === 'met' || !covered ? undefined : interim(RULES.slaSigned, covered.endDate as string, 'SLA not yet signed', goLiveDate);
      const yearOne = financialYearOf(goLiveDate);
      const budgeted = snapshot.buyBack.has(`${item.itemId}/${yearOne}`);
      const budget: Check[] = item.steps.signed
        ? [budgeted ? { rule: RULES.slaBudget, status: 'met', message: `Year-one (${yearOne}) buy-back budget set`, bitesOn: goLiveDate } : check(RULES.slaBudget, today, goLiveDate, undefined, `Year-one (${yearOne}) buy-back budget`)]
        : [];
      return [stopgap ?? signed, ...budget];
    }
    case 'staff-group': {
      const transfer = goLiveDate;
      const redundancies = Number(item.details.redundanciesProposed ?? 0);
      const collectiveDays = redundancies >= 100 ? POLICY.collectiveConsultationDaysLarge : redundancies >= 20 ? POLICY.collectiveConsultationDaysSmall : 0;
      const consultationStartBy = addDays(transfer, -Math.max(POLICY.consultationLeadDays, collectiveDays));
      return [
        check(RULES.eli, today, addDays(transfer, -POLICY.eliDaysBeforeTransfer), on('eli-received'), 'Employee liability information received'),
        check(RULES.measuresLetter, today, consultationStartBy, on('measures-letter-received'), 'Measures letter received'),
        check(collectiveDays > 0 ? RULES.redundancies : RULES.consultation, today, consultationStartBy, on('consultation-started'), 'Consultation started'),
        check(RULES.consultation, today, transfer, on('consultation-completed'), 'Consultation completed'),
        ...(item.details.pensionScheme === 'lgps' ? [check(RULES.pensions, today, transfer, on('admission-agreement-signed'), 'LGPS admission agreement signed')] : []),
        check(RULES.headcount, today, transfer, on('headcount-confirmed'), 'Headcount at transfer confirmed'),
      ];
    }
    case 'governance-item': {
      const kind = item.details.governanceKind;
      const rule =
        kind === 'services-contract' ? RULES.servicesContract : kind === 'ofsted-registration' ? RULES.ofsted : kind === 'teckal' ? RULES.teckal : kind === 'cash-flow-treasury' ? RULES.cash : RULES.governance;
      // Registration takes months, so an unregistered trust is a risk long before go-live.
      const bitesOn = kind === 'ofsted-registration' ? addDays(goLiveDate, -POLICY.ofstedWarningDays) : goLiveDate;
      return [check(rule, today, goLiveDate, on('signed-off'), `${String(item.details.title ?? 'Item')} signed off`, bitesOn)];
    }
    default:
      return assertNever(item.kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled: ${String(value)}`);
}

/* ---------- findings ---------- */

function isOpen(finding: FindingFacts, today: string): boolean {
  if (finding.status === 'open' || finding.status === 'mitigated') return true;
  // An accepted risk counts again once the acceptance lapses.
  return finding.status === 'risk-accepted' && finding.riskAcceptance !== undefined && finding.riskAcceptance.expiresOn <= today;
}

/* ---------- putting it together ---------- */

const STATUS_OF: Record<CheckStatus, ItemStatus> = { met: 'ready', late: 'at-risk', interim: 'at-risk', due: 'at-risk', overdue: 'not-ready' };
const WORSE: ItemStatus[] = ['not-applicable', 'ready', 'at-risk', 'not-ready'];
const worse = (a: ItemStatus, b: ItemStatus) => (WORSE.indexOf(a) >= WORSE.indexOf(b) ? a : b);

/**
 * A programme's readiness from its registers, findings and budgets on a given day. Items: ready
 * when every rule is met; at risk while something is due but not yet late, was done late, rests on
 * an interim arrangement, or has an open high finding; not ready when something is overdue or it
 * has an open critical finding.
 */
export function assessReadiness(snapshot: ProgrammeSnapshot): Readiness {
  const { today, goLiveDate } = snapshot;
  const daysToGoLive = daysBetween(today, goLiveDate);
  const open = snapshot.findings.filter((f) => isOpen(f, today));
  const blockers: Blocker[] = [];

  const items = snapshot.items.map((item): ItemReadiness => {
    const area = AREA_OF_KIND[item.kind];
    const checks = checksFor(item, snapshot);
    let status: ItemStatus = checks.length === 0 ? 'not-applicable' : 'ready';
    const reasons: Reason[] = [];
    for (const c of checks) {
      status = worse(status, STATUS_OF[c.status]);
      reasons.push({ ruleId: c.rule.id, status: c.status, message: c.message });
      if (c.status === 'due' || c.status === 'overdue') {
        blockers.push({ ruleId: c.rule.id, area, itemId: item.itemId, reference: item.reference, message: `${item.reference}: ${c.message}`, bitesOn: c.bitesOn, overdue: c.status === 'overdue' });
      }
    }
    for (const finding of open.filter((f) => f.target.kind === 'item' && f.target.itemId === item.itemId)) {
      const severity = findingEffect(finding);
      if (severity === undefined) continue;
      status = worse(status, severity.status);
      reasons.push({ ruleId: severity.rule.id, status: 'open-finding', message: `Open ${finding.severity} finding: ${finding.title}` });
    }
    return { itemId: item.itemId, kind: item.kind, reference: item.reference, area, status, reasons };
  });

  for (const finding of open) {
    const effect = findingEffect(finding);
    if (effect === undefined) continue;
    blockers.push({
      ruleId: effect.rule.id,
      area: finding.target.area,
      findingId: finding.findingId,
      ...(finding.target.kind === 'item' ? { itemId: finding.target.itemId } : {}),
      message: `Open ${finding.severity} finding: ${finding.title}`,
      bitesOn: today,
      overdue: effect.status === 'not-ready',
    });
  }

  const envelope = envelopeCheck(snapshot);
  if (envelope !== undefined && (envelope.status === 'due' || envelope.status === 'overdue')) {
    blockers.push({ ruleId: envelope.rule.id, area: 'budgets', message: envelope.message, bitesOn: envelope.bitesOn, overdue: envelope.status === 'overdue' });
  }

  const areas = AREAS.map((area): AreaReadiness => {
    const inArea = items.filter((i) => i.area === area);
    const statuses = inArea.map((i) => i.status);
    if (area === 'budgets' && envelope !== undefined) statuses.push(STATUS_OF[envelope.status]);
    for (const finding of open.filter((f) => f.target.kind === 'area' && f.target.area === area)) {
      const effect = findingEffect(finding);
      if (effect) statuses.push(effect.status);
    }
    const counts = { ready: 0, 'at-risk': 0, 'not-ready': 0, 'not-applicable': 0 };
    for (const status of statuses) counts[status]++;
    return { area, rating: rate(counts, daysToGoLive), counts };
  });

  const rated = areas.map((a) => a.rating).filter((r): r is Rating => r !== null);
  const overall = rated.length === 0 ? null : rated.reduce((a, b) => (RATINGS.indexOf(a) >= RATINGS.indexOf(b) ? a : b));
  blockers.sort((a, b) => a.bitesOn.localeCompare(b.bitesOn) || Number(b.overdue) - Number(a.overdue) || a.message.localeCompare(b.message));
  return { today, goLiveDate, daysToGoLive, overall, areas, items, blockers };
}

function findingEffect(finding: FindingFacts): { rule: Rule; status: ItemStatus } | undefined {
  if (finding.severity === POLICY.blockingSeverity) return { rule: RULES.criticalFinding, status: 'not-ready' };
  if (finding.severity === POLICY.riskSeverity) return { rule: RULES.highFinding, status: 'at-risk' };
  return undefined;
}

/** Undefined when nothing is bought back and no envelope is set: there is nothing to fit. */
function envelopeCheck(snapshot: ProgrammeSnapshot): Check | undefined {
  const yearOne = financialYearOf(snapshot.goLiveDate);
  const slaIds = new Set(snapshot.items.filter((i) => i.kind === 'sla').map((i) => i.itemId));
  if (slaIds.size === 0 && !snapshot.envelopes.has(yearOne)) return undefined;
  let total = 0;
  for (const [key, amount] of snapshot.buyBack) {
    const [slaId, year] = key.split('/');
    if (year === yearOne && slaIds.has(slaId)) total += amount;
  }
  const envelope = snapshot.envelopes.get(yearOne);
  const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`;
  if (envelope === undefined) return check(RULES.envelope, snapshot.today, snapshot.goLiveDate, undefined, `Approved ${yearOne} budget envelope`);
  return total <= envelope
    ? { rule: RULES.envelope, status: 'met', message: `Buy-back ${pounds(total)} within the ${pounds(envelope)} envelope for ${yearOne}`, bitesOn: snapshot.goLiveDate }
    : { rule: RULES.envelope, status: 'overdue', message: `Buy-back ${pounds(total)} exceeds the ${pounds(envelope)} envelope for ${yearOne}`, bitesOn: snapshot.today };
}

/**
 * An area's rating on the IPA scale. Readiness is expected to build over the last 180 days:
 * the share of items expected ready is 0 until then and rises to all of them on go-live.
 *   Red        something not ready within 28 days of go-live, or a quarter or more not ready
 *   Amber/Red  anything not ready, or the ready share 30 points or more behind expectation
 *   Amber      the ready share 15 to 30 points behind
 *   Amber/Green behind expectation, or anything at risk within 28 days of go-live
 *   Green      on or ahead of expectation with nothing not ready
 */
export const RATING_THRESHOLDS = {
  buildUpDays: 180,
  finalStretchDays: 28,
  redNotReadyShare: 0.25,
  amberRedBehind: 0.3,
  amberBehind: 0.15,
} as const;

export function rate(counts: Readonly<Record<ItemStatus, number>>, daysToGoLive: number): Rating | null {
  const judged = counts.ready + counts['at-risk'] + counts['not-ready'];
  if (judged === 0) return null;
  const t = RATING_THRESHOLDS;
  const expected = Math.min(1, Math.max(0, 1 - daysToGoLive / t.buildUpDays));
  const readyShare = counts.ready / judged;
  const behind = expected - readyShare;
  const finalStretch = daysToGoLive <= t.finalStretchDays;
  if ((finalStretch && counts['not-ready'] > 0) || counts['not-ready'] / judged >= t.redNotReadyShare) return 'red';
  if (counts['not-ready'] > 0 || behind >= t.amberRedBehind) return 'amber-red';
  if (behind >= t.amberBehind) return 'amber';
  if (behind > 0 || (finalStretch && counts['at-risk'] > 0)) return 'amber-green';
  return 'green';
}
