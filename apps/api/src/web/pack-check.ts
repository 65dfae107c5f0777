import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { CheckedDigest, SignedDigest, VerificationResult } from '@tracker/audit';
import { SignedDigestRequest } from '../audit/queries/verify-chain/verify-chain.request.dto';

/** More than any digest, pasted or in a saved page: beyond it the text is refused unread. */
export const PACK_CHECK_MAX_CHARS = 1_000_000;

/** The signed digest in what a board member pasted or uploaded, or the problem with it in words. */
export type DigestAnswer = { readonly digest: SignedDigest } | { readonly problem: string };

const FIELD_NAMES: Record<string, string> = {
  programmeId: 'programme',
  position: 'position',
  eventCount: 'event count',
  headHash: 'chain head',
  takenAt: 'time it was prepared',
  keyFingerprint: 'key fingerprint',
  signature: 'signature',
};

/**
 * Finds the signed digest in the text: the digest alone (as the pack prints it), or anywhere in a
 * saved pack page or a longer paste — the first flat `{ … }` that names a signature. Line breaks a
 * PDF reader adds when copying long values are taken out; nothing else is changed, so a digest
 * altered in any way fails its signature rather than being mended.
 */
export function digestIn(text: string, programmeId: string): DigestAnswer {
  if (text.trim() === '') return { problem: 'Enter the signed digest, or choose a file that holds it' };
  if (text.length > PACK_CHECK_MAX_CHARS) return { problem: `The signed digest must be shorter than ${PACK_CHECK_MAX_CHARS.toLocaleString('en-GB')} characters: paste only the part between { and } at the end of the pack` };
  const unescaped = text.replace(/&quot;|&#34;/g, '"');
  // Flat objects only: a digest holds no object within it, and a bounded pattern cannot backtrack far.
  const candidate = /\{[^{}]*"signature"[^{}]*\}/.exec(unescaped)?.[0];
  if (candidate === undefined) return { problem: 'The signed digest must be the text between { and } under “Checking this pack”, including its signature' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(candidate.replace(/\r?\n/g, ''));
  } catch {
    return { problem: 'The signed digest could not be read: copy all of it, from { to }, without changing anything' };
  }
  const request = plainToInstance(SignedDigestRequest, parsed);
  const errors = validateSync(request, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const { property, constraints } = errors[0];
    return { problem: `The signed digest’s ${FIELD_NAMES[property] ?? property} ${Object.values(constraints ?? {})[0] ?? 'is not right'}` };
  }
  if (request.programmeId !== programmeId) return { problem: 'The signed digest is for another programme: check it on that programme’s page' };
  return { digest: parsed as SignedDigest };
}

/** What the check found, in the words a board member reads. */
export interface PackCheckOutcome {
  /** The pack's own digest checked out: signed by a trusted key, and its events unchanged. */
  readonly genuine: boolean;
  /** Nothing anywhere in the history contradicts the digests. */
  readonly historyIntact: boolean;
  readonly checked?: CheckedDigest;
  readonly problem?: string;
}

/** The given digest among those that checked out, and whatever else the check found. */
export function packCheckOutcome(digest: SignedDigest, result: VerificationResult): PackCheckOutcome {
  // A digest the tracker holds with the same figures checks out too: the given one is genuine only if nothing was said against it.
  const against = result.problem?.includes(`the digest at position ${digest.position} (taken ${digest.takenAt})`) ?? false;
  const checked = against ? undefined : result.digestsChecked.find((d) => d.position === digest.position && d.eventCount === digest.eventCount && d.headHash === digest.headHash && d.takenAt === digest.takenAt);
  return {
    genuine: checked !== undefined,
    historyIntact: result.valid,
    ...(checked === undefined ? {} : { checked }),
    ...(result.problem === undefined ? {} : { problem: result.problem }),
  };
}
