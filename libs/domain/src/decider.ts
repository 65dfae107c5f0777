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
  /** The schema version each event type is written with; old versions are upcast on read. */
  readonly schemaVersions: Readonly<Record<E['type'], number>>;
}

export function fold<State, E extends DomainEvent>(decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>, events: readonly E[]): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
