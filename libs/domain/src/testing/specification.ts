import { Command, Decider, DomainEvent, fold } from '../decider';

/** What happened so far, and what a command would make of it. */
export interface Scenario<S, C extends Command, E extends DomainEvent> {
  /** The events so far, oldest first. */
  readonly history: readonly E[];
  /** The state they fold to. */
  state(): S;
  /** Deciding `command` on that state, to run inside `expect`: its events, or the refusal it throws. */
  when(command: C): () => E[];
  /** The state once `command`'s events are folded in. */
  then(command: C): S;
}

/**
 * A decider's tests in its own words: given what happened, when a command, then its events or its
 * refusal. `given(...events)` starts from events; `givenDecided(...commands)` decides each command
 * in turn on what those before it recorded, so a test states history as the commands that made it.
 *
 *     const { given } = specification(findingDecider);
 *     expect(given(raised).when(close)()).toEqual([closed]);
 *     expect(given().when(close)).toThrow(NotFoundError);
 */
export function specification<S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>) {
  const scenario = (history: readonly E[]): Scenario<S, C, E> => ({
    history,
    state: () => fold(decider, history),
    when: (command) => () => decider.decide(command, fold(decider, history)),
    then: (command) => fold(decider, [...history, ...decider.decide(command, fold(decider, history))]),
  });
  return {
    given: (...events: E[]) => scenario(events),
    givenDecided: (...commands: C[]) => {
      const history: E[] = [];
      for (const command of commands) history.push(...decider.decide(command, fold(decider, history)));
      return scenario(history);
    },
  };
}
