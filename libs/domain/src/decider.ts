/** What every command carries besides its data: time comes in, it is never read from a clock. */
export interface CommandMetadata {
  /** ISO-8601 instant the command was issued. */
  readonly now: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** decide(command, state) → events; evolve(state, event) → state. Both pure. */
export interface Decider<State, C extends Command, E extends DomainEvent> {
  decide(command: C, state: State): E[];
  evolve(state: State, event: E): State;
  initialState(): State;
  /** The schema version each event type is written with; older versions are upcast as they are evolved. */
  readonly schemaVersions: Readonly<Record<E['type'], number>>;
  /**
   * How an event written with an older schema version is read: for each type, the step from each
   * old version to the next. Applied by {@link upcasting}'s evolve, so every fold, projection and
   * replay reads today's shape, while the store (and the hash chain over it) keeps what was written.
   */
  readonly upcasters?: Upcasters<E>;
  /**
   * The state a whole history folds to, as reducing it with `evolve` gives, in one pass that owns
   * its state as it goes: for a stream whose evolve copies something that grows with it (a cost
   * model of 2,000 lines copied for each line is 400 ms a write). Upcasts as `evolve` does.
   */
  readonly foldAll?: (events: readonly E[]) => State;
}

/**
 * The data of an event at one schema version as the data it would have at the next; the whole
 * stored event is given too, for what an old version left to its metadata (when it took effect).
 */
// Old data is read loosely: it is exactly what an older server wrote.
export type Upcaster = (data: any, event: { readonly type: string; readonly metadata?: { readonly recordedAt?: string; readonly effectiveAt?: string } }) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** By event type, then by the version an event was written with: the step to the version after. */
export type Upcasters<E extends DomainEvent> = { readonly [T in E['type']]?: Readonly<Record<number, Upcaster>> };

/** An event as the store holds it: with the version of its schema it was written with. */
interface Versioned {
  readonly type: string;
  readonly data: unknown;
  readonly schemaVersion?: number;
}

/** An event of a schema version this code cannot read: a newer server wrote it, or a step is missing. */
export class UnreadableEventError extends Error {
  readonly code = 'UNREADABLE_EVENT';
  constructor(type: string, version: number, current: number, why: string) {
    super(`A ${type} event of schema version ${version} cannot be read as version ${current}: ${why}`);
    this.name = 'UnreadableEventError';
  }
}

/** The event brought to its type's current schema version, one step at a time; as it is when already there. */
export function upcast<E extends DomainEvent>(event: E, schemaVersions: Readonly<Record<string, number>>, upcasters: Upcasters<E> = {}): E {
  const version = (event as Versioned).schemaVersion;
  const current = schemaVersions[event.type];
  if (version === undefined || current === undefined || version === current) return event;
  if (version > current) throw new UnreadableEventError(event.type, version, current, 'it was written by a newer version of the tracker');
  const steps = (upcasters as Record<string, Readonly<Record<number, Upcaster>> | undefined>)[event.type] ?? {};
  let data: unknown = event.data;
  for (let from = version; from < current; from++) {
    const step = steps[from];
    if (step === undefined) throw new UnreadableEventError(event.type, version, current, `no upcaster from version ${from} to ${from + 1}`);
    data = step(data, event as Parameters<Upcaster>[1]);
  }
  return { ...event, data, schemaVersion: current } as E;
}

/**
 * The decider with an evolve that first upcasts each event (see {@link Decider.upcasters}): every
 * decider is declared through it, so no caller of evolve or fold can meet an old shape.
 */
export function upcasting<State, C extends Command, E extends DomainEvent>(decider: Decider<State, C, E>): Decider<State, C, E> {
  const { evolve, schemaVersions, upcasters } = decider;
  return { ...decider, evolve: (state, event) => evolve(state, upcast(event, schemaVersions, upcasters)) };
}

export function fold<State, E extends DomainEvent>(decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState' | 'foldAll'>, events: readonly E[]): State {
  if (decider.foldAll) return decider.foldAll(events);
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
