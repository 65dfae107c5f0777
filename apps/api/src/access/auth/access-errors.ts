import { HttpProblem } from '../../shared/http-problem';

/** No credentials, or credentials that are wrong, expired or revoked. */
export class UnauthenticatedError extends HttpProblem {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in, or send an API token as Authorization: Bearer <token>') {
    super(message);
    this.name = 'UnauthenticatedError';
  }

  override headers(): Record<string, string> {
    return { 'www-authenticate': 'Bearer realm="transition-tracker"' };
  }
}

/** Signed in, but the role does not allow this. */
export class ForbiddenError extends HttpProblem {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }

  override body() {
    return { ...super.body(), message: `${this.message}; nothing was recorded.` };
  }
}

/** Too many failed sign-ins for this account or from this address. */
export class TooManyAttemptsError extends HttpProblem {
  readonly status = 429;
  readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(override readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts; try again in ${retryAfterSeconds < 120 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`}`);
    this.name = 'TooManyAttemptsError';
  }
}

/** Every slot for checking passwords is taken and the queue is full: try again shortly. */
export class PasswordCheckBusyError extends HttpProblem {
  readonly status = 503;
  readonly code = 'SIGN_IN_BUSY';
  override readonly retryAfterSeconds = 5;
  constructor() {
    super('Too many people are signing in at this moment; try again in a few seconds');
    this.name = 'PasswordCheckBusyError';
  }

  override body() {
    return { ...super.body(), message: `${this.message}; nothing was recorded.` };
  }
}
