import { ExpectedRevision } from './event-store.port';

/** A stream was not at the revision the writer expected. */
export class ConcurrencyError extends Error {
  readonly code = 'VERSION_CONFLICT';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId} was expected at ${describe(expected)} but is at ${describe(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

/** The store cannot take writes (disk full, read-only file, server unreachable). */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';

  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * An append was sent and no answer came back: a deadline passed, the connection dropped, the call
 * was cancelled, or the server's own write timed out. The events may be stored (EventStoreDB can
 * commit a write after it has answered that it timed out), or not. A retry with the same event ids
 * is recognised either way.
 */
export class AppendOutcomeUnknownError extends Error {
  readonly code = 'OUTCOME_UNKNOWN';

  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'AppendOutcomeUnknownError';
  }
}

/** The store refused the tracker's own account the right to do this (e.g. read `$all`): nothing was done. */
export class StoreAccessDeniedError extends Error {
  readonly code = 'STORE_ACCESS_DENIED';

  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreAccessDeniedError';
  }
}

/** The events are more than the store takes in one append: nothing was stored. */
export class AppendTooLargeError extends Error {
  readonly code = 'APPEND_TOO_LARGE';

  constructor(
    message: string,
    /** The store's limit, in bytes, where it said. */
    readonly maxBytes?: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'AppendTooLargeError';
  }
}

function describe(revision: ExpectedRevision | 'no_stream'): string {
  switch (revision) {
    case 'no_stream':
      return 'no stream';
    case 'any':
      return 'any revision';
    case 'stream_exists':
      return 'an existing stream';
    default:
      return `revision ${revision}`;
  }
}
