/** One small hierarchy with stable codes; the HTTP layer maps each code to a status in one place. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export interface FieldProblem {
  readonly field: string;
  readonly problem: string;
}

/** The request is well-formed but a value breaks a rule (e.g. a go-live date in the past). */
export class InvalidCommandError extends DomainError {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((p) => `${p.field} ${p.problem}`).join('; '));
    this.name = 'InvalidCommandError';
  }
}

/** The thing named does not exist (or is not visible to the caller). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';

  /** `message` where "No … with id …" would not say why (a thing that exists only later). */
  constructor(readonly what: string, readonly id: string, message?: string) {
    super(message ?? `No ${what} with id ${id}`);
    this.name = 'NotFoundError';
  }
}

/** The command is not allowed in the current state; the message says why, in words. */
export class IllegalStateError extends DomainError {
  readonly code: string = 'ILLEGAL_STATE';

  constructor(message: string) {
    super(message);
    this.name = 'IllegalStateError';
  }
}

/** A register already holds an item with this reference (or the directory a person with this email). */
export class DuplicateReferenceError extends IllegalStateError {
  override readonly code = 'DUPLICATE_REFERENCE';

  /** @param field the field the taken value was given in, so that a form shows the refusal there */
  constructor(
    message: string,
    readonly field = 'reference',
  ) {
    super(message);
    this.name = 'DuplicateReferenceError';
  }
}
