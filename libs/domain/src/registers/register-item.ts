import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { DuplicateReferenceError, IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { dayInWords, ukDateOf } from '../calendar';
import { ProgrammeFacts, assertEffectiveAt, assertProgrammeOpen } from '../programmes/programme-facts';
import { isFinancialYear } from '../budgets/budgets';
import { assertDecidingBody } from '../judged';
import {
  DetailsByKind,
  GOVERNANCE_STEPS,
  BOARD_STEPS,
  GovernanceKind,
  ItemKind,
  REGISTERED_EVENT_TYPES,
  REPEATABLE_STEPS,
  STEP_EVENT_TYPES,
  StepOf,
  StepOwner,
  StepsByKind,
} from './register-kinds';

type Scoped<Type extends string, Data> = Command<Type, Data> & {
  readonly programme: ProgrammeFacts;
  /** When the fact became true, if not now (ISO instant). */
  readonly effectiveAt?: string;
};

export type ItemRegistration = { [K in ItemKind]: { readonly kind: K; readonly details: DetailsByKind[K] } }[ItemKind];
export type ItemAmendment = { [K in ItemKind]: { readonly kind: K; readonly changes: Partial<DetailsByKind[K]> } }[ItemKind];
export type ItemProgress = {
  [K in ItemKind]: { [S in StepOf<K>]: { readonly kind: K; readonly step: S; readonly fields: StepsByKind[K][S] } }[StepOf<K>];
}[ItemKind];

interface ItemRef {
  readonly itemId: string;
}

/**
 * A document a step rests on, like a finding's evidence: what it is, and a link to it or its
 * SHA-256 (or both). The hash lets a reader prove the document is the one cited; a document
 * uploaded to the programme is known by it.
 */
export interface StepEvidence {
  readonly title: string;
  readonly link?: string;
  readonly sha256?: string;
}

/** Which recorded step: its number among the item's steps, 1 for the first ever recorded (see {@link StepEntry}). */
interface StepRef {
  readonly n: number;
  readonly reason: string;
}

export type RegisterItem = Scoped<'RegisterItem', ItemRef & { readonly reference: string } & ItemRegistration>;
export type AmendItem = Scoped<'AmendItem', ItemRef & ItemAmendment>;
export type RecordItemProgress = Scoped<'RecordItemProgress', ItemRef & ItemProgress & { readonly evidence?: readonly StepEvidence[] }>;
/** A step recorded by mistake is withdrawn with a reason: a new fact, never a deletion. */
export type WithdrawItemStep = Scoped<'WithdrawItemStep', ItemRef & StepRef & { readonly kind: ItemKind }>;
/**
 * A step recorded wrongly is withdrawn and recorded again as it should have been, in one command:
 * the same step, with the corrected fields (all of them) and evidence; `effectiveAt` corrects its day.
 */
export type CorrectItemStep = Scoped<'CorrectItemStep', ItemRef & StepRef & ItemProgress & { readonly evidence?: readonly StepEvidence[] }>;
/**
 * One outstanding step given an owner of its own (and a target), by the readiness rule it answers;
 * no owner hands the step back to the item's owner. Merged with the other steps' owners as the item
 * stands, so two advisers naming owners of two steps at once lose neither.
 */
export type AssignStepOwner = Scoped<'AssignStepOwner', ItemRef & { readonly kind: ItemKind; readonly ruleId: string; readonly owner?: string; readonly targetDate?: string }>;
/** A row of a register brought in from a spreadsheet: the item as the row describes it, new or not. */
export type ImportItem = Scoped<'ImportItem', ItemRef & { readonly reference: string } & ItemRegistration>;
export type RegisterItemCommand = RegisterItem | AmendItem | RecordItemProgress | ImportItem | WithdrawItemStep | CorrectItemStep | AssignStepOwner;

interface ItemEventData {
  readonly programmeId: string;
  readonly itemId: string;
}
export type ItemRegisteredEvent = {
  [K in ItemKind]: DomainEvent<
    (typeof REGISTERED_EVENT_TYPES)[K],
    ItemEventData & { readonly kind: K; readonly reference: string; readonly details: DetailsByKind[K]; readonly on?: string }
  >;
}[ItemKind];
/** `on`, the UK day the registration or change took effect, is recorded from schema version 2; see {@link dayOf}. */
export type RegisterItemAmended = DomainEvent<'RegisterItemAmended', ItemEventData & ItemAmendment & { readonly on?: string }>;
type StepEventTypes = typeof STEP_EVENT_TYPES;
type StepEventType<K extends ItemKind, S> = S extends keyof StepEventTypes[K] ? StepEventTypes[K][S] & string : never;
export type ItemStepEvent = {
  [K in ItemKind]: {
    [S in StepOf<K>]: DomainEvent<
      StepEventType<K, S>,
      ItemEventData & { readonly kind: K; readonly step: S; readonly on: string } & StepsByKind[K][S] & StepExtras
    >;
  }[StepOf<K>];
}[ItemKind];
/** Optional on every step event (older events have neither): the evidence, and the step this one corrects. */
interface StepExtras {
  readonly evidence?: readonly StepEvidence[];
  readonly corrects?: number;
}
/**
 * Step `n` of the item no longer counts: it was recorded by mistake. `step` names it for a reader;
 * `on` is the UK day it was withdrawn. Followed in the same append by the corrected step when it
 * is a correction.
 */
export type ItemStepWithdrawn = DomainEvent<
  'ItemStepWithdrawn',
  ItemEventData & {
    readonly kind: ItemKind;
    readonly n: number;
    readonly step: string;
    /** The day the withdrawn step was recorded as happening: with `step`, it finds the step in a replay that leaves some steps out. */
    readonly stepOn: string;
    readonly reason: string;
    readonly on: string;
    readonly correction?: boolean;
  }
>;
export type RegisterItemEvent = ItemRegisteredEvent | RegisterItemAmended | ItemStepEvent | ItemStepWithdrawn;

/** What was recorded for a step: the day it happened and what it recorded. */
export type StepRecord = { readonly on: string } & Readonly<Record<string, unknown>>;

/**
 * Every step ever recorded on an item, withdrawn or not, numbered from 1 in the order recorded.
 * The number never changes (events are only appended; a withdrawal removes nothing), so it names
 * the step in an address: /steps/3 is the third step recorded, whatever happened since.
 */
export interface StepEntry {
  readonly n: number;
  readonly step: string;
  readonly record: StepRecord;
  readonly evidence: readonly StepEvidence[];
  /** The step this one was recorded to correct. */
  readonly corrects?: number;
  readonly withdrawn?: { readonly on: string; readonly reason: string; readonly correctedBy?: number };
}

export interface RegisteredItem {
  readonly status: 'registered';
  readonly programmeId: string;
  readonly itemId: string;
  readonly kind: ItemKind;
  readonly reference: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** The latest record of each step. */
  readonly steps: Readonly<Partial<Record<string, StepRecord>>>;
  /** Every step in the order recorded, for rules that depend on what came last. */
  readonly stepOrder: readonly string[];
  /** Every record of each repeatable step, oldest first, for rules that look past the latest (Teckal shares per year). */
  readonly stepHistory: Readonly<Partial<Record<string, readonly StepRecord[]>>>;
  /** The UK day the item was registered with effect from. */
  readonly registeredOn: string;
  /** The UK day each detail last changed after registration, by field: rules such as ELI updates (TUPE reg. 11(5)) follow it. */
  readonly changedOn: Readonly<Record<string, string>>;
  /**
   * Every step recorded, withdrawn ones too, with evidence and reasons. `steps`, `stepOrder` and
   * `stepHistory` hold only those that still count, so readiness judges the corrected state.
   */
  readonly log: readonly StepEntry[];
  /** A contract's route as its registration or latest amendment set it, and how many steps had been recorded by then. */
  readonly routeOfDetails?: { readonly afterSteps: number; readonly on: string; readonly mechanism: string };
}
export type RegisterItemState = { readonly status: 'none' } | RegisteredItem;

const REGISTERED_TYPES = new Set<string>(Object.values(REGISTERED_EVENT_TYPES));
const STEP_TYPES = new Set<string>(Object.values(STEP_EVENT_TYPES).flatMap((steps) => Object.values(steps)));

/** The four shapes an item's events come in; the switch over them is exhaustive. */
function categoryOf(event: RegisterItemEvent): 'registered' | 'amended' | 'step' | 'withdrawn' {
  if (REGISTERED_TYPES.has(event.type)) return 'registered';
  if (event.type === 'RegisterItemAmended') return 'amended';
  if (event.type === 'ItemStepWithdrawn') return 'withdrawn';
  if (STEP_TYPES.has(event.type)) return 'step';
  throw new Error(`Not a register item event: ${event.type}`);
}

export const ITEM_NOUNS: Record<ItemKind, string> = {
  contract: 'contract',
  system: 'system',
  process: 'business process',
  asset: 'asset',
  sla: 'service level agreement',
  'staff-group': 'staff group',
  'governance-item': 'governance item',
};

export const registerItemDecider: Decider<RegisterItemState, RegisterItemCommand, RegisterItemEvent> = upcasting<RegisterItemState, RegisterItemCommand, RegisterItemEvent>({
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    assertProgrammeOpen(command.programme);
    assertEffectiveAt(command.effectiveAt, command.metadata.now, command.programme);
    const base = { programmeId: command.programme.programmeId, itemId: command.data.itemId };
    const on = ukDateOf(command.effectiveAt ?? command.metadata.now);

    switch (command.type) {
      case 'RegisterItem': {
        if (state.status !== 'none') {
          throw new DuplicateReferenceError(
            `A ${ITEM_NOUNS[state.kind]} with reference ${state.reference} is already registered in this programme`,
          );
        }
        return [registered(base, command.data, on)];
      }
      case 'AmendItem':
        return amended(base, existing(state, command.data.kind, command.data.itemId), command.data.changes, on);
      case 'AssignStepOwner': {
        const item = existing(state, command.data.kind, command.data.itemId);
        const { ruleId, owner, targetDate } = command.data;
        const current = item.details.stepOwners as Readonly<Record<string, StepOwner>> | undefined;
        // Handing back a step that has no owner of its own changes nothing.
        if (owner === undefined && current?.[ruleId] === undefined) return [];
        const { [ruleId]: _previous, ...others } = current ?? {};
        const stepOwners = owner === undefined ? others : { ...others, [ruleId]: { owner, ...(targetDate === undefined ? {} : { targetDate }) } };
        return amended(base, item, { stepOwners }, on);
      }
      case 'ImportItem':
        // Registered the first time a register is imported; after that only what changed is recorded.
        // A blank cell (a detail left out) leaves what is recorded as it is.
        return state.status === 'none'
          ? [registered(base, command.data, on)]
          : amended(base, existing(state, command.data.kind, command.data.itemId), withoutBlanks(command.data.details), on);
      case 'RecordItemProgress': {
        const item = existing(state, command.data.kind, command.data.itemId);
        refuseOutOfOrder(item, command.data, on, command.programme);
        return [stepEvent(base, command.data, on, command.data.evidence)];
      }
      case 'WithdrawItemStep': {
        const item = existing(state, command.data.kind, command.data.itemId);
        return [withdrawal(base, item, command.data, ukDateOf(command.metadata.now), false)];
      }
      case 'CorrectItemStep': {
        const item = existing(state, command.data.kind, command.data.itemId);
        const withdrawn = withdrawal(base, item, command.data, ukDateOf(command.metadata.now), true);
        const original = item.log[command.data.n - 1];
        if (command.data.step !== original.step) {
          throw new InvalidCommandError([{ field: 'step', problem: `must be the step being corrected (${spoken(original.step)}); withdraw it and record the other step instead` }]);
        }
        // The corrected step keeps the original's day unless the correction is of the day itself,
        // and is checked as if the mistaken one had never been recorded.
        const correctedOn = command.effectiveAt === undefined ? original.record.on : on;
        const without = registerItemDecider.evolve(item, withdrawn) as RegisteredItem;
        refuseOutOfOrder(without, command.data, correctedOn, command.programme);
        const evidence = command.data.evidence ?? original.evidence;
        return [withdrawn, stepEvent(base, command.data, correctedOn, evidence, command.data.n)];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    const category = categoryOf(event);
    switch (category) {
      case 'registered': {
        const { programmeId, itemId, kind, reference, details } = (event as ItemRegisteredEvent).data;
        const registeredOn = dayOf(event as ItemRegisteredEvent);
        // A route given at registration was chosen on the registration's day, as if recorded as a step.
        const mechanism = kind === 'contract' ? (details as { mechanism?: string }).mechanism : undefined;
        const steps = mechanism === undefined ? {} : { 'mechanism-chosen': { on: registeredOn, mechanism } };
        const routeOfDetails = mechanism === undefined ? undefined : { afterSteps: 0, on: registeredOn, mechanism };
        return {
          status: 'registered',
          programmeId,
          itemId,
          kind,
          reference,
          details: { ...details },
          steps,
          stepOrder: [],
          stepHistory: {},
          registeredOn,
          changedOn: {},
          log: [],
          ...(routeOfDetails === undefined ? {} : { routeOfDetails }),
        };
      }
      case 'amended': {
        if (state.status !== 'registered') return state;
        const { changes } = (event as RegisterItemAmended).data;
        const on = dayOf(event as RegisterItemAmended);
        const changedOn = { ...state.changedOn, ...Object.fromEntries(Object.keys(changes).map((field) => [field, on])) };
        const mechanism = state.kind === 'contract' ? (changes as { mechanism?: string }).mechanism : undefined;
        const steps = mechanism === undefined ? state.steps : { ...state.steps, 'mechanism-chosen': { on, mechanism } };
        const routeOfDetails = mechanism === undefined ? state.routeOfDetails : { afterSteps: logOf(state).length, on, mechanism };
        return { ...state, details: { ...state.details, ...changes }, steps, changedOn, ...(routeOfDetails === undefined ? {} : { routeOfDetails }) };
      }
      case 'step': {
        if (state.status !== 'registered') return state;
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { programmeId, itemId, kind, step, evidence, corrects, ...record } = (event as ItemStepEvent).data;
        const log = logOf(state);
        const corrected = corrects === undefined ? undefined : correctedEntry(log, corrects, step);
        const entry: StepEntry = { n: log.length + 1, step, record: record as StepRecord, evidence: evidence ?? [], ...(corrected === undefined ? {} : { corrects: corrected.n }) };
        if (corrected !== undefined) {
          // The corrected step stands where the one it corrects stood.
          const linked = log.map((e) => (e === corrected ? { ...e, withdrawn: { ...e.withdrawn!, correctedBy: entry.n } } : e));
          return counted({ ...state, log: [...linked, entry] });
        }
        const steps = { ...state.steps, [step]: record as StepRecord };
        const stepHistory = REPEATABLE_STEPS.has(step) ? { ...state.stepHistory, [step]: [...(state.stepHistory[step] ?? []), record as StepRecord] } : state.stepHistory;
        // A new route replaces the one the contract was registered with.
        const details = step === 'mechanism-chosen' ? { ...state.details, mechanism: (record as StepRecord).mechanism } : state.details;
        return { ...state, steps, details, stepOrder: [...state.stepOrder, step], stepHistory, log: [...log, entry] };
      }
      case 'withdrawn': {
        if (state.status !== 'registered') return state;
        const { reason, on } = (event as ItemStepWithdrawn).data;
        const log = logOf(state);
        const target = withdrawnEntry(log, (event as ItemStepWithdrawn).data);
        if (target === undefined) return state;
        return counted({ ...state, log: log.map((e) => (e === target ? { ...e, withdrawn: { on, reason } } : e)) });
      }
      default:
        return assertNever(category);
    }
  },

  schemaVersions: {
    // 2: registrations and amendments record `on`, the day they took effect.
    ...Object.fromEntries(Object.values(REGISTERED_EVENT_TYPES).map((type) => [type, 2])),
    ...Object.fromEntries([...STEP_TYPES].map((type) => [type, 1])),
    RegisterItemAmended: 2,
    ItemStepWithdrawn: 1,
    // 2: each party's signature and the effective date; version 1 means signed by all three and effective on its `on`.
    StaffAdmissionAgreementSigned: 2,
  } as Record<RegisterItemEvent['type'], number>,

  upcasters: {
    // Version 1 left the day a registration or amendment took effect to the metadata: the
    // effective time, else the recorded time, as a UK day (which is what version 2 records).
    ...Object.fromEntries(Object.values(REGISTERED_EVENT_TYPES).map((type) => [type, { 1: withDayOfMetadata }])),
    RegisterItemAmended: { 1: withDayOfMetadata },
    // Version 1 was an agreement signed by all three parties, and effective, on the day recorded.
    StaffAdmissionAgreementSigned: {
      1: (data: { on: string; signedByTrustOn?: string; signedByCouncilOn?: string; signedByFundOn?: string; effectiveDate?: string }) => ({
        ...data,
        signedByTrustOn: data.signedByTrustOn ?? data.on,
        signedByCouncilOn: data.signedByCouncilOn ?? data.on,
        signedByFundOn: data.signedByFundOn ?? data.on,
        effectiveDate: data.effectiveDate ?? data.on,
      }),
    },
  },
});

function withDayOfMetadata(data: { on?: string }, event: { readonly metadata?: { readonly recordedAt?: string; readonly effectiveAt?: string } }) {
  const instant = event.metadata?.effectiveAt ?? event.metadata?.recordedAt;
  return data.on !== undefined || instant === undefined ? data : { ...data, on: ukDateOf(instant) };
}

function stepEvent(base: ItemEventData, { kind, step, fields }: ItemProgress, on: string, evidence: readonly StepEvidence[] | undefined, corrects?: number): ItemStepEvent {
  // Checked at the edge too (links http or https, the hash 64 hex); the decider does not trust its callers.
  const problems = (evidence ?? []).flatMap((e, i) => [
    ...((e.title ?? '').trim() === '' ? [{ field: `evidence[${i}].title`, problem: 'is required: say what the document is' }] : []),
    ...(e.link === undefined && e.sha256 === undefined ? [{ field: `evidence[${i}].link`, problem: 'or the document’s SHA-256 is required' }] : []),
    ...(e.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(e.sha256) ? [{ field: `evidence[${i}].sha256`, problem: 'must be a SHA-256 hash written as 64 hexadecimal characters' }] : []),
  ]);
  if (problems.length > 0) throw new InvalidCommandError(problems);
  const type = (STEP_EVENT_TYPES[kind] as Record<string, string>)[step];
  const extras = { ...(evidence === undefined || evidence.length === 0 ? {} : { evidence }), ...(corrects === undefined ? {} : { corrects }) };
  return { type, data: { ...base, kind, step, on, ...fields, ...extras } } as ItemStepEvent;
}

/** Step `n` withdrawn with its reason; refused for a step not recorded, withdrawn already, or the board's own. */
function withdrawal(base: ItemEventData, item: RegisteredItem, { n, reason }: StepRef, on: string, correction: boolean): ItemStepWithdrawn {
  if (reason.trim() === '') throw new InvalidCommandError([{ field: 'reason', problem: 'is required: say why the step is withdrawn' }]);
  const entry = Number.isInteger(n) && n >= 1 ? logOf(item)[n - 1] : undefined;
  if (entry === undefined) {
    const count = logOf(item).length;
    throw new NotFoundError(`step ${n} of ${item.reference} (it has ${count} step${count === 1 ? '' : 's'} recorded)`, String(n));
  }
  if (entry.withdrawn) {
    const by = entry.withdrawn.correctedBy === undefined ? '' : ` and corrected by step ${entry.withdrawn.correctedBy}`;
    throw new IllegalStateError(`Step ${n} (${spoken(entry.step)}) of ${item.reference} was withdrawn on ${dayInWords(entry.withdrawn.on)}${by}: “${entry.withdrawn.reason}”`);
  }
  if (BOARD_STEPS.has(entry.step)) {
    throw new IllegalStateError(`Step ${n} (${spoken(entry.step)}) is the board’s decision; the board records a new decision rather than an adviser withdrawing it`);
  }
  return { type: 'ItemStepWithdrawn', data: { ...base, kind: item.kind, n, step: entry.step, stepOn: entry.record.on, reason: reason.trim(), on, ...(correction ? { correction } : {}) } };
}

/**
 * The step a withdrawal names: step n, as recorded. A replay of what was true at a past instant
 * leaves out steps that took effect later, so the numbers there run short; the step is then the
 * latest earlier one of the same step and day still standing.
 */
function withdrawnEntry(log: readonly StepEntry[], { n, step, stepOn }: { n: number; step: string; stepOn?: string }): StepEntry | undefined {
  const same = (e: StepEntry) => e.step === step && !e.withdrawn && (stepOn === undefined || e.record.on === stepOn);
  const exact = log[n - 1];
  if (exact !== undefined && same(exact)) return exact;
  return [...log].reverse().find((e) => e.n < n && same(e));
}

/** The step a correction corrects: the one just withdrawn for it (the two are appended together). */
function correctedEntry(log: readonly StepEntry[], corrects: number, step: string): StepEntry | undefined {
  const exact = log[corrects - 1];
  if (exact !== undefined && exact.step === step && exact.withdrawn && exact.withdrawn.correctedBy === undefined) return exact;
  return [...log].reverse().find((e) => e.step === step && e.withdrawn && e.withdrawn.correctedBy === undefined);
}

/** Items folded before the log was kept (in saved snapshots and rows, rebuilt since) read as having none. */
const logOf = (item: RegisteredItem): readonly StepEntry[] => item.log ?? [];

/**
 * The steps that still count, worked out again from the log after a withdrawal or correction, in
 * the order they stand (a correction where the step it corrects stood); a contract's route falls
 * back to what its details or the step before said.
 */
function counted(item: RegisteredItem): RegisteredItem {
  const log = logOf(item);
  const place = (entry: StepEntry): number => (entry.corrects === undefined ? entry.n : place(log[entry.corrects - 1]));
  const standing = log.filter((e) => !e.withdrawn).sort((a, b) => place(a) - place(b));
  const steps: Record<string, StepRecord> = {};
  const stepHistory: Record<string, StepRecord[]> = {};
  const stepOrder: string[] = [];
  let route: string | undefined;
  const route0 = item.routeOfDetails;
  const applyDetailsRoute = () => {
    steps['mechanism-chosen'] = { on: route0!.on, mechanism: route0!.mechanism };
    route = route0!.mechanism;
  };
  let detailsApplied = route0 === undefined;
  for (const entry of standing) {
    if (!detailsApplied && place(entry) > route0!.afterSteps) {
      applyDetailsRoute();
      detailsApplied = true;
    }
    steps[entry.step] = entry.record;
    stepOrder.push(entry.step);
    if (REPEATABLE_STEPS.has(entry.step)) stepHistory[entry.step] = [...(stepHistory[entry.step] ?? []), entry.record];
    if (entry.step === 'mechanism-chosen') route = entry.record.mechanism as string;
  }
  if (!detailsApplied) applyDetailsRoute();
  if (item.kind !== 'contract') return { ...item, steps, stepOrder, stepHistory };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { mechanism, ...others } = item.details;
  return { ...item, steps, stepOrder, stepHistory, details: route === undefined ? others : { ...others, mechanism: route } };
}

function registered(base: ItemEventData, { kind, reference, details }: { reference: string } & ItemRegistration, on: string): ItemRegisteredEvent {
  refuseInconsistentDetails(kind, details as object as Readonly<Record<string, unknown>>);
  return { type: REGISTERED_EVENT_TYPES[kind], data: { ...base, kind, reference, details, on } } as ItemRegisteredEvent;
}

/** Only the fields whose values really change are recorded; no change at all records nothing. */
function amended(base: ItemEventData, item: RegisteredItem, proposed: Readonly<Record<string, unknown>>, on: string): RegisterItemAmended[] {
  const changes = Object.fromEntries(Object.entries(proposed).filter(([field, value]) => !sameValue(item.details[field], value)));
  refuseInconsistentDetails(item.kind, { ...item.details, ...changes });
  if (Object.keys(changes).length === 0) return [];
  refuseGovernanceKindChange(item, changes.governanceKind as GovernanceKind | undefined);
  refuseRouteChange(item, changes);
  return [{ type: 'RegisterItemAmended', data: { ...base, kind: item.kind, changes, on } } as RegisterItemAmended];
}

/** A governance item whose steps belong to its kind cannot become a kind those steps do not belong to. */
function refuseGovernanceKindChange(item: RegisteredItem, governanceKind: GovernanceKind | undefined): void {
  if (item.kind !== 'governance-item' || governanceKind === undefined) return;
  const allowed: readonly string[] = GOVERNANCE_STEPS[governanceKind] ?? [];
  const stranded = Object.keys(item.steps).filter((step) => !allowed.includes(step));
  if (stranded.length > 0) {
    throw new IllegalStateError(`${item.reference} has recorded ${stranded.map(spoken).join(', ')}, which ${aKind(governanceKind)} does not have; it cannot change kind`);
  }
}

/**
 * The UK day a registration or amendment took effect. Schema version 1 did not record it; those
 * events are read with the day their stored metadata gives (effective time, else recorded time),
 * which is what version 2 records.
 */
function dayOf(event: ItemRegisteredEvent | RegisterItemAmended): string {
  if (event.data.on !== undefined) return event.data.on;
  const metadata = (event as { metadata?: { effectiveAt?: string; recordedAt?: string } }).metadata;
  const instant = metadata?.effectiveAt ?? metadata?.recordedAt;
  return instant === undefined ? '' : ukDateOf(instant);
}

/**
 * Details that contradict one another, as a 400 naming the field (checked at the edge too; the
 * decider does not trust its callers: imports, pages, the demo). An amendment is checked as the
 * details will stand after it.
 */
function refuseInconsistentDetails(kind: ItemKind, details: Readonly<Record<string, unknown>>): void {
  if (kind === 'staff-group') {
    const { dismissalsProposedOn, firstDismissalDate } = details as { dismissalsProposedOn?: string; firstDismissalDate?: string };
    // A dismissal cannot take effect before it was proposed (TULRCA 1992 s.188 counts back from it).
    if (dismissalsProposedOn !== undefined && firstDismissalDate !== undefined && firstDismissalDate < dismissalsProposedOn) {
      throw new InvalidCommandError([{ field: 'firstDismissalDate', problem: `must not be before the day the dismissals were proposed (${dayInWords(dismissalsProposedOn)})` }]);
    }
  }
}

function withoutBlanks(details: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}

function existing(state: RegisterItemState, kind: ItemKind, itemId: string): RegisteredItem {
  if (state.status === 'none' || state.kind !== kind) throw new NotFoundError(ITEM_NOUNS[kind], itemId);
  return state;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A code in words, for a refusal a user reads: "registered-manager-appointed" → "registered manager appointed". */
const spoken = (code: string) => code.replace(/-/g, ' ');
/** "a teckal item", "an ofsted registration item". */
const aKind = (governanceKind: string) => `${/^[aeiouh]/.test(governanceKind) ? 'an' : 'a'} ${spoken(governanceKind)} item`;

/** A contract's route is fixed once its deed is executed or signed by anyone, however the change comes: a step, an amendment or an import. */
function refuseRouteChange(item: RegisteredItem, changes: Readonly<Record<string, unknown>>): void {
  if (item.kind !== 'contract' || !('mechanism' in changes)) return;
  const signed = ['deed-executed', 'deed-signed-by-council', 'deed-signed-by-trust', 'deed-signed-by-supplier'].find((step) => item.steps[step] !== undefined);
  if (signed !== undefined) {
    throw new IllegalStateError(`The deed for ${item.reference} was ${signed === 'deed-executed' ? 'executed' : 'signed'} on ${dayInWords(item.steps[signed]!.on)}; its route can no longer change`);
  }
}

/** A contract's route in words, for a refusal: "council-retains" → "keep and recharge". */
const spokenRoute = (route: string) =>
  ({ novate: 'novate', assign: 'assign', 'new-contract': 're-procure (new contract)', 'council-retains': 'keep and recharge (council retains)', terminate: 'terminate' })[route] ?? route;

/**
 * Why a step cannot be recorded yet for the item as it stands, in the words its refusal would use,
 * or nothing when it can (the step list's "Cannot start yet"). Decided by the same rules that refuse
 * it, asked with no answers: what the form's answers must say is the form's to check, not the order's.
 */
export function whyStepCannotStartYet(item: RegisteredItem, step: string, on: string, programme: ProgrammeFacts): string | undefined {
  try {
    refuseOutOfOrder(item, { kind: item.kind, step, fields: {} } as unknown as ItemProgress, on, programme);
    return undefined;
  } catch (error) {
    if (error instanceof IllegalStateError) return error.message;
    if (error instanceof InvalidCommandError) return undefined;
    throw error;
  }
}

/** The order things must happen in, per kind; a step out of order is refused with the reason. */
function refuseOutOfOrder(item: RegisteredItem, progress: ItemProgress, on: string, programme: ProgrammeFacts): void {
  const done = (step: string) => item.steps[step] !== undefined;
  const refuse = (reason: string): never => {
    throw new IllegalStateError(reason);
  };
  if (done(progress.step) && !REPEATABLE_STEPS.has(progress.step)) {
    refuse(`This was already recorded for ${item.reference} on ${dayInWords(item.steps[progress.step]!.on)}`);
  }
  if ('endDate' in progress.fields && progress.fields.endDate <= on) {
    const agreed = progress.step === 'notice-served' ? 'notice was served' : 'it was agreed';
    throw new InvalidCommandError([{ field: 'endDate', problem: `must be after the day ${agreed} (${dayInWords(on)})` }]);
  }

  switch (progress.kind) {
    case 'contract': {
      const mechanism = item.details.mechanism;
      const now = `now: ${mechanism === undefined ? 'none chosen' : spokenRoute(mechanism as string)}`;
      const onRoute = (route: string, what: string) => {
        if (mechanism !== route) refuse(`${what} only for a contract to ${spokenRoute(route)}; choose that route first (${now})`);
      };
      // A contract that expires before go-live may be re-procured or let lapse whatever its route was.
      const expiryDecision = item.steps['expiry-decided']?.decision;
      const signatures = ['deed-signed-by-council', 'deed-signed-by-trust', 'deed-signed-by-supplier'].filter(done);
      switch (progress.step) {
        case 'mechanism-chosen':
          if (done('deed-executed')) refuse('The deed for this contract has been executed; its route can no longer change');
          if (signatures.length > 0) refuse('The deed of novation has been signed by at least one party; the route can no longer change');
          return;
        case 'consent-requested':
        case 'consent-received':
          // Recorded for any assignment (a supplier may be asked as a courtesy), but required only where the contract restricts assignment.
          if (mechanism !== 'novate' && mechanism !== 'assign') refuse(`The supplier’s consent is needed only to novate or assign; choose that route first (${now})`);
          return;
        case 'deed-executed':
          if (mechanism === 'novate') {
            refuse('A deed of novation is signed by three parties: record each signature (deed signed by council, deed signed by trust, deed signed by supplier) rather than the deed as executed');
          }
          onRoute('assign', 'A deed of assignment is executed');
          if (item.details.restrictsAssignment !== false && !done('consent-received')) {
            refuse('This contract restricts assignment (or it is not recorded that it does not): the supplier’s consent must be received before the deed of assignment is executed');
          }
          return;
        case 'deed-signed-by-council':
        case 'deed-signed-by-trust':
        case 'deed-signed-by-supplier':
          onRoute('novate', 'A deed of novation is signed');
          if (done('deed-executed')) refuse(`The deed of novation was recorded as executed by all three parties on ${dayInWords(item.steps['deed-executed']!.on)}`);
          if (!done('consent-received')) refuse('The supplier’s consent to the novation must be received before anyone signs the deed');
          return;
        case 'indemnity-given':
          onRoute('assign', 'The trust’s indemnity to the council is given');
          return;
        case 'replacement-contract-signed':
          if (mechanism !== 'new-contract' && expiryDecision !== 're-procure') {
            refuse(`A replacement contract is signed only for a contract to re-procure (route new contract, or an expiry decision to re-procure); choose that first (${now})`);
          }
          return;
        case 'notice-served':
          onRoute('terminate', 'Notice is served');
          return;
        case 'service-cover-confirmed':
          if (mechanism !== 'terminate' && expiryDecision !== 'let-lapse') {
            refuse(`The service after the contract ends is confirmed only for a contract to terminate or let lapse; choose that first (${now})`);
          }
          if (progress.fields.cover === 'covered-another-way' && (progress.fields.note ?? '').trim() === '') {
            throw new InvalidCommandError([{ field: 'note', problem: 'is required when the service is covered another way: say how' }]);
          }
          return;
        case 'recharge-agreement-signed':
          onRoute('council-retains', 'A recharge agreement is signed');
          return;
        case 'expiry-decided': {
          const { decision, newExpiryDate } = progress.fields;
          if (decision !== 'extend' && newExpiryDate !== undefined) {
            throw new InvalidCommandError([{ field: 'newExpiryDate', problem: `is given only when the contract is extended (the decision is ${decision})` }]);
          }
          if (decision === 'extend') {
            if (newExpiryDate === undefined) throw new InvalidCommandError([{ field: 'newExpiryDate', problem: 'is required when the contract is extended' }]);
            if (newExpiryDate <= programme.goLiveDate) {
              throw new InvalidCommandError([{ field: 'newExpiryDate', problem: `must be after go-live (${dayInWords(programme.goLiveDate)}): an extension that ends before it leaves the contract expiring before go-live` }]);
            }
            if (newExpiryDate <= String(item.details.expiryDate)) {
              throw new InvalidCommandError([{ field: 'newExpiryDate', problem: `must be after the contract’s expiry date (${dayInWords(String(item.details.expiryDate))})` }]);
            }
          }
          return;
        }
        case 'interim-arrangement-agreed':
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'system': {
      switch (progress.step) {
        case 'sourcing-option-chosen':
        case 'access-confirmed':
          return;
        case 'data-sharing-agreement-signed': {
          const option = item.steps['sourcing-option-chosen']?.option;
          if (option !== 'council-hosted-sla' && option !== 'shared') {
            refuse('A data-sharing agreement is needed only where the council hosts or shares the system; choose that sourcing option first');
          }
          return;
        }
        case 'migration-tested':
          if (item.details.migrationNeeded !== true) refuse('This system was registered as needing no migration; amend it first if data moves');
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'process': {
      switch (progress.step) {
        case 'owner-named':
          return;
        case 'walked-through':
          if (!done('owner-named')) refuse('Name the process owner in the trust before recording the walk-through');
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'asset': {
      switch (progress.step) {
        case 'transfer-mechanism-chosen':
          if (done('instrument-completed')) refuse('The legal instrument is complete; the transfer mechanism can no longer change');
          return;
        case 'instrument-completed':
          if (!done('transfer-mechanism-chosen')) refuse('Choose the transfer mechanism before recording the instrument as completed');
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'sla': {
      // After a rejection the advisers may recommend again, and the board decides on the new recommendation.
      // The board accepting a recommendation that the SLA is NOT suitable means "revise it": the advisers
      // recommend again, and only a suitable recommendation the board has accepted lets the SLA be signed.
      const last = (step: string) => item.stepOrder.lastIndexOf(step);
      const lastDecision = Math.max(last('recommendation-accepted'), last('recommendation-rejected'));
      const accepted = lastDecision >= 0 && lastDecision === last('recommendation-accepted');
      const latestDecided = lastDecision > last('recommendation-made');
      const latestSuitable = item.steps['recommendation-made']?.suitable === true;
      switch (progress.step) {
        case 'recommendation-made':
          // An SLA signed (before this was refused) on a not-suitable recommendation may be recommended again, to put it right.
          if (done('signed') && latestSuitable) refuse('This SLA is signed; no further recommendation is needed');
          if (accepted && latestDecided && latestSuitable) refuse('The board has accepted the recommendation on this SLA already; it can now be signed');
          return;
        case 'recommendation-accepted':
        case 'recommendation-rejected':
          assertDecidingBody(programme.settings, 'sla-recommendation', progress.fields.body);
          if (!done('recommendation-made')) refuse('The advisers have made no recommendation on this SLA yet');
          if (recommendationAwaitingBoard(item) === undefined) {
            refuse(`The board has already ${accepted ? 'accepted' : 'rejected'} the latest recommendation on this SLA`);
          }
          return;
        case 'signed':
          if (done('recommendation-made') && !latestSuitable) {
            refuse('The latest recommendation found this SLA not suitable; the advisers must make a new recommendation and the board accept it before it is signed');
          }
          if (!(accepted && latestDecided)) refuse('The board must accept the advisers’ recommendation before the SLA is signed');
          return;
        case 'interim-arrangement-agreed':
          if (done('signed')) refuse('This SLA is signed; an interim arrangement is no longer needed');
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'staff-group': {
      const redundancies = Number(item.details.redundanciesProposed ?? 0);
      const lgps = item.details.pensionScheme === 'lgps';
      const notLgps = () => refuse(`${item.reference} is not in the LGPS (pension scheme: ${String(item.details.pensionScheme)}); LGPS admission applies only to LGPS members`);
      switch (progress.step) {
        case 'consultation-completed':
          if (!done('consultation-started')) refuse('Consultation must be recorded as started before it is completed');
          return;
        case 'eli-updated':
          if (!done('eli-received')) refuse('Employee liability information must be recorded as received before an update to it (TUPE 2006 reg. 11(5))');
          return;
        case 'headcount-reconciled': {
          const confirmed = item.steps['headcount-confirmed']?.headcount;
          if (confirmed === undefined) refuse('Confirm the headcount at transfer before reconciling it with the registered headcount');
          if (confirmed === item.details.headcount) refuse(`The confirmed headcount (${String(confirmed)}) is the registered headcount: there is nothing to reconcile`);
          return;
        }
        case 'collective-consultation-started':
        case 'hr1-notified': {
          const what = progress.step === 'hr1-notified' ? 'HR1 notification to the Secretary of State (TULRCA 1992 s.193)' : 'Collective consultation (TULRCA 1992 s.188)';
          if (redundancies <= 0) refuse(`${what} concerns proposed redundancies, and none are proposed for ${item.reference}; amend the group first if they are`);
          // s.198A: the trust, not yet the employer, may consult before the transfer only by agreement with the council.
          if (
            progress.step === 'collective-consultation-started' &&
            item.details.dismissalsProposedBy === 'trust' &&
            on < programme.goLiveDate &&
            !done('pre-transfer-consultation-agreed')
          ) {
            refuse('The trust proposes these dismissals and would consult before the transfer: record the council and trust’s agreement to pre-transfer consultation (TULRCA 1992 s.198A) first');
          }
          return;
        }
        case 'pre-transfer-consultation-agreed':
          if (redundancies <= 0 || item.details.dismissalsProposedBy !== 'trust') {
            refuse('Pre-transfer consultation (TULRCA 1992 s.198A) is for dismissals the trust proposes; the group has none proposed by the trust');
          }
          if (done('collective-consultation-started')) refuse(`Collective consultation started on ${dayInWords(item.steps['collective-consultation-started']!.on)}; pre-transfer consultation is agreed before it starts (TULRCA 1992 s.198A)`);
          return;
        case 'lgps-legal-basis-recorded':
        case 'actuary-report-received':
          if (!lgps) notLgps();
          return;
        case 'lgps-risk-assessed':
          if (!lgps) notLgps();
          // LGPS 2013 Sch. 2 Part 3 para 6: the risk is assessed taking account of the actuary's advice.
          if (!done('actuary-report-received')) refuse('The risk assessment takes account of the actuary’s report: record the report as received first');
          return;
        case 'bond-decision-recorded':
          if (!lgps) notLgps();
          if (!done('lgps-risk-assessed')) refuse('A bond or indemnity is decided on the risk assessment: record the risk as assessed first');
          return;
        case 'admission-agreement-signed': {
          if (!lgps) notLgps();
          // Required at the edge; checked here too because the decider does not trust its callers.
          const { signedByTrustOn, signedByCouncilOn, signedByFundOn, effectiveDate } = progress.fields;
          const problems = Object.entries({ signedByTrustOn, signedByCouncilOn, signedByFundOn, effectiveDate }).flatMap(([field, value]) =>
            value === undefined
              ? [{ field, problem: 'is required' }]
              : field !== 'effectiveDate' && value > on
                ? [{ field, problem: `must not be after the day the agreement is recorded as signed (${dayInWords(on)})` }]
                : [],
          );
          if (problems.length > 0) throw new InvalidCommandError(problems);
          return;
        }
        case 'eli-received':
        case 'measures-letter-received':
        case 'representatives-informed':
        case 'consultation-started':
        case 'headcount-confirmed':
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'governance-item': {
      // Each governance kind has its own steps; a step of another kind would record something the law does not ask of this one.
      const governanceKind = item.details.governanceKind as GovernanceKind;
      const allowed: readonly string[] = GOVERNANCE_STEPS[governanceKind] ?? ['signed-off'];
      if (!allowed.includes(progress.step)) {
        refuse(
          `${item.reference} is ${aKind(governanceKind)}: “${spoken(progress.step)}” is not one of its steps (they are: ${allowed.map(spoken).join('; ')})`,
        );
      }
      switch (progress.step) {
        case 'teckal-conditions-recorded': {
          // Checked at the edge too; the decider does not trust its callers (imports, pages, the demo).
          const { financialYear, activitySharePercent } = progress.fields;
          const problems = [
            ...(isFinancialYear(financialYear) ? [] : [{ field: 'financialYear', problem: 'must be a financial year written like 2018-19' }]),
            ...(activitySharePercent >= 0 && activitySharePercent <= 100 ? [] : [{ field: 'activitySharePercent', problem: 'must be a percentage from 0 to 100' }]),
          ];
          if (problems.length > 0) throw new InvalidCommandError(problems);
          return;
        }
        case 'registered': {
          const applied = item.steps['registration-applied'];
          if (applied === undefined) refuse('Record the application to Ofsted before the registration it led to');
          if (on < applied!.on) refuse(`Ofsted cannot have registered it on ${dayInWords(on)}, before the application on ${dayInWords(applied!.on)}`);
          return;
        }
        case 'signed-off':
        case 'service-delivery-contract-signed':
        case 'governance-agreement-signed':
        case 'registration-applied':
        case 'registered-manager-appointed':
        // Services contract: recorded in any order, as the documents were in fact signed; readiness does not count the
        // signature as ready while pension protection is unconfirmed (governance.services-contract).
        case 'pension-protection-confirmed':
        case 'kpis-agreed':
        case 'change-control-agreed':
        case 'annual-review-agreed':
        case 'signed':
        case 'working-capital-recorded':
          return;
        default:
          return assertNever(progress);
      }
    }
    default:
      return assertNever(progress);
  }
}

/**
 * An SLA's latest recommendation while it awaits the board's decision (DOMAIN rule 9): made, and
 * neither accepted nor rejected since. Exactly what the decider lets the board decide on, so the
 * dashboard, the decision log and the SLA's page offer what the board can do and nothing else.
 */
export function recommendationAwaitingBoard(item: RegisteredItem): { readonly on: string; readonly suitable: boolean } | undefined {
  if (item.kind !== 'sla') return undefined;
  const last = (step: string) => item.stepOrder.lastIndexOf(step);
  const made = last('recommendation-made');
  const recommendation = item.steps['recommendation-made'] as { on: string; suitable?: boolean } | undefined;
  if (made < 0 || recommendation === undefined || made < Math.max(last('recommendation-accepted'), last('recommendation-rejected'))) return undefined;
  return { on: recommendation.on, suitable: recommendation.suitable === true };
}
