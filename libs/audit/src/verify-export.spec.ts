import type { StoredEvent } from '@tracker/event-store';
import { PROGRAMME, fixtureHistory } from './audit-fixtures';
import { generateSigningKeys, loadPrivateKey, signDigest } from './digest';
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
    expect(verifyExport(buildExport(history), digestsJson, keys.publicKeyPem)).toEqual({ valid: true, events: 8, headHash: chain[7].hash, signedUpTo: 80 });
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
    ['a digest file that is not a list', '{}', 'the digest file is not a JSON array of signed digests'],
    ['a digest without a signature', JSON.stringify([{ ...JSON.parse(digestsJson)[0], signature: undefined }]), 'digest 1 in the digest file is not a signed digest: missing or malformed signature'],
  ])('refuses %s', (_, digests, problem) => {
    expect(verifyExport(buildExport(history), digests, keys.publicKeyPem)).toEqual({ valid: false, events: 0, headHash: GENESIS, problem });
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
