import { HttpProblem } from './http-problem';

/**
 * Every slot for a piece of heavy work (a replay of the past, a large export…) is taken and its
 * queue is full: refused at once with 503 and Retry-After rather than piled up.
 */
export class ServerBusyError extends HttpProblem {
  readonly code = 'SERVER_BUSY';
  readonly status = 503;
  constructor(
    /** What was refused, in a user's words, e.g. "Other views of the past are being worked out". */
    what = 'The server is busy with other heavy work',
    override readonly retryAfterSeconds = 5,
  ) {
    super(`${what} at this moment; nothing was changed. Try again in a few seconds.`);
    this.name = 'ServerBusyError';
  }
}
