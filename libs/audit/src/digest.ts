import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * A digest pins a programme's chain head at a moment: "up to this position there were this many
 * events and the chain ended in this hash". Signed, and handed to someone outside the system, it
 * lets an auditor prove later that nothing up to that position has changed since.
 */
export interface Digest {
  readonly programmeId: string;
  /** Covers the programme's events at or before this global position. */
  readonly position: number;
  readonly eventCount: number;
  readonly headHash: string;
  /** ISO-8601 instant the digest was taken. */
  readonly takenAt: string;
  /** Why it was taken, e.g. "board meeting 2026-03-04" or "nightly". */
  readonly reason?: string;
  /**
   * keyFingerprint of the key that signed it, so a reader can tell at a glance which key to check
   * it with. Signed with the rest; digests taken before it existed simply lack it.
   */
  readonly keyFingerprint?: string;
}

/** The digest's fields plus an Ed25519 signature (base64) over canonicalJson of all the others. */
export interface SignedDigest extends Digest {
  readonly signature: string;
}

export interface SigningKeys {
  /** SPKI PEM: give this to auditors. */
  readonly publicKeyPem: string;
  /** PKCS#8 PEM: keep this secret; whoever holds it can sign digests. */
  readonly privateKeyPem: string;
}

const FIELDS = new Set(['programmeId', 'position', 'eventCount', 'headHash', 'takenAt', 'reason', 'keyFingerprint']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function signDigest(digest: Digest, privateKey: KeyObject): SignedDigest {
  assertEd25519(privateKey, 'private');
  const unsigned = checkedDigest(digest);
  const signature = sign(null, Buffer.from(canonicalJson(unsigned), 'utf8'), privateKey).toString('base64');
  return { ...unsigned, signature };
}

/** False for anything changed, added or removed since signing, or signed with another key. */
export function verifyDigest(signed: SignedDigest, publicKey: KeyObject): boolean {
  assertEd25519(publicKey, 'public');
  const { signature, ...digest } = signed;
  if (typeof signature !== 'string') return false;
  const bytes = Buffer.from(signature, 'base64');
  // Node's base64 decoder skips junk; insist on the one exact spelling so what was checked is what is shown.
  if (bytes.length !== 64 || bytes.toString('base64') !== signature) return false;
  let message: string;
  try {
    message = canonicalJson(digest);
  } catch {
    return false;
  }
  return verify(null, Buffer.from(message, 'utf8'), publicKey, bytes);
}

/**
 * The SHA-256 of a public key's SPKI (DER) form, as 64 lowercase hex digits: short enough to read
 * out over the phone or print on a board pack, and the same for the public key and its private half.
 */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function generateSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export function loadPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  assertEd25519(key, 'private');
  return key;
}

export function loadPublicKey(pem: string): KeyObject {
  // createPublicKey would happily derive the public half from a private key: refuse, so a private
  // key handed to an auditor by mistake is noticed rather than silently used.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new Error('This is a private key: give the auditor the public key only, and keep the private key secret.');
  }
  const key = createPublicKey(pem);
  assertEd25519(key, 'public');
  return key;
}

function assertEd25519(key: KeyObject, type: 'public' | 'private'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`Expected an Ed25519 ${type} key, got a ${key.asymmetricKeyType ?? key.type} ${key.type} key.`);
  }
}

/** Exactly the digest's fields, checked: a signature should never cover a typo or a stray field. */
function checkedDigest(digest: Digest): Digest {
  const stray = Object.keys(digest).filter((key) => !FIELDS.has(key));
  const problems = [
    stray.length > 0 && `unexpected field(s) ${stray.join(', ')}`,
    (typeof digest.programmeId !== 'string' || digest.programmeId === '') && 'programmeId must be a non-empty string',
    !isCount(digest.position) && 'position must be a whole number, 0 or more',
    !isCount(digest.eventCount) && 'eventCount must be a whole number, 0 or more',
    !/^[0-9a-f]{64}$/.test(digest.headHash) && 'headHash must be 64 lowercase hex digits',
    !(ISO_INSTANT.test(digest.takenAt) && !Number.isNaN(Date.parse(digest.takenAt))) && 'takenAt must be an ISO-8601 instant',
    digest.reason !== undefined && typeof digest.reason !== 'string' && 'reason must be a string',
    digest.keyFingerprint !== undefined && !/^[0-9a-f]{64}$/.test(digest.keyFingerprint) && 'keyFingerprint must be 64 lowercase hex digits',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) throw new Error(`Not a digest: ${problems.join('; ')}`);
  const { programmeId, position, eventCount, headHash, takenAt, reason, keyFingerprint } = digest;
  return {
    programmeId,
    position,
    eventCount,
    headHash,
    takenAt,
    ...(reason === undefined ? {} : { reason }),
    ...(keyFingerprint === undefined ? {} : { keyFingerprint }),
  };
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
