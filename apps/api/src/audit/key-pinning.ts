import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { KeyObject, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { KeyChain, KeyRotation, SignedDigest, followRotations, keyFingerprint, loadPublicKey, verifyDigest } from '@tracker/audit';
import { KEY_ROTATIONS_STREAM } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { Config } from '../config/config';
import { CONFIG, EVENT_STORE } from '../infrastructure/tokens';
import { SigningKeyError, SigningKeys } from './signing-keys';

/** Every recorded key rotation, oldest first. */
export async function readRotations(store: EventStore): Promise<KeyRotation[]> {
  return (await store.readStream(KEY_ROTATIONS_STREAM)).filter((event) => event.type === 'SigningKeyRotated').map((event) => event.data as KeyRotation);
}

/**
 * Where rotate-key keeps the public half of the first key this install held, beside the key and so
 * outside the data folder: trust in recorded rotations starts there. Rotations are events, which
 * whoever can write the data folder can add; one signed by a key of their own that "hands over" to
 * the server's key must not make digests they re-signed look genuine.
 */
export const firstKeyFile = (signingKeyFile: string) => `${signingKeyFile}.first-key.pub.pem`;

/**
 * The keys the server trusts to have signed digests, ending in the key it holds when the rotations
 * lead there: followed from the first key kept beside the key (firstKeyFile), never from a key the
 * rotations themselves name. With rotations recorded but no first key kept, none is trusted.
 */
export function trustedKeyHistory(current: KeyObject, rotations: readonly KeyRotation[], firstKeyPem: string | undefined): KeyChain & { readonly reachesCurrent: boolean } {
  const own = current.type === 'private' ? createPublicKey(current) : current;
  const fingerprint = keyFingerprint(own);
  const alone = { keys: [{ key: own, fingerprint }], reachesCurrent: rotations.length === 0 };
  if (rotations.length === 0) return { ...alone, forged: [] };
  let first: KeyObject;
  try {
    if (firstKeyPem === undefined) throw new Error('missing');
    first = loadPublicKey(firstKeyPem);
  } catch {
    return { ...alone, forged: ['key rotations are recorded, but the first key of this install is not kept beside the signing key, so no rotation is trusted'] };
  }
  const chain = followRotations(first, rotations);
  return { ...chain, reachesCurrent: chain.keys[chain.keys.length - 1].fingerprint === fingerprint };
}

export const readFirstKey = (signingKeyFile: string): string | undefined => (existsSync(firstKeyFile(signingKeyFile)) ? readFileSync(firstKeyFile(signingKeyFile), 'utf8') : undefined);

/** The newest digest taken, across every programme's digest stream. */
export async function newestDigest(store: EventStore): Promise<SignedDigest | undefined> {
  let newest: SignedDigest | undefined;
  for await (const event of store.readAll({ streamPrefix: 'audit-digests-' })) {
    if (event.type === 'DigestRecorded') newest = (event.data as { digest: SignedDigest }).digest;
  }
  return newest;
}

/**
 * Why the key held may not sign, or undefined when it may: it must be the key that signed the newest
 * digest, or one that key handed over to through recorded rotations, each signed by the key before.
 */
export async function pinningProblem(store: EventStore, key: KeyObject, fingerprint: string, keyFile: string): Promise<string | undefined> {
  const digest = await newestDigest(store);
  if (digest === undefined) return undefined;
  const rotations = await readRotations(store);
  const history = trustedKeyHistory(key, rotations, readFirstKey(keyFile));
  const known = history.reachesCurrent ? history.keys : history.keys.filter((k) => k.fingerprint === fingerprint);
  // The key the digest names (a signed field); for digests older than that field, the key its signature checks with.
  const signedBy = digest.keyFingerprint ?? known.find((k) => verifyDigest(digest, k.key))?.fingerprint ?? signerOf(digest, rotations);
  if (signedBy !== undefined && known.some((k) => k.fingerprint === signedBy)) return undefined;
  const expected = signedBy ?? 'another key (the digest predates fingerprints and does not check with this one)';
  const forged = history.forged.length > 0 ? ` Note: ${history.forged.join('; ')}.` : '';
  return (
    `The signing key in ${keyFile} (fingerprint ${fingerprint}) is not the key that signed the newest digest ` +
    `(programme ${digest.programmeId}, position ${digest.position}, taken ${digest.takenAt}): that was key ${expected}, ` +
    `and no recorded key rotation signed by it hands over to this one.${forged} ` +
    `Put the key with fingerprint ${expected} back in SIGNING_KEY_FILE; or, if the key is being changed on purpose, start with the old key and run ` +
    `npm run rotate-key -- --new <new-private-key.pem> with the server stopped. The server did not start.`
  );
}

function signerOf(digest: SignedDigest, rotations: readonly KeyRotation[]): string | undefined {
  for (const rotation of rotations) {
    for (const pem of [rotation.fromPublicKeyPem, rotation.toPublicKeyPem]) {
      try {
        const key = loadPublicKey(pem);
        if (verifyDigest(digest, key)) return pem === rotation.fromPublicKeyPem ? rotation.fromFingerprint : rotation.toFingerprint;
      } catch {
        // not a key: names no signer
      }
    }
  }
  return undefined;
}

/** Stops start-up when the key held is not the one the digests say should be signing. */
@Injectable()
export class KeyPinning implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    private readonly keys: SigningKeys,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.keys.refusal !== undefined) throw new SigningKeyError(this.keys.refusal);
    const problem = await pinningProblem(this.store, this.keys.privateKey, this.keys.fingerprint, this.config.signingKeyFile);
    if (problem !== undefined) throw new SigningKeyError(problem);
  }
}
