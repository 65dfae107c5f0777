import { PACK_CHECK_MAX_CHARS, digestIn, packCheckOutcome } from './pack-check';

const programmeId = '0f8c2c1e-4d7a-4a53-9d7e-2f4b8a0c6e11';
const digest = { programmeId, position: 41, eventCount: 41, headHash: 'a'.repeat(64), takenAt: '2026-11-22T10:00:00.000Z', reason: 'board pack', keyFingerprint: 'b'.repeat(64), signature: 'c2lnbmVk' };
const pretty = JSON.stringify(digest, null, 2);

describe('the signed digest in what is pasted or uploaded', () => {
  it('reads the digest alone, inside a saved page with its quotes escaped, or with the line breaks a PDF reader adds', () => {
    expect(digestIn(pretty, programmeId)).toEqual({ digest });
    expect(digestIn(`<html><body><pre data-testid="signed-digest">${pretty.replace(/"/g, '&quot;')}</pre></body></html>`, programmeId)).toEqual({ digest });
    const wrapped = pretty.replace('"a', '"a\n').replace('c2ln', 'c2ln\r\n');
    expect(digestIn(wrapped, programmeId)).toEqual({ digest });
  });

  it('changes nothing else: a space inside a value stays, for the signature to refuse', () => {
    const spaced = pretty.replace('c2lnbmVk', 'c2ln bmVk');
    expect(digestIn(spaced, programmeId)).toEqual({ digest: { ...digest, signature: 'c2ln bmVk' } });
  });

  it('refuses, in words, nothing, text without a digest, a digest that cannot be read, one of another programme, and a field that is wrong', () => {
    expect(digestIn('  ', programmeId)).toEqual({ problem: 'Enter the signed digest, or choose a file that holds it' });
    expect(digestIn('all fine', programmeId)).toEqual({ problem: expect.stringContaining('must be the text between { and }') });
    expect(digestIn('{"signature": "x",}', programmeId)).toEqual({ problem: expect.stringContaining('could not be read') });
    expect(digestIn(pretty, 'another')).toEqual({ problem: expect.stringContaining('for another programme') });
    expect(digestIn(JSON.stringify({ ...digest, headHash: 'zz' }), programmeId)).toEqual({ problem: 'The signed digest’s chain head must be 64 hexadecimal characters' });
    expect(digestIn(JSON.stringify({ ...digest, eventCount: 1.5 }), programmeId)).toEqual({ problem: 'The signed digest’s event count must be a whole number' });
  });

  it('refuses hostile text unread when too long, and reads a megabyte of braces without finding a digest', () => {
    expect(digestIn('x'.repeat(PACK_CHECK_MAX_CHARS + 1), programmeId)).toEqual({ problem: expect.stringContaining('must be shorter than 1,000,000 characters') });
    expect(digestIn('{"a":'.repeat(199_999), programmeId)).toEqual({ problem: expect.stringContaining('must be the text between { and }') });
    expect(digestIn(`${'{'.repeat(500_000)}${pretty}`, programmeId)).toEqual({ digest });
  });
});

describe('what the check found', () => {
  const checked = { position: 41, eventCount: 41, headHash: 'a'.repeat(64), takenAt: digest.takenAt, reason: 'board pack', keyFingerprint: 'b'.repeat(64) };
  const coverage = { covered: 41, uncovered: 0, statement: '' };

  it('is genuine when the digest checked out, and says so apart from a problem elsewhere in the history', () => {
    expect(packCheckOutcome(digest, { valid: true, events: 41, headHash: 'a'.repeat(64), coverage, digestsChecked: [checked] })).toEqual({ genuine: true, historyIntact: true, checked });
    const later = { valid: false, events: 50, headHash: 'd'.repeat(64), coverage, digestsChecked: [checked], problem: 'event at position 45 was altered after it was recorded' };
    expect(packCheckOutcome(digest, later)).toMatchObject({ genuine: true, historyIntact: false, problem: later.problem });
  });

  it('is not genuine when its own signature failed, even beside a digest the tracker holds with the same figures', () => {
    const result = { valid: false, events: 41, headHash: 'a'.repeat(64), coverage, digestsChecked: [checked], problem: `the digest at position 41 (taken ${digest.takenAt}) is not genuine: its signature does not match` };
    expect(packCheckOutcome(digest, result)).toEqual({ genuine: false, historyIntact: false, problem: result.problem });
    expect(packCheckOutcome(digest, { valid: true, events: 41, headHash: 'a'.repeat(64), coverage, digestsChecked: [] }).genuine).toBe(false);
  });
});
