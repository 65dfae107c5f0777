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
