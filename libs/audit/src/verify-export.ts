import type { KeyObject } from 'node:crypto';
import type { StoredEvent } from '@tracker/event-store';
import { canonicalJson } from './canonical-json';
import { SignedDigest, loadPublicKey } from './digest';
import { ChainEntry, GENESIS, chainedForm } from './hash-chain';
import { VerificationResult, verifyChain } from './verify-chain';

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

export function verifyExport(jsonlText: string, digestsJson: string, publicKeyPem: string): VerificationResult {
  let publicKey: KeyObject;
  try {
    publicKey = loadPublicKey(publicKeyPem);
  } catch (error) {
    return unusable(`the public key could not be used: ${error instanceof Error ? error.message : String(error)}`);
  }
  const digests = parseDigests(digestsJson);
  if (typeof digests === 'string') return unusable(digests);
  if (digests.length === 0) return unusable('no signed digests were given, so nothing vouches for this export');
  try {
    // Two lazy passes over the text, in step, rather than every parsed event held at once.
    return verifyChain(events(jsonlText), { digests, publicKey, recordedChain: recordedChain(jsonlText) });
  } catch (error) {
    if (error instanceof ExportFormatError) return unusable(error.message);
    throw error;
  }
}

class ExportFormatError extends Error {}

function unusable(problem: string): VerificationResult {
  return { valid: false, events: 0, headHash: GENESIS, problem };
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

function parseDigests(json: string): SignedDigest[] | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'the digest file is not valid JSON';
  }
  if (!Array.isArray(value)) return 'the digest file is not a JSON array of signed digests';
  for (const [i, digest] of value.entries()) {
    const wrong = isObject(digest) ? Object.entries(DIGEST_FIELDS).filter(([key, valid]) => !valid((digest as Record<string, unknown>)[key])) : [];
    if (!isObject(digest) || wrong.length > 0) {
      return `digest ${i + 1} in the digest file is not a signed digest${wrong.length > 0 ? `: missing or malformed ${wrong.map(([key]) => key).join(', ')}` : ''}`;
    }
  }
  return value as SignedDigest[];
}
