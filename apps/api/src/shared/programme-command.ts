import { Inject } from '@nestjs/common';
import { Command as BusCommand } from '@nestjs/cqrs';
import { Command, Decider, DomainEvent, ProgrammeFacts } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';
import { CommandResult, CommandRunner } from './command-runner';
import { ProgrammeFactsReader } from './programme-facts.reader';
import { RequestContext } from './request-context';

/**
 * A use case inside one programme, as the API and the pages both dispatch it on the CommandBus:
 * `commands.execute(command)` answers its result typed, with no cast.
 */
export abstract class ProgrammeCommand<R = CommandResult> extends BusCommand<R> {
  abstract readonly programmeId: string;
  abstract readonly context: RequestContext;
  /** When the fact became true, if not when it is recorded. */
  abstract readonly effectiveAt: string | undefined;
}

/** What a programme command comes to once its programme is known: one domain command on one stream. */
export interface OnStream {
  readonly decider: Decider<unknown, Command, DomainEvent>;
  readonly streamId: string;
  readonly command: Omit<Command, 'metadata'>;
  /** The time it takes effect, where the use case sets it otherwise than the command's effectiveAt. */
  readonly effectiveAt?: string;
  /** Where one event takes effect at another time than the rest: by its index among those decided. */
  readonly eventEffectiveAt?: readonly (string | undefined)[];
}

/** A domain command as a use case issues it: the handler adds the programme's facts, the runner the time. */
export type Issued<C> = C extends unknown ? Omit<C, 'metadata' | 'programme' | 'effectiveAt'> & { readonly effectiveAt?: string } : never;

/** One domain command for `decider` on `streamId`; the programme's facts and the effective time are added by the handler. */
export function onStream<S, C extends Command, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: Issued<C>,
  options: Pick<OnStream, 'effectiveAt' | 'eventEffectiveAt'> = {},
): OnStream {
  return { decider: decider as unknown as OnStream['decider'], streamId, command, ...options };
}

/**
 * The one shape of a programme's command handler: the programme's facts are read once (404 when
 * there is none), the use case says which domain command goes on which stream, and the runner
 * reads that stream once per attempt, checks the effective time against the programme (not in the
 * future, not before the programme began: `assertEffectiveAt`, in the domain) and appends.
 */
export abstract class ProgrammeCommandHandler<T extends ProgrammeCommand> {
  @Inject(CommandRunner) protected readonly runner!: CommandRunner;
  @Inject(ProgrammeFactsReader) protected readonly programmes!: ProgrammeFactsReader;
  /** For a use case that must look at another stream first (the item a finding is raised on). */
  @Inject(EVENT_STORE) protected readonly store!: EventStore;

  async execute(command: T): Promise<CommandResult> {
    const programme = await this.programmes.read(command.programmeId);
    const decided = await this.onStream(command, programme);
    const effectiveAt = 'effectiveAt' in decided ? decided.effectiveAt : command.effectiveAt;
    const domain = { effectiveAt, ...decided.command, programme };
    return this.runner.run(decided.decider, decided.streamId, domain, command.context, effectiveAt, decided.eventEffectiveAt);
  }

  protected abstract onStream(command: T, programme: ProgrammeFacts): OnStream | Promise<OnStream>;
}
