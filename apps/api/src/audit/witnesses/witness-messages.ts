import { createHmac } from 'node:crypto';
import type { SignedDigest } from '@tracker/audit';

/** What a witness receives, worked out from the digest alone: nothing here reads the server's state. */
export interface WitnessedDigest {
  readonly programmeId: string;
  readonly programmeName: string;
  readonly digest: SignedDigest;
  readonly keyFingerprint: string;
  readonly publicKeyPem: string;
}

/** The first retry waits 30 s, each later one twice as long, never more than an hour; none is ever the last. */
export const FIRST_RETRY_SECONDS = 30;
export const LONGEST_RETRY_SECONDS = 60 * 60;

export function retryDelaySeconds(attemptsMade: number): number {
  return Math.min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, Math.min(attemptsMade - 1, 20)));
}

/** The name of the attachment: what `verify-export` reads as its digests file. */
export const digestFileName = (digest: SignedDigest) => `digest-${digest.programmeId}-${digest.position}.json`;

/** A JSON array holding the one signed digest, exactly as `npm run verify-export` accepts it. */
export const digestFile = (digest: SignedDigest) => `${JSON.stringify([digest], null, 2)}\n`;

export function emailOf(witnessed: WitnessedDigest): { subject: string; text: string; attachments: { filename: string; content: string; contentType: string }[] } {
  const { digest, programmeName, keyFingerprint } = witnessed;
  const file = digestFileName(digest);
  const text = [
    `A signed digest of the history of ${programmeName} has been taken. You are one of its witnesses:`,
    'keep this email. It lets anyone show later that the history up to this point has not been',
    'changed since, even by someone who controls the tracker’s server and its data.',
    '',
    `Programme:        ${programmeName} (${witnessed.programmeId})`,
    `Position:         ${digest.position}`,
    `Events covered:   ${digest.eventCount}`,
    `Head hash:        ${digest.headHash}`,
    `Taken at:         ${digest.takenAt}`,
    `Reason:           ${digest.reason ?? 'none given'}`,
    `Key fingerprint:  ${keyFingerprint}`,
    '',
    'How to check it',
    '',
    `1. Compare the key fingerprint above with the one you hold independently of this server (given`,
    '   to you when the tracker was set up, on paper or by another channel). If they differ, this',
    '   digest was not signed by the key you trust: do not rely on it, and say so.',
    `2. Save the attachment ${file} (and public-key.pem, the key that signed it; check that its`,
    '   fingerprint is the one you hold).',
    '3. Download the programme’s audit trail as JSON Lines: "Download the trail as JSON Lines" on its',
    `   Audit trail page, or GET /api/programmes/${witnessed.programmeId}/audit?format=jsonl, saved as audit.jsonl.`,
    '4. In a copy of the tracker’s repository, run, with the fingerprint YOU hold (not one copied from a server):',
    '',
    `   npm run verify-export -- audit.jsonl ${file} public-key.pem --fingerprint <the fingerprint you hold>`,
    '',
    '   It should end "Checked against the key you hold". If any of the events up to position',
    `   ${digest.position} was altered, removed or inserted after this digest was taken, it names the first such event;`,
    '   it also says how many later events no digest covers. Keep every one of these emails.',
    '',
    'This email was sent by the transition tracker. The digest is signed with Ed25519; the server cannot',
    'take it back or change it once this email has left it.',
  ].join('\n');
  return {
    subject: `Signed digest of ${programmeName}: position ${digest.position}, ${digest.eventCount} events`,
    text: `${text}\n`,
    attachments: [
      { filename: file, content: digestFile(digest), contentType: 'application/json' },
      { filename: 'public-key.pem', content: witnessed.publicKeyPem, contentType: 'application/x-pem-file' },
    ],
  };
}

export const SIGNATURE_HEADER = 'x-tracker-signature';

/** The webhook's JSON body and its headers; with a secret, `x-tracker-signature: sha256=<HMAC-SHA256 of the body, hex>`. */
export function webhookOf(witnessed: WitnessedDigest, deliveryId: number, secret?: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ digest: witnessed.digest, keyFingerprint: witnessed.keyFingerprint, programme: { id: witnessed.programmeId, name: witnessed.programmeName } });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'transition-tracker-witness',
      // The same digest may arrive twice (a reply lost on the way back): this tells the receiver it is one.
      'x-tracker-delivery': String(deliveryId),
      ...(secret === undefined ? {} : { [SIGNATURE_HEADER]: webhookSignature(body, secret) }),
    },
  };
}

export const webhookSignature = (body: string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** An error in words, with its cause when it has one (fetch says only "fetch failed"). */
export function errorInWords(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : undefined;
  return causeText && !error.message.includes(causeText) ? `${error.message}: ${causeText}` : error.message;
}
