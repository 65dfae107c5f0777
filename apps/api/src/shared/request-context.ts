import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { InvalidCommandError } from '@tracker/domain';

/** Who is asking and in which conversation: taken from the request, never from its body. */
export interface RequestContext {
  readonly userId: string;
  readonly role: string;
  readonly correlationId: string;
  /** The request itself is what causes the events it records. */
  readonly causationId: string;
  /** From Idempotency-Key: a retried request records nothing new and gets the first answer again. */
  readonly idempotencyKey?: string;
  /** From If-Match: the version the client's change was based on. */
  readonly expectedVersion?: number;
}

export interface Principal {
  readonly userId: string;
  readonly role: string;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A client's correlation id is kept when it is a plain token, so logs across systems line up. */
export function correlationIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}

export function requestContextOf(request: FastifyRequest): RequestContext {
  const principal = (request as FastifyRequest & { principal?: Principal }).principal;
  return {
    userId: principal?.userId ?? 'anonymous',
    role: principal?.role ?? 'anonymous',
    correlationId: String(request.id),
    causationId: `request:${randomUUID()}`,
    idempotencyKey: idempotencyKeyOf(request.headers['idempotency-key']) ?? formKeyOf(request.body),
    expectedVersion: expectedVersionOf(request.headers['if-match']),
  };
}

function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !SAFE_ID.test(header)) {
    throw new InvalidCommandError([{ field: 'Idempotency-Key', problem: 'must be 1 to 128 letters, digits or . _ : -' }]);
  }
  return header;
}

const FORM_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A form's own idempotency key: each form the pages show carries a fresh one (`_idempotency`), and
 * with the answers it makes the key of the submission. The same answers sent twice (a second press,
 * a refresh that posts again) record once and answer as the first; answers changed after going
 * back are a new submission.
 */
function formKeyOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { _idempotency: key, ...answers } = body as Record<string, unknown>;
  if (typeof key !== 'string' || !FORM_KEY.test(key)) return undefined;
  const text = Object.keys(answers)
    .sort()
    .map((name) => [name, answers[name]])
    .filter(([, value]) => typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')));
  return `form.${key}.${createHash('sha256').update(JSON.stringify(text)).digest('hex').slice(0, 32)}`;
}

/** Accepts the ETag we send ("3"), its weak form (W/"3") and a bare 3. */
function expectedVersionOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim()) : null;
  if (!match) throw new InvalidCommandError([{ field: 'If-Match', problem: 'must be a version as sent in the ETag header, e.g. "3"' }]);
  return Number(match[1]);
}

export const Context = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestContextOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
