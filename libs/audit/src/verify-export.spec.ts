import type { StoredEvent } from '@tracker/event-store';
import { PROGRAMME, fixtureHistory } from './audit-fixtures';
import { generateSigningKeys, keyFingerprint, loadPrivateKey, loadPublicKey, signDigest } from './digest';
import { signRotation } from './key-rotation';
import { GENESIS, chainEvents } from './hash-chain';
import { exportLine, verifyExport } from './verify-export';

const keys = generateSigningKeys();
const history = fixtureHistory(8); // positions 10, 20 … 80
const chain = chainEvents(history);

/** What the system would hand an auditor: the export, the digests taken so far, the public key. */
function buildExport(events: readonly StoredEvent[], withChain = true): string {
  return events.map((event, i) => `${exportLine(event, withChain ? chain[i] : undefined)}\n`).join('');
}
const digestsJson = JSON.stringify([
  signDigest({ programmeId: PROGRAMME, position: 80, eventCount: 8, headHash: chain[7].hash, takenAt: '2026-03-04T09:00:00.000Z', reason: 'board meeting' }, loadPrivateKey(keys.privateKeyPem)),
]);
const editLine = (text: string, lineNumber: number, edit: (line: string) => string) =>
  text
    .split('\n')
    .map((line, i) => (i === lineNumber - 1 ? edit(line) : line))
    .join('\n');

describe('verifyExport', () => {
  it('passes an untouched export', () => {
    expect(verifyExport(buildExport(history), digestsJson, keys.publicKeyPem)).toMatchObject({ valid: true, events: 8, headHash: chain[7].hash, signedUpTo: 80, coverage: { covered: 8, uncovered: 0 }, keyPinned: false });
  });

  describe('with the key the auditor holds', () => {
    const fingerprint = keyFingerprint(loadPublicKey(keys.publicKeyPem));
    const stranger = generateSigningKeys();
    const { signature: _signature, ...unsigned } = JSON.parse(digestsJson)[0];
    const resigned = JSON.stringify([signDigest(unsigned, loadPrivateKey(stranger.privateKeyPem))]);

    it('is pinned by fingerprint or by the auditor’s own copy of the key', () => {
      expect(verifyExport(buildExport(history), digestsJson, keys.publicKeyPem, { trustedFingerprint: fingerprint })).toMatchObject({ valid: true, keyPinned: true, trustedFingerprint: fingerprint });
      expect(verifyExport(buildExport(history), digestsJson, undefined, { trustedKeyPem: keys.publicKeyPem })).toMatchObject({ valid: true, keyPinned: true });
      expect(verifyExport(buildExport(history), digestsJson, keys.publicKeyPem, { trustedFingerprint: fingerprint.toUpperCase() }).keyPinned).toBe(true);
    });

    it('refuses digests re-signed with another key that came with the files, which an unpinned check would pass', () => {
      expect(verifyExport(buildExport(history), resigned, stranger.publicKeyPem)).toMatchObject({ valid: true, keyPinned: false });
      expect(verifyExport(buildExport(history), resigned, stranger.publicKeyPem, { trustedFingerprint: fingerprint })).toMatchObject({
        valid: false,
        keyPinned: true,
        problem: expect.stringContaining(`none of the keys given has the fingerprint you hold (${fingerprint})`),
      });
      expect(verifyExport(buildExport(history), resigned, stranger.publicKeyPem, { trustedKeyPem: keys.publicKeyPem })).toMatchObject({ valid: false, problem: expect.stringContaining('is not genuine') });
    });

    it('refuses an own key that does not have the fingerprint given, and a fingerprint that is not one', () => {
      expect(verifyExport(buildExport(history), digestsJson, undefined, { trustedKeyPem: stranger.publicKeyPem, trustedFingerprint: fingerprint })).toMatchObject({ valid: false, problem: expect.stringContaining('the key you hold has fingerprint') });
      expect(verifyExport(buildExport(history), digestsJson, keys.publicKeyPem, { trustedFingerprint: 'abc' })).toMatchObject({ valid: false, unusable: true, problem: 'the fingerprint given is not 64 hexadecimal digits' });
    });

    it('follows a rotation the old key signed, found in the digest list, and refuses a forged one', () => {
      const next = generateSigningKeys();
      const rotation = signRotation(loadPrivateKey(keys.privateKeyPem), loadPublicKey(next.publicKeyPem), '2026-03-05T00:00:00.000Z');
      const later = signDigest({ programmeId: PROGRAMME, position: 80, eventCount: 8, headHash: chain[7].hash, takenAt: '2026-03-06T09:00:00.000Z', keyFingerprint: rotation.toFingerprint }, loadPrivateKey(next.privateKeyPem));
      const list = JSON.stringify({ items: [later], publicKey: next.publicKeyPem, rotations: [rotation] });
      expect(verifyExport(buildExport(history), list, undefined, { trustedFingerprint: fingerprint })).toMatchObject({ valid: true, keyPinned: true, digestsChecked: [{ keyFingerprint: rotation.toFingerprint }] });
      const forged = { ...signRotation(loadPrivateKey(next.privateKeyPem), loadPublicKey(stranger.publicKeyPem), '2026-03-05T00:00:00.000Z'), fromFingerprint: fingerprint, fromPublicKeyPem: keys.publicKeyPem, toFingerprint: rotation.toFingerprint, toPublicKeyPem: next.publicKeyPem };
      const forgedList = JSON.stringify({ items: [later], publicKey: next.publicKeyPem, rotations: [forged] });
      expect(verifyExport(buildExport(history), forgedList, undefined, { trustedFingerprint: fingerprint })).toMatchObject({ valid: false, problem: expect.stringContaining('is not genuine') });
      expect(verifyExport(buildExport(history), JSON.stringify({ items: JSON.parse(digestsJson), rotations: [forged] }), undefined, { trustedFingerprint: fingerprint })).toMatchObject({
        valid: false,
        problem: expect.stringContaining('it is forged'),
      });
    });

    it('takes a single digest as a witness delivers it', () => {
      expect(verifyExport(buildExport(history), JSON.stringify(JSON.parse(digestsJson)[0]), undefined, { trustedKeyPem: keys.publicKeyPem })).toMatchObject({ valid: true, signedUpTo: 80 });
    });
  });

  it('writes each line as canonical JSON, with the chain entry beside the event', () => {
    const line = exportLine(history[0], chain[0]);
    expect(JSON.parse(line)).toEqual({ ...history[0], chain: { previousHash: GENESIS, hash: chain[0].hash } });
    expect(line.startsWith('{"chain":{"hash":')).toBe(true);
  });

  it('names the event on a line that was altered', () => {
    const altered = editLine(buildExport(history), 4, (line) => line.replace('"note":"step 4"', '"note":"closed, all evidence seen"'));
    expect(verifyExport(altered, digestsJson, keys.publicKeyPem)).toMatchObject({
      valid: false,
      firstBadPosition: 40,
      problem: `event at position 40 (FindingClosed on programme-${PROGRAMME}-finding-f-1) was altered after it was recorded: it no longer matches the recorded chain`,
    });
  });

  it('still catches an altered line in an export without chain hashes, naming the digest', () => {
    const altered = editLine(buildExport(history, false), 4, (line) => line.replace('"note":"step 4"', '"note":"closed"'));
    expect(verifyExport(altered, digestsJson, keys.publicKeyPem)).toMatchObject({
      valid: false,
      problem: expect.stringContaining('events at or before position 80 do not match the digest at position 80'),
    });
  });

  it('says where a line was removed', () => {
    const removed = editLine(buildExport(history), 5, () => '');
    expect(verifyExport(removed, digestsJson, keys.publicKeyPem)).toMatchObject({ valid: false, problem: expect.stringContaining('breaks between position 40 and position 60') });
  });

  it('tolerates Windows line endings and blank lines', () => {
    const text = `\r\n${buildExport(history).replace(/\n/g, '\r\n')}\r\n`;
    expect(verifyExport(text, digestsJson, keys.publicKeyPem)).toMatchObject({ valid: true, events: 8 });
  });

  it.each([
    ['a line that is not JSON', (line: string) => line.slice(0, 20), 'line 3 of the export is not valid JSON, so the export cannot be checked'],
    ['a field the export does not define', (line: string) => line.replace('{', '{"note":"trust me",'), 'line 3 of the export is not a stored event: unexpected, missing or malformed note'],
    ['a missing field', (line: string) => line.replace(/,"type":"[^"]*"/, ''), 'line 3 of the export is not a stored event: unexpected, missing or malformed type'],
  ])('refuses %s, naming the line', (_, edit, problem) => {
    expect(verifyExport(editLine(buildExport(history), 3, edit), digestsJson, keys.publicKeyPem)).toMatchObject({ valid: false, problem });
  });

  it.each([
    ['no digests', '[]', 'no signed digests were given, so nothing vouches for this export'],
    ['a digest file that is not JSON', 'digests', 'the digest file is not valid JSON'],
    ['a digest file that is not a list', '{}', 'the digest file is not a JSON array of signed digests, one signed digest, or the answer of GET …/digests'],
    ['a digest without a signature', JSON.stringify([{ ...JSON.parse(digestsJson)[0], signature: undefined }]), 'digest 1 in the digest file is not a signed digest: missing or malformed signature'],
  ])('refuses %s', (_, digests, problem) => {
    expect(verifyExport(buildExport(history), digests, keys.publicKeyPem)).toMatchObject({ valid: false, events: 0, headHash: GENESIS, problem, unusable: true });
  });

  it('refuses a private key given in place of the public one', () => {
    expect(verifyExport(buildExport(history), digestsJson, keys.privateKeyPem)).toMatchObject({ valid: false, problem: expect.stringContaining('This is a private key') });
  });

  it('refuses a key that is not a key', () => {
    expect(verifyExport(buildExport(history), digestsJson, 'not a key')).toMatchObject({ valid: false, problem: expect.stringContaining('the public key could not be used') });
  });

  it('fails with the wrong public key', () => {
    expect(verifyExport(buildExport(history), digestsJson, generateSigningKeys().publicKeyPem)).toMatchObject({ valid: false, problem: expect.stringContaining('is not genuine') });
  });
});
