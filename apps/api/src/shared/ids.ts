import { createHash, randomUUID } from 'node:crypto';
import type { RequestContext } from './request-context';

/**
 * The id of something new a request creates (a finding, a decision, a note): derived from the
 * request's idempotency key (the Idempotency-Key header, or the key a form carries), so that a retry
 * or a second press of the button names the same thing and records it once; otherwise fresh. The
 * one place such ids are made, for the API and the pages alike. `scope` is the programme, if any.
 */
export function newIdFor(kind: string, scope: string | undefined, context: RequestContext): string {
  if (context.idempotencyKey === undefined) return randomUUID();
  return uuidFromHash([kind, ...(scope === undefined ? [] : [scope]), context.userId, context.idempotencyKey].join('\n'));
}

/** A name-based UUID (RFC 9562 v8 layout) from a SHA-256 of the name. */
export function uuidFromHash(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
