import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainBuilder, exportLine, generateSigningKeys, keyFingerprint, loadPrivateKey, loadPublicKey, signDigest } from '@tracker/audit';
import type { StoredEvent } from '@tracker/event-store';
import { webhookOf } from '../audit/witnesses/witness-messages';
import { EXIT, run } from './verify-export';

const keys = generateSigningKeys();
const fingerprint = keyFingerprint(loadPublicKey(keys.publicKeyPem));
const metadata = { userId: 'u', role: 'r', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00.000Z' };
const events: StoredEvent[] = [1, 2, 3].map((i) => ({ eventId: `e-${i}`, streamId: 'programme-p', streamRevision: i - 1, position: i * 10, type: 'Noted', schemaVersion: 1, data: { i }, metadata }));
const builder = new ChainBuilder();
events.slice(0, 2).forEach((e) => builder.add(e));
const digest = signDigest({ programmeId: 'p', position: 20, eventCount: 2, headHash: builder.head, takenAt: '2026-01-01T00:00:00.000Z', keyFingerprint: fingerprint }, loadPrivateKey(keys.privateKeyPem));

describe('npm run verify-export', () => {
  let dir: string;
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const check = (...args: string[]) => {
    let out = '';
    const status = run(args, (t) => (out += t), (t) => (out += t));
    return { status, out };
  };
  let exported: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-export-cli-'));
    exported = file('audit.jsonl', events.map((e) => `${exportLine(e)}\n`).join(''));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 against the fingerprint the auditor holds, saying what is covered and what is not', () => {
    const { status, out } = check(exported, file('witness.json', JSON.stringify(digest)), file('key.pem', keys.publicKeyPem), '--fingerprint', fingerprint);
    expect(status).toBe(EXIT.CHECKS_OUT);
    expect(out).toContain('Events up to position 20 (2 events) match the signed digest of 2026-01-01T00:00:00.000Z');
    expect(out).toContain('1 later event is not covered by any digest');
    expect(out).toContain(`Checked against the key you hold (fingerprint ${fingerprint})`);
    expect(check(exported, file('w.json', JSON.stringify([digest])), '--key', file('mine.pem', keys.publicKeyPem)).status).toBe(EXIT.CHECKS_OUT);
  });

  it('takes the body a webhook witness received as it is, as its usage says', () => {
    const { body } = webhookOf({ programmeId: 'p', programmeName: 'P', digest, keyFingerprint: fingerprint, publicKeyPem: keys.publicKeyPem }, 1);
    const { status, out } = check(exported, file('webhook.json', body), file('key.pem', keys.publicKeyPem), '--fingerprint', fingerprint);
    expect(out).toContain('Events up to position 20 (2 events) match the signed digest');
    expect(status).toBe(EXIT.CHECKS_OUT);
  });

  it('exits 3 and warns loudly when the auditor named no key of their own (the old three-file form)', () => {
    const { status, out } = check(exported, file('d.json', JSON.stringify({ items: [digest], publicKey: keys.publicKeyPem })));
    expect(status).toBe(EXIT.NOT_PINNED);
    expect(out).toContain('!!! WARNING: YOU NAMED NO KEY OF YOUR OWN. !!!');
    expect(check(exported, file('d2.json', JSON.stringify([digest])), file('k.pem', keys.publicKeyPem)).status).toBe(EXIT.NOT_PINNED);
  });

  it('exits 1 when it does not check out, and for a key other than the one held', () => {
    const other = generateSigningKeys();
    const { status, out } = check(exported, file('d.json', JSON.stringify([digest])), file('k.pem', other.publicKeyPem), '--fingerprint', keyFingerprint(loadPublicKey(other.publicKeyPem)));
    expect(status).toBe(EXIT.DOES_NOT_CHECK_OUT);
    expect(out).toContain('The history does NOT check out');
    const wrongHeld = check(exported, file('d3.json', JSON.stringify([digest])), file('k3.pem', keys.publicKeyPem), '--fingerprint', keyFingerprint(loadPublicKey(other.publicKeyPem)));
    expect(wrongHeld.status).toBe(EXIT.DOES_NOT_CHECK_OUT);
  });

  it('exits 2 for files it cannot use or arguments it does not understand', () => {
    expect(check(exported).status).toBe(EXIT.UNUSABLE);
    expect(check(exported, join(dir, 'missing.json'), '--fingerprint', fingerprint).out).toContain('Cannot read');
    expect(check(exported, file('bad.json', 'not json'), '--fingerprint', fingerprint).status).toBe(EXIT.UNUSABLE);
    expect(check(exported, file('d.json', JSON.stringify([digest])), '--fingerprint').out).toContain('--fingerprint needs a value');
    expect(check(exported, file('d4.json', JSON.stringify([digest])), '--colour').out).toContain('unknown option --colour');
    expect(check(exported, file('d5.json', JSON.stringify([digest])), file('k5.pem', keys.publicKeyPem), '--fingerprint', 'abc').status).toBe(EXIT.UNUSABLE);
  });
});
