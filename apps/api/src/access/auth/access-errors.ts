/** No credentials, or credentials that are wrong, expired or revoked. */
export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in, or send an API token as Authorization: Bearer <token>') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** Signed in, but the role does not allow this. */
export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** Too many failed sign-ins for this account or from this address. */
export class TooManyAttemptsError extends Error {
  readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-in attempts; try again in ${retryAfterSeconds < 120 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`}`);
    this.name = 'TooManyAttemptsError';
  }
}

/** Every slot for checking passwords is taken and the queue is full: try again shortly. */
export class PasswordCheckBusyError extends Error {
  readonly code = 'SIGN_IN_BUSY';
  readonly retryAfterSeconds = 5;
  constructor() {
    super('Too many people are signing in at this moment; try again in a few seconds');
    this.name = 'PasswordCheckBusyError';
  }
}
