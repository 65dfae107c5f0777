/** What an error answers beyond its status: its code, message and details, and any extra fields. */
export interface ProblemBody {
  readonly code: string;
  readonly message: string;
  readonly details: readonly unknown[];
  readonly [extra: string]: unknown;
}

/**
 * An error of the application's own that knows its HTTP answer. The features' refusals (a sign-in
 * refused, a spreadsheet too large, a PDF that cannot be printed) extend it, so the one place
 * errors become answers (`http-errors.ts`) needs to know none of them, and this floor imports
 * nothing from the features above it.
 */
export abstract class HttpProblem extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Seconds until it is worth trying again: sent as Retry-After. */
  readonly retryAfterSeconds?: number;

  /** The answer's body: by default the code, the message and no details. */
  body(): ProblemBody {
    return { code: this.code, message: this.message, details: [] };
  }

  headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? {} : { 'retry-after': String(this.retryAfterSeconds) };
  }
}
