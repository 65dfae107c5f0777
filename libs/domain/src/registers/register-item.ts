import { Command, Decider, DomainEvent, assertNever } from '../decider';
import { DuplicateReferenceError, IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ukDateOf } from '../calendar';
import { ProgrammeFacts, assertEffectiveAt, assertRegistersOpen } from '../programmes/programme-facts';
import {
  DetailsByKind,
  ItemKind,
  REGISTERED_EVENT_TYPES,
  REPEATABLE_STEPS,
  STEP_EVENT_TYPES,
  StepOf,
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

export type RegisterItem = Scoped<'RegisterItem', ItemRef & { readonly reference: string } & ItemRegistration>;
export type AmendItem = Scoped<'AmendItem', ItemRef & ItemAmendment>;
export type RecordItemProgress = Scoped<'RecordItemProgress', ItemRef & ItemProgress>;
/** A row of a register brought in from a spreadsheet: the item as the row describes it, new or not. */
export type ImportItem = Scoped<'ImportItem', ItemRef & { readonly reference: string } & ItemRegistration>;
export type RegisterItemCommand = RegisterItem | AmendItem | RecordItemProgress | ImportItem;

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
      ItemEventData & { readonly kind: K; readonly step: S; readonly on: string } & StepsByKind[K][S]
    >;
  }[StepOf<K>];
}[ItemKind];
export type RegisterItemEvent = ItemRegisteredEvent | RegisterItemAmended | ItemStepEvent;

/** What was recorded for a step: the day it happened and what it recorded. */
export type StepRecord = { readonly on: string } & Readonly<Record<string, unknown>>;

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
}
export type RegisterItemState = { readonly status: 'none' } | RegisteredItem;

const REGISTERED_TYPES = new Set<string>(Object.values(REGISTERED_EVENT_TYPES));
const STEP_TYPES = new Set<string>(Object.values(STEP_EVENT_TYPES).flatMap((steps) => Object.values(steps)));

/** The three shapes an item's events come in; the switch over them is exhaustive. */
function categoryOf(event: RegisterItemEvent): 'registered' | 'amended' | 'step' {
  if (REGISTERED_TYPES.has(event.type)) return 'registered';
  if (event.type === 'RegisterItemAmended') return 'amended';
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

export const registerItemDecider: Decider<RegisterItemState, RegisterItemCommand, RegisterItemEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    assertRegistersOpen(command.programme);
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
      case 'ImportItem':
        // Registered the first time a register is imported; after that only what changed is recorded.
        // A blank cell (a detail left out) leaves what is recorded as it is.
        return state.status === 'none'
          ? [registered(base, command.data, on)]
          : amended(base, existing(state, command.data.kind, command.data.itemId), withoutBlanks(command.data.details), on);
      case 'RecordItemProgress': {
        const item = existing(state, command.data.kind, command.data.itemId);
        refuseOutOfOrder(item, command.data, on);
        const { kind, step, fields } = command.data;
        const type = (STEP_EVENT_TYPES[kind] as Record<string, string>)[step];
        return [{ type, data: { ...base, kind, step, on, ...fields } } as ItemStepEvent];
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
        return { status: 'registered', programmeId, itemId, kind, reference, details: { ...details }, steps, stepOrder: [], stepHistory: {}, registeredOn, changedOn: {} };
      }
      case 'amended': {
        if (state.status !== 'registered') return state;
        const { changes } = (event as RegisterItemAmended).data;
        const on = dayOf(event as RegisterItemAmended);
        const changedOn = { ...state.changedOn, ...Object.fromEntries(Object.keys(changes).map((field) => [field, on])) };
        const mechanism = state.kind === 'contract' ? (changes as { mechanism?: string }).mechanism : undefined;
        const steps = mechanism === undefined ? state.steps : { ...state.steps, 'mechanism-chosen': { on, mechanism } };
        return { ...state, details: { ...state.details, ...changes }, steps, changedOn };
      }
      case 'step': {
        if (state.status !== 'registered') return state;
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { programmeId, itemId, kind, step, ...record } = (event as ItemStepEvent).data;
        const steps = { ...state.steps, [step]: record as StepRecord };
        const stepHistory = REPEATABLE_STEPS.has(step) ? { ...state.stepHistory, [step]: [...(state.stepHistory[step] ?? []), record as StepRecord] } : state.stepHistory;
        // A new route replaces the one the contract was registered with.
        const details = step === 'mechanism-chosen' ? { ...state.details, mechanism: (record as StepRecord).mechanism } : state.details;
        return { ...state, steps, details, stepOrder: [...state.stepOrder, step], stepHistory };
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
  } as Record<RegisterItemEvent['type'], number>,
};

function registered(base: ItemEventData, { kind, reference, details }: { reference: string } & ItemRegistration, on: string): ItemRegisteredEvent {
  return { type: REGISTERED_EVENT_TYPES[kind], data: { ...base, kind, reference, details, on } } as ItemRegisteredEvent;
}

/** Only the fields whose values really change are recorded; no change at all records nothing. */
function amended(base: ItemEventData, item: RegisteredItem, proposed: Readonly<Record<string, unknown>>, on: string): RegisterItemAmended[] {
  const changes = Object.fromEntries(Object.entries(proposed).filter(([field, value]) => !sameValue(item.details[field], value)));
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'RegisterItemAmended', data: { ...base, kind: item.kind, changes, on } } as RegisterItemAmended];
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

/** The order things must happen in, per kind; a step out of order is refused with the reason. */
function refuseOutOfOrder(item: RegisteredItem, progress: ItemProgress, on: string): void {
  const done = (step: string) => item.steps[step] !== undefined;
  const refuse = (reason: string): never => {
    throw new IllegalStateError(reason);
  };
  if (done(progress.step) && !REPEATABLE_STEPS.has(progress.step)) {
    refuse(`This was already recorded for ${item.reference} on ${item.steps[progress.step]!.on}`);
  }
  if ('endDate' in progress.fields && progress.fields.endDate <= on) {
    throw new InvalidCommandError([{ field: 'endDate', problem: `must be after the day it was agreed (${on})` }]);
  }

  switch (progress.kind) {
    case 'contract': {
      const mechanism = item.details.mechanism;
      const needsConsent = mechanism === 'novate' || mechanism === 'assign';
      switch (progress.step) {
        case 'mechanism-chosen':
          if (done('deed-executed')) refuse('The deed for this contract has been executed; its route can no longer change');
          return;
        case 'consent-requested':
        case 'consent-received':
          if (!needsConsent) refuse(`Counterparty consent is needed only to novate or assign; choose that route first (now: ${mechanism ?? 'none chosen'})`);
          return;
        case 'deed-executed':
          if (!needsConsent) refuse(`A deed is executed only to novate or assign; choose that route first (now: ${mechanism ?? 'none chosen'})`);
          if (!done('consent-received')) refuse('The counterparty’s consent must be received before the deed is executed');
          return;
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
      const last = (step: string) => item.stepOrder.lastIndexOf(step);
      const lastDecision = Math.max(last('recommendation-accepted'), last('recommendation-rejected'));
      const accepted = lastDecision >= 0 && lastDecision === last('recommendation-accepted');
      switch (progress.step) {
        case 'recommendation-made':
          if (done('signed')) refuse('This SLA is signed; no further recommendation is needed');
          if (accepted) refuse('The board has accepted the recommendation on this SLA already');
          return;
        case 'recommendation-accepted':
        case 'recommendation-rejected':
          if (!done('recommendation-made')) refuse('The advisers have made no recommendation on this SLA yet');
          if (last('recommendation-made') < lastDecision) {
            refuse(`The board has already ${accepted ? 'accepted' : 'rejected'} the latest recommendation on this SLA`);
          }
          return;
        case 'signed':
          if (!accepted) refuse('The board must accept the advisers’ recommendation before the SLA is signed');
          return;
        case 'interim-arrangement-agreed':
          if (done('signed')) refuse('This SLA is signed; an interim arrangement is no longer needed');
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'staff-group': {
      switch (progress.step) {
        case 'consultation-completed':
          if (!done('consultation-started')) refuse('Consultation must be recorded as started before it is completed');
          return;
        case 'eli-received':
        case 'measures-letter-received':
        case 'consultation-started':
        case 'admission-agreement-signed':
        case 'headcount-confirmed':
          return;
        default:
          return assertNever(progress);
      }
    }
    case 'governance-item': {
      switch (progress.step) {
        case 'signed-off':
          return;
        default:
          return assertNever(progress);
      }
    }
    default:
      return assertNever(progress);
  }
}
