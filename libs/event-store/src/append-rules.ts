import { AppendResult, ExpectedRevision, NewEvent } from './event-store.port';
import { ConcurrencyError } from './errors';

/** Throws unless a stream at `actual` (undefined: no stream) satisfies `expected`. */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!ok) throw new ConcurrencyError(streamId, expected, actual ?? 'no_stream');
}

export interface StoredIdentity {
  readonly streamId: string;
  readonly streamRevision: number;
  readonly position: number;
}

/**
 * A retried append carries event ids that are already stored. When every id is stored, in this
 * stream, the retry succeeds with the original result; a partial overlap is a caller's bug.
 * Returns undefined when none of the ids is stored (a fresh append).
 */
export function originalAppend(
  streamId: string,
  events: readonly NewEvent[],
  lookup: (eventId: string) => StoredIdentity | undefined,
): AppendResult | undefined {
  const found = events.map((event) => lookup(event.eventId));
  if (found.every((identity) => identity === undefined)) return undefined;
  const last = found[found.length - 1];
  if (found.some((identity) => identity === undefined || identity.streamId !== streamId) || last === undefined) {
    throw new Error(`Some of these event ids are already stored elsewhere; an append retry must repeat the whole append to ${streamId}`);
  }
  return { nextExpectedRevision: last.streamRevision, position: last.position };
}

export function assertAppendable(streamId: string, events: readonly NewEvent[]): void {
  if (streamId.length === 0) throw new Error('A stream id is required');
  if (events.length === 0) throw new Error(`Nothing to append to ${streamId}`);
  const ids = new Set(events.map((event) => event.eventId));
  if (ids.size !== events.length) throw new Error(`An append to ${streamId} repeats an event id`);
}

export function assertAppendableAll(appends: readonly { streamId: string; events: readonly NewEvent[] }[]): void {
  if (appends.length === 0) throw new Error('Nothing to append');
  const streams = new Set<string>();
  for (const { streamId, events } of appends) {
    assertAppendable(streamId, events);
    if (streams.has(streamId)) throw new Error(`An append to several streams names ${streamId} twice`);
    streams.add(streamId);
  }
  const ids = new Set(appends.flatMap(({ events }) => events.map((event) => event.eventId)));
  if (ids.size !== appends.reduce((sum, { events }) => sum + events.length, 0)) throw new Error('An append to several streams repeats an event id');
}

/** ISO-8601 in one canonical form, so that recorded times compare as strings. */
export function canonicalInstant(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Not an instant: ${value}`);
  return date.toISOString();
}

export function maxInstant(a: string, b: string): string {
  return a >= b ? a : b;
}
