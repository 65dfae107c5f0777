import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { KeyRotation, SignedDigest, keyHistory, loadPublicKey, verifyDigest } from '@tracker/audit';
import { KEY_ROTATIONS_STREAM } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { Config } from '../config/config';
import { CONFIG, EVENT_STORE } from '../infrastructure/tokens';
import { SigningKeyError, SigningKeys } from './signing-keys';

/** Every recorded key rotation, oldest first. */
export async function readRotations(store: EventStore): Promise<KeyRotation[]> {
  return (await store.readStream(KEY_ROTATIONS_STREAM)).filter((event) => event.type === 'SigningKeyRotated').map((event) => event.data as KeyRotation);
}

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
  const history = keyHistory(key, rotations);
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
