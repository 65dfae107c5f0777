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
    super(`Too many failed sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`);
    this.name = 'TooManyAttemptsError';
  }
}
