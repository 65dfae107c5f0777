import { generateKeyPairSync, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { Digest, SignedDigest, generateSigningKeys, loadPrivateKey, loadPublicKey, signDigest, verifyDigest } from './digest';

describe('signed digests', () => {
  const keys = generateSigningKeys();
  const privateKey = loadPrivateKey(keys.privateKeyPem);
  const publicKey = loadPublicKey(keys.publicKeyPem);
  const digest: Digest = { programmeId: 'p-0001', position: 1234, eventCount: 57, headHash: 'ab'.repeat(32), takenAt: '2026-03-04T09:00:00.000Z', reason: 'board meeting' };

  it('generates Ed25519 keys as PEM text', () => {
    expect(keys.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect([privateKey.asymmetricKeyType, publicKey.asymmetricKeyType]).toEqual(['ed25519', 'ed25519']);
  });

  it('signs canonicalJson of the digest, so anyone can check it with plain Ed25519', () => {
    const signed = signDigest(digest, privateKey);
    expect(signed).toEqual({ ...digest, signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) });
    expect(verifyDigest(signed, publicKey)).toBe(true);
    expect(verify(null, Buffer.from(canonicalJson(digest)), publicKey, Buffer.from(signed.signature, 'base64'))).toBe(true);
  });

  it('signs a digest without a reason', () => {
    const { reason: _, ...plain } = digest;
    expect(verifyDigest(signDigest(plain, privateKey), publicKey)).toBe(true);
  });

  it.each<[string, Partial<SignedDigest> & Record<string, unknown>]>([
    ['programmeId', { programmeId: 'p-0002' }],
    ['position', { position: 1235 }],
    ['eventCount', { eventCount: 56 }],
    ['headHash', { headHash: 'cd'.repeat(32) }],
    ['takenAt', { takenAt: '2026-03-05T09:00:00.000Z' }],
    ['reason', { reason: 'nightly' }],
    ['an added field', { note: 'looks official' }],
  ])('fails when %s is changed after signing', (_, change) => {
    expect(verifyDigest({ ...signDigest(digest, privateKey), ...change }, publicKey)).toBe(false);
  });

  it('fails when the reason is removed after signing', () => {
    const { reason: _, ...withoutReason } = signDigest(digest, privateKey);
    expect(verifyDigest(withoutReason, publicKey)).toBe(false);
  });

  it('fails with another key', () => {
    const other = loadPublicKey(generateSigningKeys().publicKeyPem);
    expect(verifyDigest(signDigest(digest, privateKey), other)).toBe(false);
  });

  it.each([
    ['garbage', 'not a signature'],
    ['empty', ''],
    ['a valid signature with junk appended', undefined],
  ])('fails with a %s signature', (_, signature) => {
    const signed = signDigest(digest, privateKey);
    expect(verifyDigest({ ...signed, signature: signature ?? `${signed.signature}!!` }, publicKey)).toBe(false);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a short head hash', { headHash: 'abc' }, 'headHash must be 64 lowercase hex digits'],
    ['a time that is not ISO', { takenAt: '4 March 2026' }, 'takenAt must be an ISO-8601 instant'],
    ['a negative position', { position: -1 }, 'position must be a whole number'],
    ['a fractional count', { eventCount: 1.5 }, 'eventCount must be a whole number'],
    ['an empty programme', { programmeId: '' }, 'programmeId must be a non-empty string'],
    ['a stray field', { signedBy: 'me' }, 'unexpected field(s) signedBy'],
  ])('refuses to sign %s', (_, change, message) => {
    expect(() => signDigest({ ...digest, ...change } as Digest, privateKey)).toThrow(message);
  });

  it('refuses keys of the wrong kind', () => {
    const x25519 = generateKeyPairSync('x25519');
    expect(() => signDigest(digest, x25519.privateKey)).toThrow('Expected an Ed25519 private key');
    expect(() => verifyDigest(signDigest(digest, privateKey), x25519.publicKey)).toThrow('Expected an Ed25519 public key');
    expect(() => loadPrivateKey(x25519.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)).toThrow('Expected an Ed25519 private key');
  });

  it('will not load a private key as the public one, so it is not handed to an auditor by mistake', () => {
    expect(() => loadPublicKey(keys.privateKeyPem)).toThrow('This is a private key');
  });
});
