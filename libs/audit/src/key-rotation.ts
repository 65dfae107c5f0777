import { KeyObject, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { keyFingerprint, loadPublicKey } from './digest';

/**
 * A recorded change of signing key: the old key signs "the key with this fingerprint follows me
 * from this instant". Whoever trusts the old key can then trust digests signed by the new one, and
 * nobody can make such a record without the old private key.
 */
export interface KeyRotation {
  readonly fromFingerprint: string;
  /** The old key's public half (SPKI PEM), so a reader holding only its fingerprint can check the signature. */
  readonly fromPublicKeyPem: string;
  readonly toFingerprint: string;
  readonly toPublicKeyPem: string;
  /** ISO-8601 instant from which the new key signs; the old key signs nothing after it. */
  readonly rotatedAt: string;
  /** Ed25519 signature (base64) by the OLD key over canonicalJson of every other field. */
  readonly signature: string;
}

/** A key digests may be checked with, and the span it was trusted for. */
export interface TrustedKey {
  readonly key: KeyObject;
  readonly fingerprint: string;
  /** Set when a rotation retired it: digests it signed after this instant are not accepted. */
  readonly retiredAt?: string;
}

export function signRotation(oldPrivateKey: KeyObject, newPublicKey: KeyObject, rotatedAt: string): KeyRotation {
  const from = createPublicKey(oldPrivateKey);
  const to = newPublicKey.type === 'private' ? createPublicKey(newPublicKey) : newPublicKey;
  const unsigned = {
    fromFingerprint: keyFingerprint(from),
    fromPublicKeyPem: from.export({ type: 'spki', format: 'pem' }).toString(),
    toFingerprint: keyFingerprint(to),
    toPublicKeyPem: to.export({ type: 'spki', format: 'pem' }).toString(),
    rotatedAt,
  };
  if (unsigned.fromFingerprint === unsigned.toFingerprint) throw new Error('The new key is the key already in use: nothing to rotate');
  return { ...unsigned, signature: sign(null, Buffer.from(canonicalJson(unsigned), 'utf8'), oldPrivateKey).toString('base64') };
}

/** True when `fromKey` signed exactly this rotation, and the keys it names are the keys it carries. */
export function verifyRotation(rotation: KeyRotation, fromKey: KeyObject): boolean {
  try {
    const { signature, ...unsigned } = rotation;
    if (keyFingerprint(fromKey) !== rotation.fromFingerprint) return false;
    if (keyFingerprint(loadPublicKey(rotation.toPublicKeyPem)) !== rotation.toFingerprint) return false;
    if (keyFingerprint(loadPublicKey(rotation.fromPublicKeyPem)) !== rotation.fromFingerprint) return false;
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.length !== 64 || bytes.toString('base64') !== signature) return false;
    return verify(null, Buffer.from(canonicalJson(unsigned), 'utf8'), fromKey.type === 'private' ? createPublicKey(fromKey) : fromKey, bytes);
  } catch {
    return false;
  }
}

export interface KeyChain {
  /** The trusted key first, then each key a valid rotation handed over to, in order. */
  readonly keys: readonly TrustedKey[];
  /** Rotations that claim to come from a trusted key but that key did not sign them: forgeries. */
  readonly forged: readonly string[];
}

/**
 * Follows rotations from the key a reader trusts: each rotation from the newest trusted key, signed
 * by it, hands trust to the next. Rotations from other keys (earlier ones, or strangers) are passed
 * over; one that claims to come from a trusted key without its signature is reported as forged.
 */
export function followRotations(trusted: KeyObject, rotations: readonly KeyRotation[]): KeyChain {
  const root = trusted.type === 'private' ? createPublicKey(trusted) : trusted;
  const keys: { key: KeyObject; fingerprint: string; retiredAt?: string }[] = [{ key: root, fingerprint: keyFingerprint(root) }];
  const forged: string[] = [];
  for (const rotation of [...rotations].sort((a, b) => Date.parse(a.rotatedAt) - Date.parse(b.rotatedAt))) {
    const current = keys[keys.length - 1];
    if (rotation.fromFingerprint !== current.fingerprint) {
      if (keys.some((k) => k.fingerprint === rotation.fromFingerprint)) {
        forged.push(`the key rotation of ${rotation.rotatedAt} from key ${rotation.fromFingerprint} comes after that key was already rotated away, so it is not accepted`);
      }
      continue;
    }
    if (!verifyRotation(rotation, current.key)) {
      forged.push(`the key rotation of ${rotation.rotatedAt} from key ${rotation.fromFingerprint} to key ${rotation.toFingerprint} is not signed by key ${rotation.fromFingerprint}: it is forged, so key ${rotation.toFingerprint} is not trusted`);
      continue;
    }
    current.retiredAt = rotation.rotatedAt;
    keys.push({ key: loadPublicKey(rotation.toPublicKeyPem), fingerprint: rotation.toFingerprint });
  }
  return { keys, forged };
}

/**
 * The keys a server's own records vouch for, ending in the key it holds: rotations are followed
 * from the first one's old key. A reader who holds a key of their own should use followRotations
 * from it instead. Beware: the first rotation's old key is named by the rotations themselves, so
 * whoever can add a rotation (a self-signed one from a key of their own) chooses where trust starts;
 * the server roots its rotations at a first key kept beside its key instead (trustedKeyHistory in
 * apps/api/src/audit/key-pinning.ts).
 */
export function keyHistory(current: KeyObject, rotations: readonly KeyRotation[]): KeyChain & { readonly reachesCurrent: boolean } {
  const fingerprint = keyFingerprint(current);
  const first = [...rotations].sort((a, b) => Date.parse(a.rotatedAt) - Date.parse(b.rotatedAt))[0];
  if (first === undefined) return { keys: [{ key: current.type === 'private' ? createPublicKey(current) : current, fingerprint }], forged: [], reachesCurrent: true };
  let root: KeyObject;
  try {
    root = loadPublicKey(first.fromPublicKeyPem);
  } catch {
    return { keys: [{ key: current.type === 'private' ? createPublicKey(current) : current, fingerprint }], forged: [`the key rotation of ${first.rotatedAt} carries no usable old key`], reachesCurrent: false };
  }
  const chain = followRotations(root, rotations);
  return { ...chain, reachesCurrent: chain.keys[chain.keys.length - 1].fingerprint === fingerprint };
}
