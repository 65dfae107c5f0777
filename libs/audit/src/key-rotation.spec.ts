import { createPublicKey } from 'node:crypto';
import { fixtureHistory, PROGRAMME } from './audit-fixtures';
import { generateSigningKeys, keyFingerprint, loadPrivateKey, signDigest } from './digest';
import { ChainBuilder } from './hash-chain';
import { followRotations, keyHistory, signRotation, verifyRotation } from './key-rotation';
import { verifyChain } from './verify-chain';

const pair = () => loadPrivateKey(generateSigningKeys().privateKeyPem);
const [k1, k2, k3] = [pair(), pair(), pair()];
const pub = (key: typeof k1) => createPublicKey(key);
const history = fixtureHistory(8);

function digestAt(position: number, key: typeof k1, takenAt: string) {
  const builder = new ChainBuilder();
  history.filter((event) => event.position <= position).forEach((event) => builder.add(event));
  return signDigest({ programmeId: PROGRAMME, position, eventCount: builder.count, headHash: builder.head, takenAt, keyFingerprint: keyFingerprint(key) }, key);
}

describe('key rotation', () => {
  const first = signRotation(k1, pub(k2), '2026-05-01T00:00:00.000Z');
  const second = signRotation(k2, pub(k3), '2026-06-01T00:00:00.000Z');

  it('is signed by the old key over the new key and the instant, and nothing else checks it', () => {
    expect(first).toMatchObject({ fromFingerprint: keyFingerprint(k1), toFingerprint: keyFingerprint(k2), rotatedAt: '2026-05-01T00:00:00.000Z' });
    expect(verifyRotation(first, pub(k1))).toBe(true);
    expect(verifyRotation(first, pub(k2))).toBe(false);
    expect(verifyRotation({ ...first, rotatedAt: '2026-04-01T00:00:00.000Z' }, pub(k1))).toBe(false);
    expect(verifyRotation({ ...first, toPublicKeyPem: pub(k3).export({ type: 'spki', format: 'pem' }).toString() }, pub(k1))).toBe(false);
  });

  it('refuses to rotate to the key already in use', () => {
    expect(() => signRotation(k1, pub(k1), '2026-05-01T00:00:00.000Z')).toThrow('nothing to rotate');
  });

  it('hands trust from the key held along valid rotations, retiring each old key at its rotation', () => {
    const chain = followRotations(pub(k1), [second, first]);
    expect(chain.keys.map((k) => [k.fingerprint, k.retiredAt])).toEqual([
      [keyFingerprint(k1), '2026-05-01T00:00:00.000Z'],
      [keyFingerprint(k2), '2026-06-01T00:00:00.000Z'],
      [keyFingerprint(k3), undefined],
    ]);
    expect(chain.forged).toEqual([]);
    // Trust starting later passes over the earlier rotations.
    expect(followRotations(pub(k2), [first, second]).keys.map((k) => k.fingerprint)).toEqual([keyFingerprint(k2), keyFingerprint(k3)]);
  });

  it('refuses a forged rotation, one not signed by the old key, and says so', () => {
    const forged = { ...signRotation(k3, pub(k2), '2026-05-01T00:00:00.000Z'), fromFingerprint: keyFingerprint(k1), fromPublicKeyPem: pub(k1).export({ type: 'spki', format: 'pem' }).toString() };
    const chain = followRotations(pub(k1), [forged]);
    expect(chain.keys.map((k) => k.fingerprint)).toEqual([keyFingerprint(k1)]);
    expect(chain.forged).toEqual([expect.stringContaining(`is not signed by key ${keyFingerprint(k1)}: it is forged`)]);
  });

  it('lets the server find its own key history ending in the key it holds, or not', () => {
    expect(keyHistory(k3, [first, second])).toMatchObject({ reachesCurrent: true, forged: [] });
    expect(keyHistory(k3, [first]).reachesCurrent).toBe(false);
    expect(keyHistory(k1, [])).toMatchObject({ reachesCurrent: true, keys: [{ fingerprint: keyFingerprint(k1) }] });
  });

  it('lets verification accept digests signed by keys reached through rotations, naming the key of each', () => {
    const digests = [digestAt(30, k1, '2026-04-01T00:00:00.000Z'), digestAt(50, k2, '2026-05-15T00:00:00.000Z'), digestAt(80, k3, '2026-06-15T00:00:00.000Z')];
    const result = verifyChain(history, { digests, publicKeys: followRotations(pub(k1), [first, second]).keys });
    expect(result.valid).toBe(true);
    expect(result.digestsChecked.map((d) => [d.position, d.keyFingerprint])).toEqual([
      [30, keyFingerprint(k1)],
      [50, keyFingerprint(k2)],
      [80, keyFingerprint(k3)],
    ]);
    // Without the rotations, the later keys are strangers.
    expect(verifyChain(history, { digests, publicKeys: followRotations(pub(k1), []).keys })).toMatchObject({
      valid: false,
      problem: expect.stringContaining(`the digest at position 50 (taken 2026-05-15T00:00:00.000Z) is not genuine: it names key ${keyFingerprint(k2)}, which is not the key given`),
    });
  });

  it('refuses a digest signed by an old key after it was retired', () => {
    const late = digestAt(80, k1, '2026-05-02T00:00:00.000Z');
    expect(verifyChain(history, { digests: [late], publicKeys: followRotations(pub(k1), [first]).keys })).toMatchObject({
      valid: false,
      problem: expect.stringContaining('after that key was retired by the rotation of 2026-05-01T00:00:00.000Z'),
    });
    expect(verifyChain(history, { digests: [digestAt(80, k1, '2026-04-30T00:00:00.000Z')], publicKeys: followRotations(pub(k1), [first]).keys }).valid).toBe(true);
  });
});
