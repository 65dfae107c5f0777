import { ArgumentMetadata, ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DomainError, FieldProblem, IllegalStateError, InvalidCommandError, NotFoundError } from '@tracker/domain';
import { ConcurrencyError, StoreUnavailableError } from '@tracker/event-store';
import { LOGGER } from '../infrastructure/tokens';
import { PreconditionFailedError } from './command-runner';
import { ForbiddenError, PasswordCheckBusyError, TooManyAttemptsError, UnauthenticatedError } from '../access/auth/access-errors';
import { ImportProblem, ImportRefusedError } from '../spreadsheets/import-refused.error';
import { ImportBusyError, SpreadsheetTooLargeError } from '../spreadsheets/workbook-guard';
import { PdfUnavailableError } from '../web/pdf-printer';
import { ServerBusyError } from './server-busy';

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: readonly unknown[];
  /** A refused import: its problems by row and column (the first 1,000), and how many in all. */
  readonly problems?: readonly ImportProblem[];
  readonly totalProblems?: number;
}

/** The one place errors become HTTP answers. No stack trace ever leaves the server. */
export function toHttpError(error: unknown, correlationId: string): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  const answer = (status: number, code: string, message: string, details: readonly unknown[] = []) => ({
    status,
    body: { code, message, details },
  });
  /** Refused for now, with when to try again. */
  const later = (status: number, refusal: { code: string; retryAfterSeconds: number }, message: string) => ({
    ...answer(status, refusal.code, message),
    headers: { 'retry-after': String(refusal.retryAfterSeconds) },
  });
  if (error instanceof UnauthenticatedError) {
    return { ...answer(401, error.code, error.message), headers: { 'www-authenticate': 'Bearer realm="transition-tracker"' } };
  }
  if (error instanceof ForbiddenError) return answer(403, error.code, `${error.message}; nothing was recorded.`);
  if (error instanceof TooManyAttemptsError) return later(429, error, error.message);
  if (error instanceof PasswordCheckBusyError) return later(503, error, `${error.message}; nothing was recorded.`);
  if (error instanceof InvalidCommandError) {
    return answer(400, error.code, 'The request has invalid fields; nothing was recorded.', error.problems);
  }
  if (error instanceof SpreadsheetTooLargeError) return answer(413, error.code, error.message);
  if (error instanceof ImportBusyError) return later(503, error, error.message);
  if (error instanceof ServerBusyError) return later(error.status, error, error.message);
  if (error instanceof ImportRefusedError) {
    return { status: 422, body: { code: error.code, message: error.message, details: [], problems: error.problems, totalProblems: error.totalProblems } };
  }
  if (error instanceof NotFoundError) return answer(404, error.code, error.message);
  if (error instanceof IllegalStateError) return answer(409, error.code, `${error.message}; nothing was recorded.`);
  if (error instanceof PreconditionFailedError) {
    return answer(412, error.code, error.message, [{ expectedVersion: error.expected, actualVersion: error.actual }]);
  }
  if (error instanceof ConcurrencyError) {
    return answer(409, error.code, 'Someone else changed this at the same moment; nothing was recorded. Please try again.');
  }
  if (error instanceof StoreUnavailableError) {
    return answer(503, error.code, 'The event store cannot take changes right now; nothing was recorded. Reading still works.');
  }
  if (error instanceof PdfUnavailableError) {
    const where = error.printablePage ? `. The printable page is at ${error.printablePage}: print it from a browser.` : '.';
    return answer(503, error.code, `${error.message}${where}`, error.printablePage ? [{ printablePage: error.printablePage }] : []);
  }
  if (error instanceof DomainError) return answer(400, error.code, error.message);
  const status = httpStatusOf(error);
  if (status !== undefined && status < 500) {
    return answer(status, codeForStatus(status), messageForStatus(status, error));
  }
  // An unexpected failure may come after a commit, so it never claims that nothing was recorded.
  return answer(
    500,
    'INTERNAL_ERROR',
    `Something went wrong on our side. A change you were making may or may not have been recorded: look before trying again, or repeat the request with the same Idempotency-Key, which never records twice. Quote ${correlationId} when reporting it.`,
  );
}

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BAD_REQUEST',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    406: 'NOT_ACCEPTABLE',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
  };
  return codes[status] ?? 'BAD_REQUEST';
}

function messageForStatus(status: number, error: unknown): string {
  if (status === 413) return 'The request body is larger than this server accepts; nothing was recorded.';
  if (status === 415) return 'Send the request body as JSON (Content-Type: application/json).';
  if (status === 404) return 'There is nothing at this address.';
  // Fastify's own words for an unreadable body ("Body is not valid JSON…") are clear enough to pass on.
  return `${error instanceof Error ? error.message : 'The request could not be understood'}; nothing was recorded.`;
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // A browser asking for a page without a session is sent to sign in, not shown JSON.
    if (error instanceof UnauthenticatedError && request.method === 'GET' && !request.url.startsWith('/api/')) {
      void reply.redirect(`/sign-in`, 303);
      return;
    }
    const { status, body, headers } = toHttpError(error, String(request.id));
    if (status >= 500) this.logger.error({ err: error, reqId: request.id }, 'request failed');
    void reply.status(status).headers(headers ?? {}).send(body);
  }
}

/** class-validator's nested errors as one flat list of field paths and problems. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem: withoutFieldName(problem, error.property) }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** class-validator starts messages with the property name; the field is already named beside it. */
function withoutFieldName(problem: string, property: string): string {
  return problem.startsWith(`${property} `) ? problem.slice(property.length + 1) : problem;
}

/** A body must be a JSON object before its fields can be checked. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return super.transform(value, metadata);
    // No body at all is an empty object: required fields are then named one by one.
    if (value === undefined) return super.transform({}, metadata);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidCommandError([{ field: 'body', problem: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // One problem per field: a missing field is "missing", not also "too long" and "not a string".
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidCommandError(fieldProblems(errors)),
  });
}
