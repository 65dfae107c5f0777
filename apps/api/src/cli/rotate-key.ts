import { createPublicKey, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { KeyRotation, keyFingerprint, loadPrivateKey, signRotation, verifyRotation } from '@tracker/audit';
import { KEY_ROTATIONS_STREAM, SigningKeyRotated, fold, keyRotationsDecider } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { Config, ConfigError, loadConfig } from '../config/config';
import { openEventStore } from '../infrastructure/infrastructure.module';
import { firstKeyFile, pinningProblem } from '../audit/key-pinning';
import { SigningKeyError, checkKeyPlace } from '../audit/signing-keys';

export interface RotationOutcome {
  readonly rotation: KeyRotation;
  /** Where the old private key was moved: keep it offline or destroy it. */
  readonly retiredKeyFile: string;
}

/**
 * Records that the key in SIGNING_KEY_FILE hands over to `newKeyPem`, signed by the old key, then
 * installs the new key. Run with the server stopped. Refused, with nothing changed, when the key held
 * is not the one the newest digest was signed with (only the rightful key may name its successor).
 */
export async function rotateKey(config: Config, newKeyPem: string, now: string = new Date().toISOString(), store: EventStore = openEventStore(config)): Promise<RotationOutcome> {
  try {
    checkKeyPlace(config, { warn: () => undefined });
    if (!existsSync(config.signingKeyFile)) throw new SigningKeyError(`There is no signing key at ${config.signingKeyFile} to rotate from; nothing was changed`);
    const oldKey = loadPrivateKey(readFileSync(config.signingKeyFile, 'utf8'));
    let newKey;
    try {
      newKey = loadPrivateKey(newKeyPem);
    } catch (error) {
      throw new SigningKeyError(`The new key cannot be used: ${(error as Error).message} (make one with: openssl genpkey -algorithm ed25519 -out new-signing-key.pem); nothing was changed`);
    }
    const problem = await pinningProblem(store, oldKey, keyFingerprint(oldKey), config.signingKeyFile);
    if (problem !== undefined) throw new SigningKeyError(`Only the key that signed the newest digest may hand over to a new one. ${problem.replace(' The server did not start.', '')} Nothing was changed.`);
    const rotation = signRotation(oldKey, newKey, now);
    if (!verifyRotation(rotation, oldKey)) throw new SigningKeyError('The rotation did not check with the old key; nothing was changed');
    // Trust in every rotation starts from the first key, kept beside the key where the data folder's
    // writers cannot add one of their own; written once, before the first rotation is recorded.
    if (!existsSync(firstKeyFile(config.signingKeyFile))) {
      writeFileSync(firstKeyFile(config.signingKeyFile), createPublicKey(oldKey).export({ type: 'spki', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' });
    }
    const stored = await store.readStream(KEY_ROTATIONS_STREAM);
    const state = fold(keyRotationsDecider, stored.map((event) => ({ type: event.type, data: event.data }) as SigningKeyRotated));
    const events = keyRotationsDecider.decide({ type: 'RecordKeyRotation', data: { rotation }, metadata: { now } }, state);
    await store.appendToStream(
      KEY_ROTATIONS_STREAM,
      events.map((event) => ({
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: keyRotationsDecider.schemaVersions[event.type],
        data: event.data,
        metadata: { userId: 'operator', role: 'operator', correlationId: randomUUID(), causationId: 'cli:rotate-key', recordedAt: now },
      })),
      stored.length === 0 ? 'no_stream' : stored.length - 1,
    );
    // Recorded first, installed second: a crash between leaves the old key in place, which the
    // recorded rotation still lets sign until it is swapped by hand.
    const retiredKeyFile = `${config.signingKeyFile}.retired-${now.replace(/[:.]/g, '-')}`;
    renameSync(config.signingKeyFile, retiredKeyFile);
    writeFileSync(config.signingKeyFile, newKeyPem, { mode: 0o600, flag: 'wx' });
    return { rotation, retiredKeyFile };
  } finally {
    await store.close();
  }
}

async function main(args: string[]): Promise<number> {
  const at = args.indexOf('--new');
  const file = at >= 0 ? args[at + 1] : undefined;
  if (file === undefined || args.includes('--help')) {
    process.stderr.write('usage: npm run rotate-key -- --new <new-private-key.pem>   (with the server stopped)\n  make the new key with: openssl genpkey -algorithm ed25519 -out new-signing-key.pem\n');
    return 2;
  }
  const config = loadConfig();
  const { rotation, retiredKeyFile } = await rotateKey(config, readFileSync(file, 'utf8'));
  process.stdout.write(
    [
      `Rotated the signing key, recorded in the stream ${KEY_ROTATIONS_STREAM} and signed by the old key:`,
      `  old key ${rotation.fromFingerprint}`,
      `  new key ${rotation.toFingerprint}   (now in ${config.signingKeyFile})`,
      `The old private key was moved to ${retiredKeyFile}: keep it offline or destroy it.`,
      `Delete ${file} once the new key is backed up. Tell auditors and witnesses the new fingerprint;`,
      'those holding the old one are led to the new key by the recorded rotation (GET …/digests lists it).',
      '',
    ].join('\n'),
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `The key was not rotated: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
