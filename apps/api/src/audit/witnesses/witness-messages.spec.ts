import { createHmac } from 'node:crypto';
import { generateSigningKeys, keyFingerprint, loadPrivateKey, signDigest, verifyDigest, loadPublicKey } from '@tracker/audit';
import { createPublicKey } from 'node:crypto';
import { digestFile, digestFileName, emailOf, errorInWords, retryDelaySeconds, webhookOf } from './witness-messages';

const keys = generateSigningKeys();
const publicKey = createPublicKey(loadPrivateKey(keys.privateKeyPem));
const fingerprint = keyFingerprint(publicKey);
const programmeId = '3f224bf5-0000-4000-8000-000000000001';
const digest = signDigest(
  { programmeId, position: 41, eventCount: 12, headHash: 'a'.repeat(64), takenAt: '2026-11-22T10:00:00.000Z', reason: 'periodic', keyFingerprint: fingerprint },
  loadPrivateKey(keys.privateKeyPem),
);
const witnessed = { programmeId, programmeName: 'Northshire transition', digest, keyFingerprint: fingerprint, publicKeyPem: keys.publicKeyPem };

describe('what a witness receives', () => {
  it('waits 30 s before the first retry, twice as long each time after, and never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  it('emails the digest in words, with the fingerprint, how to check it, and the digest as verify-export reads it', () => {
    const email = emailOf(witnessed);
    expect(email.subject).toBe('Signed digest of Northshire transition: position 41, 12 events');
    for (const line of ['Programme:        Northshire transition', 'Position:         41', 'Events covered:   12', `Head hash:        ${'a'.repeat(64)}`, 'Taken at:         2026-11-22T10:00:00.000Z', 'Reason:           periodic', `Key fingerprint:  ${fingerprint}`]) {
      expect(email.text).toContain(line);
    }
    expect(email.text).toContain(`npm run verify-export -- audit.jsonl digest-${programmeId}-41.json public-key.pem`);
    expect(email.attachments.map((a) => a.filename)).toEqual([digestFileName(digest), 'public-key.pem']);
    const [attached] = JSON.parse(email.attachments[0].content);
    expect(verifyDigest(attached, loadPublicKey(email.attachments[1].content))).toBe(true);
    expect(digestFile(digest)).toBe(email.attachments[0].content);
  });

  it('says when a digest gives no reason', () => {
    const { reason: _reason, ...unreasoned } = digest;
    expect(emailOf({ ...witnessed, digest: { ...unreasoned } }).text).toContain('Reason:           none given');
  });

  it('signs the webhook body with the secret, and sends no signature without one', () => {
    const signed = webhookOf(witnessed, 7, 'a-shared-secret-of-some-length');
    expect(JSON.parse(signed.body)).toEqual({ digest, keyFingerprint: fingerprint, programme: { id: programmeId, name: 'Northshire transition' } });
    expect(signed.headers['x-tracker-signature']).toBe(`sha256=${createHmac('sha256', 'a-shared-secret-of-some-length').update(signed.body).digest('hex')}`);
    expect(signed.headers['x-tracker-delivery']).toBe('7');
    expect(webhookOf(witnessed, 7).headers).not.toHaveProperty('x-tracker-signature');
  });

  it('puts an error in words with its cause', () => {
    expect(errorInWords(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }))).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:9');
    expect(errorInWords(new Error('HTTP 500'))).toBe('HTTP 500');
    expect(errorInWords('odd')).toBe('odd');
  });
});
