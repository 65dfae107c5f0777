import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyObject, createPublicKey } from 'node:crypto';
import { Digest, generateSigningKeys, keyFingerprint, loadPrivateKey, signDigest, signRotation } from '@tracker/audit';
import { KEY_ROTATIONS_STREAM } from '@tracker/domain';
import { InMemoryEventStore } from '@tracker/event-store';
import { loadConfig } from '../config/config';
import { firstKeyFile, pinningProblem } from './key-pinning';
import { SigningKeys, checkKeyPlace } from './signing-keys';

const key = () => loadPrivateKey(generateSigningKeys().privateKeyPem);
const metadata = { userId: 'u', role: 'r', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00.000Z' };
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const digest = (signer: KeyObject, named: boolean): Digest & { signature: string } =>
  signDigest({ programmeId: 'p', position: 3, eventCount: 3, headHash: 'a'.repeat(64), takenAt: '2026-01-01T00:00:00.000Z', ...(named ? { keyFingerprint: keyFingerprint(signer) } : {}) }, signer);
async function storeWith(d: Digest, rotations: unknown[] = []) {
  const store = new InMemoryEventStore();
  await store.appendToStream('audit-digests-p', [{ eventId: id(), type: 'DigestRecorded', schemaVersion: 1, data: { digest: d }, metadata }], 'any');
  for (const rotation of rotations) await store.appendToStream(KEY_ROTATIONS_STREAM, [{ eventId: id(), type: 'SigningKeyRotated', schemaVersion: 1, data: rotation, metadata }], 'any');
  return store;
}

describe('key pinning at start-up', () => {
  const [k1, k2] = [key(), key()];

  it('accepts the key that signed the newest digest, named or (for old digests) by its signature', async () => {
    expect(await pinningProblem(await storeWith(digest(k1, true)), k1, keyFingerprint(k1), 'f')).toBeUndefined();
    expect(await pinningProblem(await storeWith(digest(k1, false)), k1, keyFingerprint(k1), 'f')).toBeUndefined();
    expect(await pinningProblem(new InMemoryEventStore(), k2, keyFingerprint(k2), 'f')).toBeUndefined();
  });

  it('refuses another key, naming both fingerprints and how to fix it', async () => {
    const problem = await pinningProblem(await storeWith(digest(k1, true)), k2, keyFingerprint(k2), '/keys/signing-key.pem');
    expect(problem).toContain(`The signing key in /keys/signing-key.pem (fingerprint ${keyFingerprint(k2)}) is not the key that signed the newest digest`);
    expect(problem).toContain(`Put the key with fingerprint ${keyFingerprint(k1)} back in SIGNING_KEY_FILE`);
    expect(problem).toContain('npm run rotate-key -- --new <new-private-key.pem>');
    expect(await pinningProblem(await storeWith(digest(k1, false)), k2, keyFingerprint(k2), 'f')).toContain('predates fingerprints');
  });

  /** A key file whose first key (kept beside it by rotate-key) is `first`. */
  const keyFileFirst = (first: KeyObject) => {
    const file = join(mkdtempSync(join(tmpdir(), 'tracker-first-key-')), 'signing-key.pem');
    writeFileSync(firstKeyFile(file), createPublicKey(first).export({ type: 'spki', format: 'pem' }).toString());
    return file;
  };

  it('accepts the new key after a rotation signed by the old one, and not the old key after it', async () => {
    const rotation = signRotation(k1, k2, '2026-02-01T00:00:00.000Z');
    const store = await storeWith(digest(k1, true), [rotation]);
    expect(await pinningProblem(store, k2, keyFingerprint(k2), keyFileFirst(k1))).toBeUndefined();
    const later = await storeWith(digest(k2, true), [rotation]);
    expect(await pinningProblem(later, k1, keyFingerprint(k1), keyFileFirst(k1))).toContain('is not the key that signed the newest digest');
  });

  it('trusts rotations only from the first key kept beside the key, never from a key the data folder names', async () => {
    // An insider re-signs the digests with a key of their own, then records that it "hands over" to the server's key.
    const insider = key();
    const store = await storeWith(digest(insider, true), [signRotation(insider, k2, '2026-02-01T00:00:00.000Z')]);
    expect(await pinningProblem(store, k2, keyFingerprint(k2), 'f')).toContain('no rotation is trusted');
    expect(await pinningProblem(store, k2, keyFingerprint(k2), keyFileFirst(k2))).toContain(`that was key ${keyFingerprint(insider)}`);
    expect(await pinningProblem(store, k2, keyFingerprint(k2), keyFileFirst(insider))).toBeUndefined();
  });
});

describe('where the key is kept', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'tracker-keyplace-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const warn = jest.fn();
  const logger = { warn, error: jest.fn(), info: jest.fn() } as never;

  it('defaults to keys/ beside the data folder, and makes a key there', () => {
    const config = loadConfig({ DATA_DIR: join(root, 'data') });
    expect(config.signingKeyFile).toBe(join(root, 'keys', 'signing-key.pem'));
    const keys = new SigningKeys(config, logger);
    expect(existsSync(config.signingKeyFile)).toBe(true);
    expect(keys.refusal).toBeUndefined();
  });

  it('makes no new key when one is still at the old place, and says how to move it', () => {
    const config = loadConfig({ DATA_DIR: join(root, 'data') });
    const old = join(root, 'data', 'signing-key.pem');
    const pem = generateSigningKeys().privateKeyPem;
    mkdirSync(join(root, 'data'));
    writeFileSync(old, pem);
    const keys = new SigningKeys(config, logger);
    expect(keys.refusal).toContain(`mv ${old} ${config.signingKeyFile}`);
    expect(existsSync(config.signingKeyFile)).toBe(false);
    expect(keys.fingerprint).toBe(keyFingerprint(loadPrivateKey(pem)));
    expect(() => checkKeyPlace(config, logger)).toThrow('The signing key is still in the data folder');
  });

  it('warns loudly when told to keep the key inside the data folder, and not otherwise', () => {
    warn.mockClear();
    checkKeyPlace(loadConfig({ DATA_DIR: join(root, 'data'), SIGNING_KEY_FILE: join(root, 'data', 'signing-key.pem') }), logger);
    expect(warn).toHaveBeenCalledWith(expect.anything(), expect.stringContaining('THE SIGNING KEY IS INSIDE THE DATA FOLDER'));
    warn.mockClear();
    checkKeyPlace(loadConfig({ DATA_DIR: join(root, 'data') }), logger);
    expect(warn).not.toHaveBeenCalled();
  });
});
