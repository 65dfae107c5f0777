import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DomainError, IllegalStateError, InvalidCommandError, NotFoundError } from '@tracker/domain';
import { AppendOutcomeUnknownError, AppendTooLargeError, ConcurrencyError, StoreAccessDeniedError, StoreUnavailableError } from '@tracker/event-store';
import { LOGGER } from '../infrastructure/tokens';
import { PreconditionFailedError } from './command-runner';
import { HttpProblem } from './http-problem';

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: readonly unknown[];
  /** What an error of the application's own adds, e.g. a refused import's problems. */
  readonly [extra: string]: unknown;
}

/** The one place errors become HTTP answers. No stack trace ever leaves the server. */
export function toHttpError(error: unknown, correlationId: string): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  const answer = (status: number, code: string, message: string, details: readonly unknown[] = []) => ({
    status,
    body: { code, message, details },
  });
  // The application's own refusals know their answers (sign-in, imports, PDFs, a busy server).
  if (error instanceof HttpProblem) return { status: error.status, body: error.body(), headers: error.headers() };
  if (error instanceof InvalidCommandError) {
    return answer(400, error.code, 'The request has invalid fields; nothing was recorded.', error.problems);
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
  // Sent, and not confirmed: it may have been stored, so the answer never says that nothing was.
  if (error instanceof AppendOutcomeUnknownError) {
    return {
      ...answer(
        503,
        error.code,
        'The event store did not confirm this change in time, so it may or may not have been recorded. Repeat the request with the same Idempotency-Key: it is then recorded once, or answered with what was recorded. Without a key, look before trying again, or it may be recorded twice.',
      ),
      headers: { 'retry-after': '2' },
    };
  }
  if (error instanceof StoreAccessDeniedError) {
    return answer(
      503,
      error.code,
      "The event store refused the tracker's own account the rights this needs; nothing was recorded. Its administrator must grant them (see Running on EventStoreDB in the README).",
    );
  }
  if (error instanceof AppendTooLargeError) {
    const limit = error.maxBytes === undefined ? '' : ` (at most ${error.maxBytes.toLocaleString('en-GB')} bytes)`;
    return answer(413, error.code, `This change is larger than the event store takes in one write${limit}; nothing was recorded. Make it in smaller parts, e.g. import fewer rows at a time.`);
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
    if (error instanceof HttpProblem && error.status === 401 && request.method === 'GET' && !request.url.startsWith('/api/')) {
      void reply.redirect(`/sign-in`, 303);
      return;
    }
    const { status, body, headers } = toHttpError(error, String(request.id));
    if (status >= 500) this.logger.error({ err: error, reqId: request.id }, 'request failed');
    void reply.status(status).headers(headers ?? {}).send(body);
  }
}
