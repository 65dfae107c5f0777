import { Money, NO_MONEY, dayInWords, yearOneOf } from '@tracker/domain';
import { MoneyPicture, moneyPictureOf } from './money';
import { addDays, addMonths, daysBetween, financialYearOf } from './dates';
import { POLICY, RULES, Rule } from './rules';
import { Rating, rate, rateSinceGoLive, worseRating } from './rating';
import { RULESET_VERSION, RulesetVersion, judgeWithVersion1 } from './ruleset';

export { RATINGS, RATING_THRESHOLDS, rate } from './rating';
export type { Rating } from './rating';

/* ---------- what readiness is computed from ---------- */

export interface ItemFacts {
  readonly itemId: string;
  readonly kind: 'contract' | 'system' | 'process' | 'asset' | 'sla' | 'staff-group' | 'governance-item';
  readonly reference: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** The latest record of each step, with the day it happened. */
  readonly steps: Readonly<Partial<Record<string, { readonly on: string } & Readonly<Record<string, unknown>>>>>;
  /** Every step in the order recorded, where what came last matters (the board's latest SLA decision); absent, days are compared. */
  readonly stepOrder?: readonly string[];
  /** The UK day each detail last changed after registration, by field (ELI updates, TUPE 2006 reg. 11(5)). */
  readonly changedOn?: Readonly<Record<string, string>>;
  /** Every record of each repeatable step, oldest first (Teckal conditions per financial year). */
  readonly stepHistory?: Readonly<Partial<Record<string, readonly ({ readonly on: string } & Readonly<Record<string, unknown>>)[]>>>;
}

export interface FindingFacts {
  readonly findingId: string;
  readonly title: string;
  readonly target: { readonly kind: 'item'; readonly itemId: string; readonly area: string } | { readonly kind: 'area'; readonly area: string };
  readonly severity: 'critical' | 'high' | 'medium' | 'low';
  readonly status: 'open' | 'mitigated' | 'resolved' | 'closed' | 'risk-accepted';
  readonly riskAcceptance?: { readonly expiresOn: string };
  /** The day it is due to be put right, where it has one (every finding raised through the tracker has). */
  readonly dueDate?: string;
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
  /** The day the programme went live, once recorded: from then on readiness is judged on what is outstanding. */
  readonly wentLiveOn?: string;
  /** Baseline, cost model and cash (rule-set version 3); none recorded when absent. */
  readonly money?: Money;
}

/* ---------- what it answers ---------- */

export type ItemStatus = 'ready' | 'at-risk' | 'not-ready' | 'not-applicable';

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
  /** The rule-set version this was judged with (see ./ruleset.ts). */
  readonly rulesetVersion: RulesetVersion;
  /** Before go-live: what is ready against what is expected by now. Since go-live: what is still outstanding. */
  readonly phase: 'before-go-live' | 'since-go-live';
  readonly wentLiveOn?: string;
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
      ? { rule, status: 'met', message: `${what}: done on ${dayInWords(metOn)}`, bitesOn }
      : { rule, status: 'late', message: `${what}: done on ${dayInWords(metOn)}, after ${dayInWords(dueBy)}`, bitesOn };
  }
  return today > dueBy
    ? { rule, status: 'overdue', message: `${what}: due by ${dayInWords(dueBy)}, not done`, bitesOn }
    : { rule, status: 'due', message: `${what}: due by ${dayInWords(dueBy)}`, bitesOn };
}

/**
 * An interim arrangement covers only if it runs past go-live and, judged on `today`, has not ended:
 * one whose end date has passed covers nothing any more and the item is overdue. Without `today`
 * it is judged against go-live alone.
 */
function interim(rule: Rule, endDate: string, what: string, goLiveDate: string, today?: string): Check | undefined {
  if (endDate <= goLiveDate) return undefined;
  if (today !== undefined && endDate < today) return { rule, status: 'overdue', message: `${what}: the interim arrangement ended on ${dayInWords(endDate)}`, bitesOn: endDate };
  return { rule, status: 'interim', message: `${what}: covered by an interim arrangement until ${dayInWords(endDate)}`, bitesOn: endDate };
}

/* ---------- contracts (DOMAIN rule 6) ---------- */

/** The three parties to a deed of novation, by the step each signs with. */
const NOVATION_PARTIES = [
  ['deed-signed-by-council', 'the council'],
  ['deed-signed-by-trust', 'the trust'],
  ['deed-signed-by-supplier', 'the supplier'],
] as const;
const EXPIRY_DECISION_WORDS: Readonly<Record<string, string>> = { extend: 'extend', 're-procure': 're-procure', 'let-lapse': 'let it lapse' };
const andList = (parts: readonly string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`);

/** A contract's route, what that route needs in place by go-live, and its expiry. */
function contractChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const step = (name: string) => item.steps[name];
  const on = (name: string) => step(name)?.on;
  const byGoLive = (rule: Rule, name: string, what: string) => check(rule, today, goLiveDate, on(name), what);
  const mechanism = item.details.mechanism as string | undefined;
  // A route given at registration or by amendment is recorded as chosen on the day that took effect, not on the day readiness is read.
  const route = check(RULES.contractRoute, today, goLiveDate, mechanism === undefined ? undefined : on('mechanism-chosen'), 'Route chosen');
  const covered = step('interim-arrangement-agreed');
  // An interim arrangement stands in only while the thing is not done at all: done late (after go-live) is done.
  const orInterim = (c: Check, what: string): Check => (c.status === 'met' || c.status === 'late' || !covered ? c : (interim(c.rule, covered.endDate as string, what, goLiveDate, today) ?? c));
  // A contract expiring before go-live that is re-procured or let lapse needs what that needs, whatever its route said before;
  // one that expires after go-live still moves by its route first.
  const expiresBeforeGoLive = String(item.details.expiryDate ?? '9999') < goLiveDate;
  const decision = expiresBeforeGoLive ? (step('expiry-decided')?.decision as string | undefined) : undefined;
  const needs = decision === 're-procure' ? 'new-contract' : decision === 'let-lapse' ? 'let-lapse' : mechanism;

  const substance = ((): Check[] => {
    switch (needs) {
      case undefined:
        return [];
      case 'novate': {
        // A deed recorded as executed before each signature was recorded was signed by all three on that day.
        const legacy = on('deed-executed');
        const parties = NOVATION_PARTIES.map(([name, who]) => ({ who, on: legacy ?? on(name) }));
        const signed = parties.filter((p) => p.on !== undefined);
        const awaiting = parties.filter((p) => p.on === undefined).map((p) => p.who);
        const lastSigned = awaiting.length === 0 ? signed.map((p) => p.on!).sort().at(-1) : undefined;
        const so = signed.length === 0 ? 'no one has signed yet' : `signed by ${andList(signed.map((p) => `${p.who} on ${dayInWords(p.on)}`))}`;
        const deed = check(
          RULES.novation,
          today,
          goLiveDate,
          lastSigned,
          awaiting.length === 0 ? 'Deed of novation signed by the council, the trust and the supplier' : `Deed of novation signed by all three parties (${so}; awaiting ${andList(awaiting)})`,
        );
        return [byGoLive(RULES.novation, 'consent-received', 'Supplier’s consent to the novation received'), orInterim(deed, 'Deed of novation not yet signed by all three parties')];
      }
      case 'assign': {
        // Assignment passes the benefit only: the council stays bound to the supplier, so the trust indemnifies it.
        const restricts = item.details.restrictsAssignment;
        const consent =
          restricts === false
            ? []
            : [
                byGoLive(
                  RULES.assignment,
                  'consent-received',
                  restricts === true
                    ? 'Supplier’s consent to the assignment received (the contract restricts assignment)'
                    : 'Supplier’s consent to the assignment received (needed if the contract restricts assignment; record whether it does)',
                ),
              ];
        return [
          ...consent,
          orInterim(
            byGoLive(RULES.assignment, 'deed-executed', 'Deed of assignment executed (the benefit passes to the trust; the council keeps its obligations to the supplier)'),
            'Deed of assignment not yet executed',
          ),
          byGoLive(
            RULES.assignment,
            'indemnity-given',
            'Trust’s indemnity (back-to-back undertaking) to the council given: under an assignment only the benefit passes, and the council keeps its obligations to the supplier',
          ),
        ];
      }
      case 'new-contract': {
        const signed = byGoLive(RULES.replacement, 'replacement-contract-signed', 'Replacement contract signed');
        const starts = step('replacement-contract-signed')?.startDate as string | undefined;
        if (starts === undefined || starts <= goLiveDate) return [orInterim(signed, 'Replacement contract not yet in place')];
        // Signed, but starting after go-live: the service has no contract from go-live until it starts.
        const gap = `Replacement contract signed on ${dayInWords(on('replacement-contract-signed'))} but starts on ${dayInWords(starts)}, after go-live: no contract from ${dayInWords(goLiveDate)} to ${dayInWords(addDays(starts, -1))}`;
        const status: CheckStatus = today < goLiveDate ? 'due' : today < starts ? 'overdue' : 'late';
        return [orInterim({ rule: RULES.replacement, status, message: gap, bitesOn: goLiveDate }, 'Gap before the replacement contract starts')];
      }
      case 'terminate':
      case 'let-lapse': {
        const notice = step('notice-served');
        const cover = step('service-cover-confirmed');
        const coverWhat =
          cover === undefined
            ? 'Service after the contract ends confirmed as not needed from day one, or covered another way'
            : cover.cover === 'not-needed-from-day-one'
              ? 'Service confirmed as not needed from day one'
              : `Service confirmed as covered another way (${String(cover.note)})`;
        return [
          // Letting a contract lapse needs no notice: it ends at expiry.
          ...(needs === 'terminate' ? [byGoLive(RULES.termination, 'notice-served', notice ? `Notice served (the contract ends on ${dayInWords(String(notice.endDate))})` : 'Notice served')] : []),
          byGoLive(RULES.termination, 'service-cover-confirmed', coverWhat),
        ];
      }
      case 'council-retains': {
        const sla = step('recharge-agreement-signed')?.slaReference as string | undefined;
        const what = sla === undefined ? 'Recharge agreement signed' : `Recharge covered by the SLA ${sla}`;
        return [orInterim(byGoLive(RULES.recharge, 'recharge-agreement-signed', what), 'Recharge agreement not yet signed')];
      }
      default:
        // A route the rules do not know (an old import's words, say) is no route at all: nothing is in place.
        return [check(RULES.contractRoute, today, goLiveDate, undefined, `A route the tracker knows (“${String(needs)}” is not one of novate, assign, new contract, council retains, terminate)`)];
    }
  })();
  return [route, ...substance, ...expiryChecks(item, snapshot)];
}

/**
 * A contract that expires before go-live needs a decision before it expires: without one it is due
 * until then and overdue from its expiry date, whatever its route (an expired contract cannot be
 * novated). One expiring within the policy window after go-live is at risk until decided, and so is
 * an extension that still ends within it.
 */
function expiryChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const expiry = item.details.expiryDate as string | undefined;
  if (expiry === undefined) return [];
  const rule = RULES.contractExpiry;
  const months = POLICY.contractExpiryWatchMonths;
  const watchEnd = addMonths(goLiveDate, months);
  const decided = item.steps['expiry-decided'];
  const decision = decided?.decision as string | undefined;
  const checks: Check[] = [];
  const when = expiry < goLiveDate ? 'before go-live' : `within ${months} months after go-live`;
  if (expiry <= watchEnd) {
    const what =
      decision === undefined
        ? `Decision on the contract expiring on ${dayInWords(expiry)}, ${when} (extend, re-procure or let it lapse)`
        : `Decision on the contract expiring on ${dayInWords(expiry)}, ${when}: ${EXPIRY_DECISION_WORDS[decision] ?? decision}${decision === 'extend' ? ` to ${dayInWords(String(decided!.newExpiryDate))}` : ''}`;
    checks.push(check(rule, today, addDays(expiry, -1), decided?.on, what, expiry < goLiveDate ? addDays(expiry, -1) : goLiveDate));
  }
  const extendedTo = decision === 'extend' ? (decided!.newExpiryDate as string | undefined) : undefined;
  if (extendedTo !== undefined && extendedTo <= watchEnd) {
    const status: CheckStatus = today >= extendedTo ? 'overdue' : 'due';
    checks.push({ rule, status, message: `Extended to ${dayInWords(extendedTo)}, within ${months} months after go-live: decide what follows before then`, bitesOn: goLiveDate });
  }
  return checks;
}

function checksFor(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const on = (step: string) => item.steps[step]?.on;
  const byGoLive = (rule: Rule, step: string, what: string) => check(rule, today, goLiveDate, on(step), what);

  switch (item.kind) {
    case 'contract':
      return contractChecks(item, snapshot);
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
      // An accepted not-suitable recommendation cannot be signed: say so, rather than only "not signed".
      const revise = awaitsRevisedRecommendation(item);
      const why = revise === undefined ? '' : ` (the board accepted on ${dayInWords(revise)} that it is not suitable; the advisers must recommend again)`;
      const signedOn = signedOnSuitableTerms(item);
      const because = signedOn.why ?? why;
      const signed = check(RULES.slaSigned, today, goLiveDate, signedOn.on, `SLA signed${because}`);
      const covered = item.steps['interim-arrangement-agreed'];
      // Done late (after go-live) is done: the interim arrangement no longer speaks for it.
      const stopgap = signed.status === 'met' || signed.status === 'late' || !covered ? undefined : interim(RULES.slaSigned, covered.endDate as string, `SLA not yet signed${because}`, goLiveDate, today);
      return [stopgap ?? signed, ...buyBackBudgets(item, snapshot)];
    }
    case 'staff-group':
      return staffChecks(item, snapshot);
    case 'governance-item':
      return governanceChecks(item, snapshot);
    default:
      return assertNever(item.kind);
  }
}

/* ---------- staff (TUPE 2006, TULRCA 1992, LGPS Regulations 2013) ---------- */

/** A group's transfer: ELI and its updates, informing and consulting, collective redundancies, LGPS admission, headcount. */
function staffChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate: transfer } = snapshot;
  const on = (step: string) => item.steps[step]?.on;
  return [
    check(RULES.eli, today, addDays(transfer, -POLICY.eliDaysBeforeTransfer), on('eli-received'), 'Employee liability information received'),
    ...eliUpdateChecks(item, transfer),
    check(RULES.inform, today, addDays(transfer, -POLICY.informLeadDays), on('representatives-informed'), 'Representatives informed'),
    measuresLetterCheck(item, transfer),
    ...consultationChecks(item, snapshot),
    ...collectiveRedundancyChecks(item, snapshot),
    ...lgpsChecks(item, snapshot),
    ...headcountChecks(item, snapshot),
  ];
}

/** The details whose change makes the ELI given out of date (TUPE 2006 reg. 11(2), 11(5)). */
const ELI_FIELDS = [
  ['headcount', 'headcount'],
  ['fte', 'FTE'],
  ['pensionScheme', 'pension scheme'],
] as const;

/** TUPE 2006 reg. 11(5): a change after ELI was given, and before the transfer, needs an update; at risk until one is given. */
function eliUpdateChecks(item: ItemFacts, transfer: string): Check[] {
  const given = item.steps['eli-received']?.on;
  if (given === undefined) return [];
  const changedOn = item.changedOn ?? {};
  const changes = ELI_FIELDS.filter(([field]) => changedOn[field] !== undefined && changedOn[field] > given && changedOn[field] < transfer);
  if (changes.length === 0) return [];
  const lastChange = changes.map(([field]) => changedOn[field]).sort().at(-1)!;
  const what = `${andList(changes.map(([field, words]) => `${words} changed on ${dayInWords(changedOn[field])}`))}, after ELI was received on ${dayInWords(given)}`;
  const updated = item.steps['eli-updated']?.on;
  return updated !== undefined && updated >= lastChange
    ? [{ rule: RULES.eliUpdate, status: 'met', message: `Updated ELI given on ${dayInWords(updated)}: ${what}`, bitesOn: lastChange }]
    : [{ rule: RULES.eliUpdate, status: 'due', message: `Updated ELI due: ${what}`, bitesOn: lastChange }];
}

/**
 * TUPE 2006 reg. 13(4): the trust's measures letter must reach the council before the council informs
 * representatives or starts consulting. An order of two recorded dates, not a deadline: once either has
 * happened without the letter, it is too late to come first.
 */
function measuresLetterCheck(item: ItemFacts, transfer: string): Check {
  const rule = RULES.measuresLetter;
  const letter = item.steps['measures-letter-received']?.on;
  const informed = item.steps['representatives-informed']?.on;
  const consulted = item.steps['consultation-started']?.on;
  const firstSaid = [informed, consulted].filter((d): d is string => d !== undefined).sort()[0];
  const said = firstSaid === undefined ? '' : firstSaid === informed ? `representatives were informed on ${dayInWords(firstSaid)}` : `consultation started on ${dayInWords(firstSaid)}`;
  const bitesOn = firstSaid ?? addDays(transfer, -POLICY.informLeadDays);
  if (letter !== undefined) {
    return firstSaid === undefined || letter <= firstSaid
      ? { rule, status: 'met', message: `Measures letter received on ${dayInWords(letter)}${firstSaid === undefined ? ', before representatives are informed' : `, before ${said}`}`, bitesOn }
      : { rule, status: 'late', message: `Measures letter received on ${dayInWords(letter)}, after ${said}: the order was wrong`, bitesOn };
  }
  return firstSaid === undefined
    ? { rule, status: 'due', message: `Measures letter received: due before representatives are informed (by ${dayInWords(bitesOn)} at the latest)`, bitesOn }
    : { rule, status: 'overdue', message: `Measures letter not received, but ${said}: it must come first`, bitesOn };
}

/** TUPE 2006 reg. 13(6): consultation is owed where measures are envisaged; not recorded, they are taken as envisaged. */
function consultationChecks(item: ItemFacts, { today, goLiveDate: transfer }: ProgrammeSnapshot): Check[] {
  const envisaged = item.details.measuresEnvisaged;
  if (envisaged === false) return [];
  const why = envisaged === true ? '' : ' (measures taken as envisaged: not recorded)';
  return [
    check(RULES.consultation, today, addDays(transfer, -POLICY.consultationLeadDays), item.steps['consultation-started']?.on, `Consultation started${why}`),
    check(RULES.consultation, today, transfer, item.steps['consultation-completed']?.on, 'Consultation completed'),
  ];
}

const sameEstablishment = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The dismissals TULRCA 1992 s.188 counts together with a group's: proposed at the same establishment, in
 * every group there, with first dismissal dates in one period of 90 days (the last no more than 89 days
 * after the earliest) that includes this group's. Of the periods that do, the one with the most dismissals
 * (the earliest, on a tie). Without an establishment the group is counted alone; without a first
 * dismissal date, dismissals are taken to take effect on transfer (and the message says so).
 */
function dismissalsCountedWith(item: ItemFacts, snapshot: ProgrammeSnapshot) {
  const proposed = (g: ItemFacts) => Number(g.details.redundanciesProposed ?? 0);
  const firstOf = (g: ItemFacts) => (g.details.firstDismissalDate as string | undefined) ?? snapshot.goLiveDate;
  const establishment = item.details.establishment as string | undefined;
  const peers =
    establishment === undefined
      ? [item]
      : snapshot.items.filter((g) => g.kind === 'staff-group' && proposed(g) > 0 && (g.itemId === item.itemId || sameEstablishment(g.details.establishment, establishment)));
  const mine = firstOf(item);
  let best: { first: string; count: number; groups: readonly ItemFacts[] } | undefined;
  for (const first of [...new Set(peers.map(firstOf))].sort()) {
    const last = addDays(first, POLICY.collectiveWindowDays - 1);
    if (first > mine || mine > last) continue;
    const groups = peers.filter((g) => firstOf(g) >= first && firstOf(g) <= last);
    const count = groups.reduce((sum, g) => sum + proposed(g), 0);
    if (best === undefined || count > best.count) best = { first, count, groups };
  }
  return best;
}

/**
 * TULRCA 1992 s.188 (collective consultation), s.193 (HR1 to the Secretary of State), s.198A (the trust
 * consulting before the transfer): lead times count back from the earliest first dismissal date of the
 * dismissals counted together, not from go-live.
 */
function collectiveRedundancyChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  if (Number(item.details.redundanciesProposed ?? 0) <= 0) return [];
  // s.188 counts across every group at one establishment: without it recorded, no count can be trusted.
  const unplaced =
    item.details.establishment === undefined
      ? [check(RULES.redundancies, snapshot.today, snapshot.goLiveDate, undefined, 'The establishment of the proposed dismissals recorded, so that they are counted with the other groups there')]
      : [];
  const counted = dismissalsCountedWith(item, snapshot);
  if (counted === undefined || counted.count < POLICY.collectiveThresholdSmall) return unplaced;
  const { today, goLiveDate: transfer } = snapshot;
  const on = (step: string) => item.steps[step]?.on;
  const days = counted.count >= POLICY.collectiveThresholdLarge ? POLICY.collectiveConsultationDaysLarge : POLICY.collectiveConsultationDaysSmall;
  const startBy = addDays(counted.first, -days);
  const where = item.details.establishment === undefined ? 'in this group' : `at ${String(item.details.establishment).trim()}`;
  const assumed = counted.groups.some((g) => g.details.firstDismissalDate === undefined) ? ' (a first dismissal date not recorded is taken as the transfer date)' : '';
  const basis = `${counted.count} dismissals proposed ${where} within ${POLICY.collectiveWindowDays} days, the first taking effect on ${dayInWords(counted.first)}: ${days} days before${assumed}`;
  const checks = [
    ...unplaced,
    check(RULES.redundancies, today, startBy, on('collective-consultation-started'), `Collective consultation started (${basis})`),
    check(RULES.hr1, today, startBy, on('hr1-notified'), `HR1 notified to the Secretary of State (${basis})`),
  ];
  // s.198A: the trust is not yet the employer, so consulting before the transfer needs the council's agreement first.
  // Dismissals taking effect after the transfer can only be the trust's, whoever was recorded as proposing.
  const byTrust = item.details.dismissalsProposedBy === 'trust' || (item.details.dismissalsProposedBy === undefined && counted.first >= transfer);
  if (byTrust && startBy < transfer) {
    const started = on('collective-consultation-started');
    const agreeBy = started !== undefined && started < startBy ? started : startBy;
    checks.push(check(RULES.preTransferConsultation, today, agreeBy, on('pre-transfer-consultation-agreed'), 'Pre-transfer consultation agreed by the council and the trust, before collective consultation starts'));
  }
  return checks;
}

/**
 * LGPS Regulations 2013 reg. 3 and Sch. 2 Part 3: the admission as its parts, each by go-live. The agreement
 * is judged by its effective date: effective by go-live but signed after it is late, not missing.
 */
function lgpsChecks(item: ItemFacts, { today, goLiveDate: transfer }: ProgrammeSnapshot): Check[] {
  if (item.details.pensionScheme !== 'lgps') return [];
  const rule = RULES.pensions;
  const on = (step: string) => item.steps[step]?.on;
  const basis = item.steps['lgps-legal-basis-recorded']?.basis;
  const decision = item.steps['bond-decision-recorded']?.decision;
  return [
    check(rule, today, transfer, on('lgps-legal-basis-recorded'), `LGPS admission: legal basis recorded${basis === undefined ? '' : ` (${String(basis)})`}`),
    check(rule, today, transfer, on('actuary-report-received'), 'LGPS admission: actuary’s report received'),
    check(rule, today, transfer, on('lgps-risk-assessed'), 'LGPS admission: risk assessed'),
    check(rule, today, transfer, on('bond-decision-recorded'), `LGPS admission: bond or indemnity decided${decision === undefined ? '' : ` (${String(decision)})`}`),
    admissionAgreementCheck(item, today, transfer),
  ];
}

function admissionAgreementCheck(item: ItemFacts, today: string, transfer: string): Check {
  const rule = RULES.pensions;
  const signed = item.steps['admission-agreement-signed'];
  if (signed === undefined) return check(rule, today, transfer, undefined, 'LGPS admission agreement signed by the trust, the council and the fund');
  // Recorded before the signatures and effective date were (schema version 1): signed by all three, effective, on its day.
  const signatures = [signed.signedByTrustOn, signed.signedByCouncilOn, signed.signedByFundOn].filter((d): d is string => typeof d === 'string');
  const signedOn = signatures.length === 0 ? signed.on : signatures.sort().at(-1)!;
  const effective = typeof signed.effectiveDate === 'string' ? signed.effectiveDate : signed.on;
  if (effective > transfer) {
    const message = `LGPS admission agreement signed on ${dayInWords(signedOn)} but effective only from ${dayInWords(effective)}, after go-live on ${dayInWords(transfer)}`;
    return { rule, status: today > transfer ? 'overdue' : 'due', message, bitesOn: transfer };
  }
  return signedOn <= transfer
    ? { rule, status: 'met', message: `LGPS admission agreement signed by the trust, the council and the fund on ${dayInWords(signedOn)}, effective from ${dayInWords(effective)}`, bitesOn: transfer }
    : { rule, status: 'late', message: `LGPS admission agreement signed on ${dayInWords(signedOn)}, after go-live: late but effective from ${dayInWords(effective)}`, bitesOn: transfer };
}

/** Headcount at transfer confirmed; one that differs from the registered headcount is at risk until reconciled with a reason. */
function headcountChecks(item: ItemFacts, { today, goLiveDate: transfer }: ProgrammeSnapshot): Check[] {
  const confirmed = item.steps['headcount-confirmed'];
  const checks = [check(RULES.headcount, today, transfer, confirmed?.on, 'Headcount at transfer confirmed')];
  const registered = item.details.headcount;
  if (confirmed === undefined || confirmed.headcount === registered) return checks;
  // A reconciliation answers the difference as it stood: a later confirmation or change of the registered headcount needs another.
  const since = [confirmed.on, item.changedOn?.headcount].filter((d): d is string => d !== undefined).sort().at(-1)!;
  const reconciled = item.steps['headcount-reconciled'];
  const differs = `Confirmed headcount ${String(confirmed.headcount)} differs from the registered ${String(registered)}`;
  checks.push(
    reconciled !== undefined && reconciled.on >= since
      ? { rule: RULES.headcount, status: 'met', message: `${differs}: reconciled on ${dayInWords(reconciled.on)} (${String(reconciled.reason)})`, bitesOn: since }
      : { rule: RULES.headcount, status: 'due', message: `${differs}: to be reconciled with a reason`, bitesOn: since },
  );
  return checks;
}

/* ---------- governance ---------- */

type StepFacts = { readonly on: string } & Readonly<Record<string, unknown>>;

/** Every record of a step, oldest first: the history where the state keeps one, else the latest alone. */
function recordsOf(item: ItemFacts, step: string): readonly StepFacts[] {
  const latest = item.steps[step];
  return item.stepHistory?.[step] ?? (latest ? [latest] : []);
}

const OFSTED_WORDS: Readonly<Record<string, string>> = {
  'fostering-agency': 'a fostering agency',
  'adoption-agency': 'an adoption agency',
  'childrens-home': 'a children’s home',
  'supported-accommodation': 'supported accommodation for 16–17-year-olds',
};

/** Rule-set version 2: the kinds the law says more about are judged by their own steps; the rest by a sign-off. */
function governanceChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const byGoLive = (rule: Rule, step: string, what: string) => check(rule, today, goLiveDate, item.steps[step]?.on, what);
  const kind = item.details.governanceKind as string | undefined;
  switch (kind) {
    case 'teckal':
      return legacySignOff(item, teckalChecks(item, snapshot));
    case 'statutory-direction':
      // Education Act 1996 s.497A, as applied by Children Act 2004 s.50: two documents, each its own rule.
      return legacySignOff(item, [
        byGoLive(RULES.directionContract, 'service-delivery-contract-signed', 'Service delivery contract signed'),
        byGoLive(RULES.directionAgreement, 'governance-agreement-signed', 'Governance agreement with the department signed'),
      ]);
    case 'ofsted-registration':
      return legacySignOff(item, ofstedChecks(item, snapshot));
    case 'services-contract':
      return legacySignOff(item, servicesContractChecks(item, snapshot));
    case 'cash-flow-treasury': {
      // Judged by the first record: renegotiated terms recorded after go-live do not make the facility late.
      const [first] = recordsOf(item, 'working-capital-recorded');
      const latest = item.steps['working-capital-recorded'];
      const what = latest
        ? `Working-capital facility of £${Number(latest.facilityAmount).toLocaleString('en-GB')} from ${String(latest.lender)} recorded (repayment: ${String(latest.repaymentTerms)})`
        : 'Working-capital facility, lender and repayment terms recorded';
      return legacySignOff(item, [check(RULES.cash, today, goLiveDate, first?.on, what)]);
    }
    case 'day-one':
      return [check(RULES.dayOne, today, goLiveDate, item.steps['signed-off']?.on, `${String(item.details.title ?? 'Item')} in place for day one`)];
    default:
      return [check(RULES.governance, today, goLiveDate, item.steps['signed-off']?.on, `${String(item.details.title ?? 'Item')} signed off`)];
  }
}

/**
 * An item of a kind that now has its own steps may hold a sign-off recorded before it did (GovernanceItemSignedOff).
 * It stays in the history, but does not show what the law asks; the first unmet check says so.
 */
function legacySignOff(item: ItemFacts, checks: Check[]): Check[] {
  const signedOff = item.steps['signed-off'];
  const unmet = checks.findIndex((c) => c.status !== 'met');
  if (signedOff === undefined || unmet < 0) return checks;
  const note = ` (signed off on ${dayInWords(signedOff.on)} as a single step; that no longer shows this)`;
  return checks.map((c, i) => (i === unmet ? { ...c, message: c.message + note } : c));
}

/**
 * PCR 2015 reg. 12(1) / Procurement Act 2023 Sch. 2 para. 2: each year judged on its latest record (a second record for a
 * year corrects the first). A year failing a condition is not ready at once; the go-live year must be recorded by go-live.
 */
/** 2018-19 → 2019-20. */
function nextFinancialYear(year: string): string {
  const start = Number(year.slice(0, 4)) + 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

function teckalChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const byYear = new Map<string, StepFacts>();
  for (const record of recordsOf(item, 'teckal-conditions-recorded')) byYear.set(String(record.financialYear), record);
  // The law that applies is the one in force when the procurement relying on the exemption began.
  const begun = (item.details.procurementBegunOn as string | undefined) ?? goLiveDate;
  const law = begun < POLICY.procurementActFrom ? 'Public Contracts Regulations 2015 reg. 12(1)' : 'Procurement Act 2023 Sch. 2 para. 2';
  const yearOne = financialYearOf(goLiveDate);
  const above = POLICY.teckalActivityShareAbove;
  // Every year the trust runs on the exemption, not only the first: each due by the 1 April that starts it.
  const running: string[] = [];
  for (let year = yearOne; today >= goLiveDate && year <= financialYearOf(today); year = nextFinancialYear(year)) running.push(year);
  return [...new Set([yearOne, ...running, ...byYear.keys()])].sort().map((year): Check => {
    const record = byYear.get(year);
    const dueBy = year === yearOne ? goLiveDate : `${year.slice(0, 4)}-04-01`;
    if (record === undefined) return check(RULES.teckal, today, dueBy, undefined, `Teckal conditions for ${year} recorded (${law})`);
    const share = Number(record.activitySharePercent);
    const failing = [
      ...(share > above ? [] : [`${share}% of the trust’s activity is for the council, not more than ${above}%`]),
      ...(record.councilControl === true ? [] : ['the council does not control the trust']),
      ...(record.privateCapital === false ? [] : ['there is private capital in the trust']),
    ];
    if (failing.length > 0) {
      return { rule: RULES.teckal, status: 'overdue', message: `Teckal conditions for ${year} not met (${law}): ${failing.join('; ')}`, bitesOn: today };
    }
    const what = `Teckal conditions for ${year} met (${law}): ${share}% of activity for the council, council control, no private capital`;
    return year === yearOne ? check(RULES.teckal, today, goLiveDate, record.on, what) : { rule: RULES.teckal, status: 'met', message: `${what}: recorded on ${dayInWords(record.on)}`, bitesOn: goLiveDate };
  });
}

/**
 * Care Standards Act 2000 s.11. Registration takes months (POLICY.ofstedTypicalRegistrationMonths), so the application
 * is judged on its own: at risk the day it is made too late to be granted by go-live, overdue if not made by then.
 */
function ofstedChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const months = POLICY.ofstedTypicalRegistrationMonths;
  const applyBy = addMonths(goLiveDate, -months);
  const type = item.details.registrationType as string | undefined;
  const establishment = item.details.establishmentName as string | undefined;
  const what = `Ofsted registration${type ? ` as ${OFSTED_WORDS[type] ?? type}` : ''}${establishment ? ` (${establishment})` : ''}`;
  const applied = item.steps['registration-applied']?.on;
  const registered = item.steps.registered?.on;
  const checks: Check[] = [];
  if (registered === undefined) {
    if (applied === undefined) {
      checks.push(check(RULES.ofsted, today, applyBy, undefined, `${what} applied for, ${months} months before go-live`));
    } else {
      const expected = addMonths(applied, months);
      checks.push(
        expected <= goLiveDate
          ? { rule: RULES.ofsted, status: 'met', message: `${what} applied for on ${dayInWords(applied)}, in time to be granted by go-live`, bitesOn: applyBy }
          : {
              rule: RULES.ofsted,
              status: 'late',
              message: `${what} applied for on ${dayInWords(applied)}: registration typically takes ${months} months, so it is expected about ${dayInWords(expected)}, after go-live on ${dayInWords(goLiveDate)}`,
              bitesOn: applied,
            },
      );
    }
  }
  // The old 180-day warning window becomes the same six months: an unregistered trust is a blocker from then.
  checks.push(check(RULES.ofsted, today, goLiveDate, registered, `${what} granted`, applyBy));
  if (type === 'childrens-home' || type === 'supported-accommodation') {
    checks.push(check(RULES.ofsted, today, goLiveDate, item.steps['registered-manager-appointed']?.on, `Registered manager appointed for ${OFSTED_WORDS[type]}${establishment ? ` (${establishment})` : ''}`, applyBy));
  }
  // Without its type it cannot be told whether a registered manager is needed: ask, rather than skip that check.
  if (type === undefined) checks.push(check(RULES.ofsted, today, applyBy, undefined, 'The kind of Ofsted registration recorded (fostering agency, adoption agency, children’s home or supported accommodation)'));
  return checks;
}

/**
 * DOMAIN rules 4 and 8. The signature may be recorded before pension protection is confirmed (that is what happened),
 * but it counts as ready only from the day both hold.
 */
function servicesContractChecks(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const on = (step: string) => item.steps[step]?.on;
  const byGoLive = (rule: Rule, step: string, what: string) => check(rule, today, goLiveDate, on(step), what);
  const [signed, pension] = [on('signed'), on('pension-protection-confirmed')];
  const signature: Check =
    signed !== undefined && pension === undefined
      ? {
          rule: RULES.servicesContract,
          status: today > goLiveDate ? 'overdue' : 'due',
          message: `Services contract signed on ${dayInWords(signed)}, but it cannot count as signed while its pension protection is unconfirmed`,
          bitesOn: goLiveDate,
        }
      : signed !== undefined && pension !== undefined && pension > signed
        ? check(RULES.servicesContract, today, goLiveDate, pension, `Services contract signed on ${dayInWords(signed)}, counted from when its pension protection was confirmed`)
        : check(RULES.servicesContract, today, goLiveDate, signed, 'Services contract signed');
  return [
    byGoLive(RULES.pensionProtection, 'pension-protection-confirmed', 'Pension protection for transferring staff confirmed'),
    byGoLive(RULES.servicesContract, 'kpis-agreed', 'KPIs agreed'),
    byGoLive(RULES.servicesContract, 'change-control-agreed', 'Change control agreed'),
    byGoLive(RULES.servicesContract, 'annual-review-agreed', 'Annual review agreed'),
    signature,
  ];
}

/**
 * The day the board accepted the latest recommendation on an unsigned SLA when that recommendation
 * found it not suitable: accepting it means "revise it", so the SLA waits for a new recommendation.
 */
/**
 * When an SLA counts as signed on suitable terms. One signed (before rule-set 2 refused it) while the
 * latest recommendation found it not suitable does not count until a new suitable recommendation
 * made after the signing has been accepted by the board; it then counts from that acceptance.
 */
function signedOnSuitableTerms(item: ItemFacts): { on?: string; why?: string } {
  const { signed, 'recommendation-made': made, 'recommendation-accepted': accepted } = item.steps;
  if (!signed || !made) return { on: signed?.on };
  if (made.suitable === false) return { why: ` (signed on ${dayInWords(signed.on)} on a recommendation that found it not suitable; the advisers must recommend again and the board accept it)` };
  if (made.on < signed.on || (made.on === signed.on && (item.stepOrder?.lastIndexOf('recommendation-made') ?? 0) < (item.stepOrder?.lastIndexOf('signed') ?? 0))) return { on: signed.on };
  const order = item.stepOrder;
  const acceptedSince = accepted !== undefined && (order ? order.lastIndexOf('recommendation-accepted') > order.lastIndexOf('recommendation-made') : accepted.on >= made.on);
  return acceptedSince ? { on: accepted.on } : { why: ` (signed on ${dayInWords(signed.on)}; the board has yet to accept the new recommendation of ${dayInWords(made.on)})` };
}

function awaitsRevisedRecommendation(item: ItemFacts): string | undefined {
  const { signed, 'recommendation-made': made, 'recommendation-accepted': accepted, 'recommendation-rejected': rejected } = item.steps;
  if (signed || !made || made.suitable !== false || !accepted) return undefined;
  const order = item.stepOrder;
  const latest = order
    ? order.lastIndexOf('recommendation-accepted') > Math.max(order.lastIndexOf('recommendation-made'), order.lastIndexOf('recommendation-rejected'))
    : accepted.on >= made.on && (!rejected || accepted.on >= rejected.on);
  return latest ? accepted.on : undefined;
}

/**
 * The periods an SLA is bought back for: on interim terms from go-live to the arrangement's end (or
 * the day before signing), and once signed for its term from go-live, or the signing day if later.
 * An SLA neither signed nor on interim terms after go-live is not bought back yet.
 */
function buyBackPeriods(item: ItemFacts, goLiveDate: string): { from: string; to: string }[] {
  const signedOn = item.steps.signed?.on;
  const endDate = item.steps['interim-arrangement-agreed']?.endDate as string | undefined;
  const periods: { from: string; to: string }[] = [];
  if (endDate !== undefined) {
    const to = signedOn !== undefined && signedOn <= endDate ? addDays(signedOn, -1) : endDate;
    if (to >= goLiveDate) periods.push({ from: goLiveDate, to });
  }
  if (signedOn !== undefined) {
    const from = signedOn > goLiveDate ? signedOn : goLiveDate;
    const months = Number(item.details.termMonths ?? 0);
    // A term not recorded counts as its first year only: the least that is certainly bought back.
    periods.push({ from, to: months > 0 ? addDays(addMonths(from, months), -1) : from });
  }
  return periods;
}

/** The financial years the periods touch, each with the day its buy-back line is due by (POLICY.buyBackBudgetDueAtYearStart). */
function financialYearsOf(periods: readonly { from: string; to: string }[], goLiveDate: string): { year: string; dueBy: string }[] {
  const years = new Map<string, string>();
  for (const { from, to } of periods) {
    for (let start = Number(financialYearOf(from).slice(0, 4)); start <= Number(financialYearOf(to).slice(0, 4)); start++) {
      const yearStart = `${start}-04-01`;
      const dueBy = POLICY.buyBackBudgetDueAtYearStart && yearStart > goLiveDate ? yearStart : goLiveDate;
      years.set(financialYearOf(yearStart), dueBy);
    }
  }
  return [...years].sort(([a], [b]) => a.localeCompare(b)).map(([year, dueBy]) => ({ year, dueBy }));
}

/** DOMAIN rule 9: a buy-back budget line for each financial year the SLA is bought back in; the reason names the years missing. */
function buyBackBudgets(item: ItemFacts, snapshot: ProgrammeSnapshot): Check[] {
  const { today, goLiveDate } = snapshot;
  const years = financialYearsOf(buyBackPeriods(item, goLiveDate), goLiveDate);
  if (years.length === 0) return [];
  const span = years.length === 1 ? years[0].year : `${years[0].year} to ${years.at(-1)!.year}`;
  const missing = years.filter(({ year }) => !snapshot.buyBack.has(`${item.itemId}/${year}`));
  if (missing.length === 0) return [{ rule: RULES.slaBudget, status: 'met', message: `Buy-back budget set for each year bought back (${span})`, bitesOn: goLiveDate }];
  const overdue = missing.some(({ dueBy }) => today > dueBy);
  const named = missing.map(({ year, dueBy }) => `${year} (due by ${dayInWords(dueBy)}${today > dueBy ? ', overdue' : ''})`).join(', ');
  return [{ rule: RULES.slaBudget, status: overdue ? 'overdue' : 'due', message: `Buy-back budget for each year bought back (${span}): none set for ${named}`, bitesOn: missing[0].dueBy }];
}

function assertNever(value: never): never {
  throw new Error(`Unhandled: ${String(value)}`);
}

/* ---------- findings ---------- */

/**
 * Overdue, for a finding: it still counts (open, mitigated, or its accepted risk has lapsed) and
 * the day after its due date has come. The one test the findings list, the finding's page, the
 * blockers and the board pack all use, so no two of them disagree.
 */
export function isFindingOverdue(finding: Pick<FindingFacts, 'status' | 'riskAcceptance' | 'dueDate'>, today: string): boolean {
  return finding.dueDate !== undefined && finding.dueDate < today && isFindingOpen(finding, today);
}

export function isFindingOpen(finding: Pick<FindingFacts, 'status' | 'riskAcceptance'>, today: string): boolean {
  if (finding.status === 'open' || finding.status === 'mitigated') return true;
  // An accepted risk counts again once the acceptance lapses.
  return finding.status === 'risk-accepted' && finding.riskAcceptance !== undefined && finding.riskAcceptance.expiresOn <= today;
}

/* ---------- putting it together ---------- */

const STATUS_BEFORE_GO_LIVE: Record<CheckStatus, ItemStatus> = { met: 'ready', late: 'at-risk', interim: 'at-risk', due: 'at-risk', overdue: 'not-ready' };
/**
 * Since go-live an item is judged on what is outstanding: what was done, even late, is in place;
 * what rests on an interim arrangement or is due later is in hand (at risk); only what is overdue
 * is not ready.
 */
const STATUS_SINCE_GO_LIVE: Record<CheckStatus, ItemStatus> = { met: 'ready', late: 'ready', interim: 'at-risk', due: 'at-risk', overdue: 'not-ready' };
const WORSE: ItemStatus[] = ['not-applicable', 'ready', 'at-risk', 'not-ready'];
const worse = (a: ItemStatus, b: ItemStatus) => (WORSE.indexOf(a) >= WORSE.indexOf(b) ? a : b);

/**
 * A programme's readiness from its registers, findings and budgets on a given day. Items: ready
 * when every rule is met; at risk while something is due but not yet late, was done late, rests on
 * an interim arrangement, or has an open high finding; not ready when something is overdue or it
 * has an open critical finding. Since go-live, what was done late is in place and only what is
 * outstanding counts. Each area is rated by `rate` (before go-live) or `rateSinceGoLive` (./rating.ts).
 * `version` judges with an older rule set (./ruleset.ts): what the board saw at a past decision.
 */
export function assessReadiness(snapshot: ProgrammeSnapshot, version: RulesetVersion = RULESET_VERSION): Readiness {
  if (version === 1) return judgeWithVersion1(snapshot);
  if (version !== 2 && version !== 3) throw new Error(`Unknown rule-set version ${String(version)}`);
  // Version 2 is version 3 without the money; the money is reconciled once, for every rule that reads it.
  const picture = version >= 3 ? pictureOf(snapshot) : undefined;
  const { today, goLiveDate, wentLiveOn } = snapshot;
  const daysToGoLive = daysBetween(today, goLiveDate);
  const live = wentLiveOn !== undefined && wentLiveOn <= today;
  const STATUS_OF = live ? STATUS_SINCE_GO_LIVE : STATUS_BEFORE_GO_LIVE;
  // Per area, how many judged things an open critical finding holds up: since go-live, only these make it Red.
  const blocking = new Map<string, number>();
  const block = (area: string) => blocking.set(area, (blocking.get(area) ?? 0) + 1);
  const open = snapshot.findings.filter((f) => isFindingOpen(f, today));
  const blockers: Blocker[] = [];

  const items = snapshot.items.map((item): ItemReadiness => {
    const area = AREA_OF_KIND[item.kind];
    const checks = [...checksFor(item, snapshot), ...(picture && item.kind === 'sla' ? slaPriceChecks(item, snapshot, picture) : [])];
    let status: ItemStatus = checks.length === 0 ? 'not-applicable' : 'ready';
    const reasons: Reason[] = [];
    for (const c of checks) {
      status = worse(status, STATUS_OF[c.status]);
      reasons.push({ ruleId: c.rule.id, status: c.status, message: c.message });
      if (c.status === 'due' || c.status === 'overdue') {
        blockers.push({ ruleId: c.rule.id, area, itemId: item.itemId, reference: item.reference, message: `${item.reference}: ${c.message}`, bitesOn: c.bitesOn, overdue: c.status === 'overdue' });
      }
    }
    let blocked = false;
    for (const finding of open.filter((f) => f.target.kind === 'item' && f.target.itemId === item.itemId)) {
      const severity = findingEffect(finding);
      if (severity === undefined) continue;
      status = worse(status, severity.status);
      blocked ||= severity.rule === RULES.criticalFinding;
      reasons.push({ ruleId: severity.rule.id, status: 'open-finding', message: `Open ${finding.severity} finding: ${finding.title}` });
    }
    if (blocked) block(area);
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
      overdue: isFindingOverdue(finding, today),
    });
  }

  const programmeChecks = picture ? moneyChecks(snapshot, picture) : [envelopeCheck(snapshot)].filter((c): c is Check => c !== undefined);
  for (const c of programmeChecks) {
    if (c.status === 'due' || c.status === 'overdue') blockers.push({ ruleId: c.rule.id, area: 'budgets', message: c.message, bitesOn: c.bitesOn, overdue: c.status === 'overdue' });
  }

  const areas = AREAS.map((area): AreaReadiness => {
    const inArea = items.filter((i) => i.area === area);
    const statuses = inArea.map((i) => i.status);
    if (area === 'budgets') for (const c of programmeChecks) statuses.push(STATUS_OF[c.status]);
    for (const finding of open.filter((f) => f.target.kind === 'area' && f.target.area === area)) {
      const effect = findingEffect(finding);
      if (effect) statuses.push(effect.status);
      if (effect?.rule === RULES.criticalFinding) block(area);
    }
    const counts = { ready: 0, 'at-risk': 0, 'not-ready': 0, 'not-applicable': 0 };
    for (const status of statuses) counts[status]++;
    return { area, rating: live ? rateSinceGoLive(counts, blocking.get(area) ?? 0) : rate(counts, daysToGoLive), counts };
  });

  // The programme is as ready as its least ready area.
  const overall = areas.reduce<Rating | null>((worst, a) => worseRating(worst, a.rating), null);
  blockers.sort((a, b) => a.bitesOn.localeCompare(b.bitesOn) || Number(b.overdue) - Number(a.overdue) || a.message.localeCompare(b.message));
  return {
    today,
    goLiveDate,
    daysToGoLive,
    overall,
    areas,
    items,
    blockers,
    rulesetVersion: version,
    phase: live ? 'since-go-live' : 'before-go-live',
    ...(live ? { wentLiveOn } : {}),
  };
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

/* ---------- money (rule-set version 3) ---------- */

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: pence % 100 === 0 ? 0 : 2, maximumFractionDigits: 2 })}`;

function pictureOf(snapshot: ProgrammeSnapshot) {
  return moneyPictureOf({ goLiveDate: snapshot.goLiveDate, money: snapshot.money ?? NO_MONEY, items: snapshot.items, buyBack: snapshot.buyBack, envelopes: snapshot.envelopes });
}

/**
 * The programme's money, judged: the cost model agreed for year one (as it stands) and year one
 * balanced, each by go-live; buy-back within the envelope in every year that has one (year one's
 * envelope due by go-live, where there are SLAs); the cash-flow forecast covered.
 */
function moneyChecks(snapshot: ProgrammeSnapshot, picture: MoneyPicture): Check[] {
  const { today, goLiveDate } = snapshot;
  const yearOne = yearOneOf(goLiveDate);
  const first = picture.years.find((y) => y.financialYear === yearOne)!;
  const checks: Check[] = [];
  const agreement = picture.agreement;
  const dueByGoLive = (rule: Rule, what: string): Check => check(rule, today, goLiveDate, undefined, what);

  // The cost model, agreed as it stands.
  if (!first.hasLines) checks.push(dueByGoLive(RULES.costModelAgreed, `Cost model for ${yearOne} agreed by the board (no lines recorded yet)`));
  else if (agreement === undefined) checks.push(dueByGoLive(RULES.costModelAgreed, `Cost model for ${yearOne} agreed by the board`));
  else if (!agreement.asAgreed[yearOne]) checks.push(dueByGoLive(RULES.costModelAgreed, `Cost model for ${yearOne} agreed again: changed since version ${agreement.version} was agreed on ${dayInWords(agreement.agreedOn)}`));
  else checks.push({ rule: RULES.costModelAgreed, status: 'met', message: `Cost model for ${yearOne} agreed by ${agreement.agreedBy} on ${dayInWords(agreement.agreedOn)} (version ${agreement.version})`, bitesOn: goLiveDate });

  // Year one balanced, or its deficit accepted.
  if (first.hasLines) {
    if (first.surplus >= 0) checks.push({ rule: RULES.yearOneBalanced, status: 'met', message: `Year one (${yearOne}) balanced: income ${pounds(first.income)} against expenditure ${pounds(first.expenditure)}`, bitesOn: goLiveDate });
    else if (first.deficitAccepted !== undefined) checks.push({ rule: RULES.yearOneBalanced, status: 'met', message: `Year one (${yearOne}) deficit of ${pounds(-first.surplus)} accepted by the board: ${first.deficitAccepted}`, bitesOn: goLiveDate });
    else checks.push(dueByGoLive(RULES.yearOneBalanced, `Year one (${yearOne}) deficit of ${pounds(-first.surplus)} (income ${pounds(first.income)}, expenditure ${pounds(first.expenditure)}) closed or accepted by the board`));
  }

  // Buy-back within the envelope, every year that has one; year one's envelope approved where anything is bought back.
  const hasSlas = snapshot.items.some((i) => i.kind === 'sla');
  for (const year of picture.years) {
    const { total, envelope } = year.buyBack;
    if (envelope === undefined) {
      if (year.financialYear === yearOne && hasSlas) checks.push(dueByGoLive(RULES.envelope, `Approved ${yearOne} budget envelope`));
      continue;
    }
    checks.push(
      total <= envelope
        ? { rule: RULES.envelope, status: 'met', message: `Buy-back ${pounds(total)} within the ${pounds(envelope)} envelope for ${year.financialYear}`, bitesOn: goLiveDate }
        : { rule: RULES.envelope, status: 'overdue', message: `Buy-back ${pounds(total)} exceeds the ${pounds(envelope)} envelope for ${year.financialYear}`, bitesOn: today },
    );
  }

  // The cash-flow forecast, covered.
  const cash = picture.cashFlow;
  if (cash !== undefined) {
    const month = dayInWords(`${cash.lowestMonth}-01`).replace(/^1 /, '');
    if (cash.lowest >= 0) checks.push({ rule: RULES.cashFlow, status: 'met', message: `Cash-flow forecast stays above zero (lowest ${pounds(cash.lowest)}, ${month})`, bitesOn: goLiveDate });
    else if (cash.facility !== undefined && cash.facility >= -cash.lowest) checks.push({ rule: RULES.cashFlow, status: 'met', message: `Cash-flow forecast falls ${pounds(-cash.lowest)} below zero in ${month}, within the ${pounds(cash.facility)} working-capital facility`, bitesOn: goLiveDate });
    else checks.push(dueByGoLive(RULES.cashFlow, `Cash-flow forecast falls ${pounds(-cash.lowest)} below zero in ${month}${cash.facility === undefined ? ' with no working-capital facility' : `, beyond the ${pounds(cash.facility)} facility`}: a facility to cover it`));
  }
  return checks;
}

/** Each year's buy-back budget for an SLA against its annual price; a year with no budget is slas.budget's to say. */
function slaPriceChecks(item: ItemFacts, snapshot: ProgrammeSnapshot, picture: MoneyPicture): Check[] {
  const short = picture.years.flatMap((year) => {
    const sla = year.slas.find((s) => s.itemId === item.itemId);
    return sla?.budget !== undefined && sla.budget < sla.price && sla.belowPriceReason === undefined ? [{ year: year.financialYear, budget: sla.budget, price: sla.price }] : [];
  });
  const budgeted = picture.years.some((year) => year.slas.some((s) => s.itemId === item.itemId && s.budget !== undefined));
  if (!budgeted) return [];
  if (short.length === 0) return [{ rule: RULES.slaBudgetCoversPrice, status: 'met', message: 'Buy-back budget covers the annual price (or the reason it need not is recorded) in each year budgeted', bitesOn: snapshot.goLiveDate }];
  const named = short.map((s) => `${s.year} (${pounds(s.budget)} against ${pounds(s.price)})`).join(', ');
  return [check(RULES.slaBudgetCoversPrice, snapshot.today, snapshot.goLiveDate, undefined, `Buy-back budget below the annual price, with no reason recorded: ${named}`)];
}
