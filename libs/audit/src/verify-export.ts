import type { KeyObject } from 'node:crypto';
import type { StoredEvent } from '@tracker/event-store';
import { canonicalJson } from './canonical-json';
import { SignedDigest, keyFingerprint, loadPublicKey } from './digest';
import { ChainEntry, GENESIS, chainedForm } from './hash-chain';
import { KeyRotation, followRotations } from './key-rotation';
import { VerificationResult, coverageOf, verifyChain } from './verify-chain';

/**
 * An export an auditor can check offline with nothing but the file, the signed digests and the
 * public key.
 *
 * Format: JSON Lines, one stored event per line in position order, each line canonical JSON. A line
 * may also carry `chain: { previousHash, hash }`, the event's entry in the chain recorded when it was
 * stored. The signed digests are what make an export trustworthy; the chain hashes only help name the
 * event that changed, and are only as honest as whoever wrote the file.
 */
export interface ExportLine extends StoredEvent {
  readonly chain?: { readonly previousHash: string; readonly hash: string };
}

/** One line of an export (without the newline). */
export function exportLine(event: StoredEvent, chain?: { readonly previousHash: string; readonly hash: string }): string {
  const { previousHash, hash } = chain ?? {};
  return canonicalJson({ ...chainedForm(event), ...(chain === undefined ? {} : { chain: { previousHash, hash } }) });
}

/** What the auditor holds independently of the server, and the rotations the server recorded. */
export interface ExportCheckOptions {
  /** The auditor's own copy of the public key (SPKI PEM), kept apart from the server. */
  readonly trustedKeyPem?: string;
  /** The fingerprint (64 hex) of the key the auditor holds, e.g. off a board pack or a witness email. */
  readonly trustedFingerprint?: string;
  /** Recorded key rotations; by default those in the digest file ("rotations" of GET …/digests). */
  readonly rotations?: readonly KeyRotation[];
}

export interface ExportVerification extends VerificationResult {
  /**
   * True when the digests were checked against a key the auditor named (trustedKeyPem or
   * trustedFingerprint). False means only that the files agree with each other: whoever could
   * rewrite them could have re-signed them with a key of their own.
   */
  readonly keyPinned: boolean;
  /** The fingerprint of the key trust started from. */
  readonly trustedFingerprint?: string;
  /** Set when the files themselves cannot be used (not JSON, not an export, no digests…). */
  readonly unusable?: true;
}

/**
 * Checks an export against signed digests. `digestsJson` is a JSON array of signed digests, a single
 * signed digest, or the whole answer of GET …/digests ({ items, publicKey, rotations }).
 * `publicKeyPem` is the key that came with the files; name the key you hold in `options` so that the
 * check means more than "these files agree with each other".
 */
export function verifyExport(jsonlText: string, digestsJson: string, publicKeyPem?: string, options: ExportCheckOptions = {}): ExportVerification {
  const file = parseDigestFile(digestsJson);
  if (typeof file === 'string') return unusable(file);
  const { digests } = file;
  if (digests.length === 0) return unusable('no signed digests were given, so nothing vouches for this export');
  const rotations = options.rotations ?? file.rotations;
  const offered = publicKeyPem ?? file.publicKey;
  let given: KeyObject | undefined;
  let own: KeyObject | undefined;
  try {
    if (offered !== undefined) given = loadPublicKey(offered);
    if (options.trustedKeyPem !== undefined) own = loadPublicKey(options.trustedKeyPem);
  } catch (error) {
    return unusable(`the public key could not be used: ${error instanceof Error ? error.message : String(error)}`);
  }
  const wanted = options.trustedFingerprint?.trim().toLowerCase();
  if (wanted !== undefined && !/^[0-9a-f]{64}$/.test(wanted)) return unusable('the fingerprint given is not 64 hexadecimal digits');
  const pinned = own !== undefined || wanted !== undefined;
  let root: KeyObject | undefined;
  if (own !== undefined) {
    if (wanted !== undefined && keyFingerprint(own) !== wanted) {
      return refused(`the key you hold has fingerprint ${keyFingerprint(own)}, not ${wanted}: check which key and fingerprint you were given`, wanted);
    }
    root = own;
  } else if (wanted !== undefined) {
    // Only the fingerprint is held: any copy of the key whose fingerprint matches is that key.
    root = candidateKeys(given, rotations).find((key) => keyFingerprint(key) === wanted);
    if (root === undefined && given === undefined && rotations.length === 0) {
      return unusable(`no public key came with the files to match the fingerprint you hold (${wanted}) against: add the server's public key (the digest list of GET …/digests carries it) or your own copy of it`);
    }
    if (root === undefined) {
      const served = given === undefined ? '' : `the key that came with the files is ${keyFingerprint(given)}, `;
      return refused(`none of the keys given has the fingerprint you hold (${wanted}): ${served}and no recorded rotation signed by your key hands over to it, so the digests may have been signed by someone else`, wanted);
    }
  } else {
    root = given;
  }
  if (root === undefined) return unusable('no public key was given to check the digests with');
  const chain = followRotations(root, rotations);
  let result: VerificationResult;
  try {
    // Two lazy passes over the text, in step, rather than every parsed event held at once.
    result = verifyChain(events(jsonlText), { digests, publicKeys: chain.keys, recordedChain: recordedChain(jsonlText) });
  } catch (error) {
    if (error instanceof ExportFormatError) return unusable(error.message);
    throw error;
  }
  const trustedFingerprint = keyFingerprint(root);
  if (result.valid && chain.forged.length > 0) return { ...result, valid: false, problem: chain.forged[0], keyPinned: pinned, trustedFingerprint };
  return { ...result, keyPinned: pinned, trustedFingerprint };
}

function candidateKeys(given: KeyObject | undefined, rotations: readonly KeyRotation[]): KeyObject[] {
  const keys = given === undefined ? [] : [given];
  for (const rotation of rotations) {
    for (const pem of [rotation.fromPublicKeyPem, rotation.toPublicKeyPem]) {
      try {
        keys.push(loadPublicKey(pem));
      } catch {
        // A rotation carrying junk names no key; it is judged (and refused) when followed.
      }
    }
  }
  return keys;
}

class ExportFormatError extends Error {}

function unusable(problem: string): ExportVerification {
  return { valid: false, events: 0, headHash: GENESIS, problem, coverage: coverageOf(0, undefined), digestsChecked: [], keyPinned: false, unusable: true };
}

function refused(problem: string, trustedFingerprint: string): ExportVerification {
  return { valid: false, events: 0, headHash: GENESIS, problem, coverage: coverageOf(0, undefined), digestsChecked: [], keyPinned: true, trustedFingerprint };
}

function* events(text: string): Generator<StoredEvent> {
  for (const { line } of lines(text)) yield line;
}

function* recordedChain(text: string): Generator<ChainEntry> {
  for (const { line } of lines(text)) {
    if (line.chain) yield { position: line.position, eventId: line.eventId, ...line.chain };
  }
}

function* lines(text: string): Generator<{ line: ExportLine }> {
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i].replace(/\r$/, '');
    if (row.trim() !== '') yield { line: parseLine(row, i + 1) };
  }
}

const isString = (value: unknown) => typeof value === 'string';
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const isHash = (value: unknown) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

const LINE_FIELDS: Record<keyof ExportLine, (value: unknown) => boolean> = {
  eventId: isString,
  streamId: isString,
  streamRevision: isCount,
  position: isCount,
  type: isString,
  schemaVersion: isCount,
  data: (value) => value !== undefined,
  metadata: isObject,
  chain: (value) => value === undefined || (isObject(value) && isHash((value as ExportLine['chain'])?.previousHash) && isHash((value as ExportLine['chain'])?.hash)),
};

function parseLine(row: string, lineNumber: number): ExportLine {
  let value: unknown;
  try {
    value = JSON.parse(row);
  } catch {
    throw new ExportFormatError(`line ${lineNumber} of the export is not valid JSON, so the export cannot be checked`);
  }
  if (!isObject(value)) throw new ExportFormatError(`line ${lineNumber} of the export is not a stored event`);
  const record = value as Record<string, unknown>;
  // Every field must be one the chain covers (or the chain itself), so nothing in the file is unvouched.
  const wrong = [
    ...Object.keys(record).filter((key) => !(key in LINE_FIELDS)),
    ...Object.entries(LINE_FIELDS)
      .filter(([key, valid]) => !valid(record[key]))
      .map(([key]) => key),
  ];
  if (wrong.length > 0) throw new ExportFormatError(`line ${lineNumber} of the export is not a stored event: unexpected, missing or malformed ${wrong.join(', ')}`);
  return record as unknown as ExportLine;
}

const DIGEST_FIELDS: Record<keyof SignedDigest, (value: unknown) => boolean> = {
  programmeId: isString,
  position: isCount,
  eventCount: isCount,
  headHash: isString,
  takenAt: isString,
  reason: (value) => value === undefined || isString(value),
  keyFingerprint: (value) => value === undefined || isHash(value),
  signature: isString,
};

const ROTATION_FIELDS: Record<keyof KeyRotation, (value: unknown) => boolean> = {
  fromFingerprint: isHash,
  fromPublicKeyPem: isString,
  toFingerprint: isHash,
  toPublicKeyPem: isString,
  rotatedAt: isString,
  signature: isString,
};

interface DigestFile {
  readonly digests: SignedDigest[];
  readonly rotations: KeyRotation[];
  readonly publicKey?: string;
}

function parseDigestFile(json: string): DigestFile | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'the digest file is not valid JSON';
  }
  const record = isObject(value) ? (value as Record<string, unknown>) : undefined;
  // A single digest, as a witness delivers it; or the digest list as GET …/digests answers it.
  const items = Array.isArray(value) ? value : record && 'signature' in record ? [record] : record?.items;
  if (!Array.isArray(items)) return 'the digest file is not a JSON array of signed digests, one signed digest, or the answer of GET …/digests';
  const digests = checkDigests(items);
  if (typeof digests === 'string') return digests;
  const rotations = record?.rotations ?? [];
  if (!Array.isArray(rotations)) return 'the "rotations" of the digest file are not a list';
  for (const [i, rotation] of rotations.entries()) {
    const wrong = isObject(rotation) ? Object.entries(ROTATION_FIELDS).filter(([key, valid]) => !valid((rotation as Record<string, unknown>)[key])) : [];
    if (!isObject(rotation) || wrong.length > 0) return `rotation ${i + 1} in the digest file is not a key rotation${wrong.length > 0 ? `: missing or malformed ${wrong.map(([key]) => key).join(', ')}` : ''}`;
  }
  const publicKey = typeof record?.publicKey === 'string' ? record.publicKey : undefined;
  return { digests, rotations: rotations as KeyRotation[], ...(publicKey === undefined ? {} : { publicKey }) };
}

function checkDigests(value: unknown[]): SignedDigest[] | string {
  for (const [i, digest] of value.entries()) {
    const wrong = isObject(digest) ? Object.entries(DIGEST_FIELDS).filter(([key, valid]) => !valid((digest as Record<string, unknown>)[key])) : [];
    if (!isObject(digest) || wrong.length > 0) {
      return `digest ${i + 1} in the digest file is not a signed digest${wrong.length > 0 ? `: missing or malformed ${wrong.map(([key]) => key).join(', ')}` : ''}`;
    }
  }
  return value as SignedDigest[];
}
