import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Command, Decider, DomainError, DomainEvent, IllegalStateError, InvalidCommandError, ProgrammeFacts, assertEffectiveAt, fold } from '@tracker/domain';
import { ConcurrencyError, EventStore, NewEvent, StoredEvent } from '@tracker/event-store';
import { ProjectionRunner } from '@tracker/read-models';
import { CLOCK, Clock, EVENT_STORE, LOGGER } from '../infrastructure/tokens';
import { uuidFromHash } from './ids';
import { RequestContext } from './request-context';

/** The version a client sees is the number of events in the stream: 1 after it is created. */
export interface CommandResult {
  readonly version: number;
  readonly position: number;
}

/** The client's If-Match named a version the stream is no longer at. */
export class PreconditionFailedError extends Error {
  readonly code = 'PRECONDITION_FAILED';

  constructor(readonly expected: number, readonly actual: number) {
    super(`This changed since you read it: you sent version ${expected}, it is now at version ${actual}. Read it again and retry.`);
    this.name = 'PreconditionFailedError';
  }
}

/** One command of a batch, on its own stream. */
export interface BatchCommand<C extends Command> {
  readonly streamId: string;
  readonly command: Omit<C, 'metadata'>;
}

/** A batch is refused as a whole when any command is; the refusals say which, by index. */
export type BatchOutcome =
  | { readonly refusals: readonly { readonly index: number; readonly error: DomainError }[] }
  | { readonly changed: readonly boolean[]; readonly position: number };

/** Conflicts without If-Match are retried by re-reading and re-deciding; this many times at most. */
/** Commands of a batch decided between two turns of the event loop. */
const DECIDE_SLICE = 250;
const MAX_ATTEMPTS = 4;
const PROJECTION_WAIT_MS = 5000;

/**
 * Load, decide, append: the thin adapter between a command handler and the pure domain.
 * Every event gets who/when/why from the request context and a recorded time from the clock.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly projections: ProjectionRunner,
  ) {}

  async run<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
    command: Omit<C, 'metadata'>,
    context: RequestContext,
    effectiveAt?: string,
    /** Where one event takes effect at another time than the rest: by its index among those decided. */
    eventEffectiveAt?: readonly (string | undefined)[],
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const retried = this.alreadyRecorded(history, streamId, context);
      if (retried) return retried;

      const current = history.length;
      if (context.expectedVersion !== undefined && context.expectedVersion !== current) {
        throw new PreconditionFailedError(context.expectedVersion, current);
      }
      const now = this.clock();
      // Every write's effective time obeys one rule: not in the future, not before its programme existed.
      const programme = (command as { programme?: ProgrammeFacts }).programme;
      if (effectiveAt !== undefined) {
        if (programme) assertEffectiveAt(effectiveAt, now, programme);
        else if (effectiveAt > now) throw new InvalidCommandError([{ field: 'effectiveAt', problem: 'must not be in the future' }]);
      }
      const state = fold(decider, history as unknown as E[]);
      const events = decider.decide({ ...command, metadata: { now } } as C, state);
      if (events.length === 0) return { version: current, position: history.at(-1)?.position ?? 0 };

      const toStore = this.toStore(decider, streamId, events, context, now, effectiveAt, eventEffectiveAt);
      try {
        const appended = await this.store.appendToStream(streamId, toStore, current === 0 ? 'no_stream' : current - 1);
        await this.awaitProjections(appended.position);
        return { version: appended.nextExpectedRevision + 1, position: appended.position };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (context.expectedVersion !== undefined) {
          const actual = error.actual === 'no_stream' ? 0 : error.actual + 1;
          throw new PreconditionFailedError(context.expectedVersion, actual);
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateError('Too many people are changing this at once; nothing was recorded. Please try again.');
        }
      }
    }
  }

  /**
   * Decides every command against its own stream, then, only if none is refused, appends every
   * event in one append across the streams: all or nothing. A stream that changed in between is
   * re-read and the whole batch decided again.
   */
  async runAll<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    batch: readonly BatchCommand<C>[],
    context: RequestContext,
  ): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      const now = this.clock();
      const decided = await this.decideInSlices(decider, batch, now);
      const refusals = decided.flatMap((d, index) => ('error' in d ? [{ index, error: d.error }] : []));
      if (refusals.length > 0) return { refusals };

      const appends = decided.flatMap((d, index) => {
        if ('error' in d || d.events.length === 0) return [];
        const { streamId } = batch[index];
        const events = this.toStore(decider, streamId, d.events, { ...context, idempotencyKey: undefined }, now);
        return [{ streamId, events, expectedRevision: d.current === 0 ? ('no_stream' as const) : d.current - 1 }];
      });
      const changed = decided.map((d) => !('error' in d) && d.events.length > 0);
      if (appends.length === 0) return { changed, position: 0 };
      try {
        const results = await this.store.appendToStreams(appends);
        // A loop, not Math.max(...): spreading 125,000 positions overflows the stack after the
        // commit, and a 500 then told the importer that nothing was recorded when everything was.
        let position = 0;
        for (const result of results) if (result.position > position) position = result.position;
        await this.awaitProjections(position);
        return { changed, position };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateError('Others changed these items while they were being recorded; nothing was recorded. Please try again.');
        }
      }
    }
  }

  /**
   * Each command of a batch decided on its stream, a slice at a time with the event loop let in
   * between: the store's reads are synchronous, and 5,000 of them in one go held every other
   * request for half a second.
   */
  private async decideInSlices<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    batch: readonly BatchCommand<C>[],
    now: string,
  ): Promise<({ events: E[]; current: number } | { error: DomainError })[]> {
    const decided: ({ events: E[]; current: number } | { error: DomainError })[] = [];
    for (let from = 0; from < batch.length; from += DECIDE_SLICE) {
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = batch.slice(from, from + DECIDE_SLICE);
      decided.push(...(await Promise.all(slice.map(({ streamId, command }) => this.decideOne(decider, streamId, command, now)))));
    }
    return decided;
  }

  private async decideOne<S, C extends Command, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
    command: Omit<C, 'metadata'>,
    now: string,
  ): Promise<{ events: E[]; current: number } | { error: DomainError }> {
    const history = await this.store.readStream(streamId);
    try {
      const events = decider.decide({ ...command, metadata: { now } } as C, fold(decider, history as unknown as E[]));
      return { events, current: history.length };
    } catch (error) {
      if (error instanceof DomainError) return { error };
      throw error;
    }
  }

  private toStore<E extends DomainEvent>(
    decider: Decider<unknown, never, E>,
    streamId: string,
    events: readonly E[],
    context: RequestContext,
    now: string,
    effectiveAt?: string,
    eventEffectiveAt?: readonly (string | undefined)[],
  ): NewEvent[] {
    return events.map((event, index): NewEvent => {
      const at = eventEffectiveAt?.[index] ?? effectiveAt;
      return {
        eventId: this.eventId(streamId, context, index),
        type: event.type,
        schemaVersion: decider.schemaVersions[event.type as E['type']],
        data: event.data,
        metadata: {
          userId: context.userId,
          role: context.role,
          correlationId: context.correlationId,
          causationId: context.causationId,
          recordedAt: now,
          ...(at === undefined ? {} : { effectiveAt: at }),
        },
      };
    });
  }

  /** With an Idempotency-Key, event ids are derived from it, so a retried request finds its own events. */
  private eventId(streamId: string, context: RequestContext, index: number): string {
    if (context.idempotencyKey === undefined) return crypto.randomUUID();
    return uuidFromHash(`${context.userId}\n${streamId}\n${context.idempotencyKey}\n${index}`);
  }

  private alreadyRecorded(history: readonly StoredEvent[], streamId: string, context: RequestContext): CommandResult | undefined {
    if (context.idempotencyKey === undefined) return undefined;
    const firstId = this.eventId(streamId, context, 0);
    const first = history.findIndex((event) => event.eventId === firstId);
    if (first < 0) return undefined;
    let last = first;
    while (last + 1 < history.length && history[last + 1].eventId === this.eventId(streamId, context, last + 1 - first)) last++;
    return { version: history[last].streamRevision + 1, position: history[last].position };
  }

  /** Read-your-writes: answer once the read models show the change (it is durable either way). */
  private async awaitProjections(position: number): Promise<void> {
    if (!(await this.projections.waitFor(position, PROJECTION_WAIT_MS))) {
      this.logger.warn({ position }, 'projections lag behind an acknowledged write');
    }
  }
}
