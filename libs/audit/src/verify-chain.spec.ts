import type { StoredEvent } from '@tracker/event-store';
import { PROGRAMME, fixtureEvent, fixtureHistory } from './audit-fixtures';
import { SignedDigest, generateSigningKeys, keyFingerprint, loadPrivateKey, loadPublicKey, signDigest } from './digest';
import { ChainBuilder, ChainEntry, GENESIS, chainEvents } from './hash-chain';
import { ChainVerifier, verifyChain } from './verify-chain';

const keys = generateSigningKeys();
const privateKey = loadPrivateKey(keys.privateKeyPem);
const publicKey = loadPublicKey(keys.publicKeyPem);

/** What the system would have signed at this position, over the genuine history. */
function digestAt(history: readonly StoredEvent[], position: number, programmeId = PROGRAMME): SignedDigest {
  const builder = new ChainBuilder();
  history.filter((event) => event.position <= position).forEach((event) => builder.add(event));
  return signDigest({ programmeId, position, eventCount: builder.count, headHash: builder.head, takenAt: '2026-03-04T09:00:00.000Z', reason: 'board meeting' }, privateKey);
}

/** Stored entries without previousHash, as a chain table that keeps only the hash would give them. */
const hashesOnly = (entries: ChainEntry[]): ChainEntry[] => entries.map(({ position, eventId, hash }) => ({ position, eventId, hash }));

describe('verifyChain', () => {
  const history = fixtureHistory(8); // positions 10, 20 … 80
  const recordedChain = chainEvents(history);
  const replace = (position: number, event: StoredEvent) => history.map((e) => (e.position === position ? event : e));

  describe('against the recorded chain', () => {
    it('passes an untouched history', () => {
      expect(verifyChain(history, { recordedChain })).toMatchObject({ valid: true, events: 8, headHash: recordedChain[7].hash, coverage: { covered: 0, uncovered: 8 } });
    });

    it('names the event whose data was altered', () => {
      const altered = replace(40, fixtureEvent(4, { data: { findingId: 'f-1', note: 'closed with evidence' } }));
      expect(verifyChain(altered, { recordedChain: hashesOnly(recordedChain) })).toMatchObject({
        valid: false,
        firstBadPosition: 40,
        problem: `event at position 40 (FindingClosed on programme-${PROGRAMME}-finding-f-1) was altered after it was recorded: it no longer matches the recorded chain`,
      });
    });

    it('names an event replaced by a different one', () => {
      const replaced = replace(30, fixtureEvent(3, { eventId: 'e-forged' }));
      expect(verifyChain(replaced, { recordedChain })).toMatchObject({ firstBadPosition: 30, problem: expect.stringContaining('was altered after it was recorded: the chain recorded event') });
    });

    it('names the position of a removed event', () => {
      const removed = history.filter((e) => e.position !== 50);
      expect(verifyChain(removed, { recordedChain })).toMatchObject({
        valid: false,
        events: 7,
        firstBadPosition: 50,
        problem: `event at position 50 (recorded as event ${history[4].eventId}) is missing: it was removed after it was recorded`,
      });
    });

    it('names the first of several events cut from the end', () => {
      expect(verifyChain(history.slice(0, 6), { recordedChain })).toMatchObject({ valid: false, firstBadPosition: 70, problem: expect.stringContaining('removed') });
    });

    it('names an inserted event', () => {
      const inserted = [...history.slice(0, 5), fixtureEvent(6, { eventId: 'e-extra', position: 55 }), ...history.slice(5)];
      expect(verifyChain(inserted, { recordedChain })).toMatchObject({
        valid: false,
        firstBadPosition: 55,
        problem: `event at position 55 (FindingEvidenced on programme-${PROGRAMME}-finding-f-2) is not in the recorded chain: it was inserted after the chain was recorded`,
      });
    });

    it('takes events after the end of the recorded chain as appended since', () => {
      expect(verifyChain(history, { recordedChain: recordedChain.slice(0, 5) })).toMatchObject({ valid: true, events: 8 });
    });

    it('says when the recorded chain itself is out of order', () => {
      const repeated = [...recordedChain.slice(0, 3), recordedChain[1], ...recordedChain.slice(3)];
      expect(verifyChain(history, { recordedChain: repeated })).toMatchObject({ valid: false, problem: expect.stringContaining('recorded chain itself is out of order at position 20') });
    });
  });

  describe('against a recorded chain that may have lost entries too (as an export can)', () => {
    it('says between which events one was removed, when its entry went with it', () => {
      const without = (list: { position: number }[]) => list.filter((item) => item.position !== 50);
      expect(verifyChain(without(history) as StoredEvent[], { recordedChain: without(recordedChain) as ChainEntry[] })).toMatchObject({
        valid: false,
        problem: expect.stringContaining('the recorded chain breaks between position 40 and position 60: an event recorded between them was removed'),
      });
    });

    it('names an event inserted with a forged entry of its own', () => {
      const extra = fixtureEvent(6, { eventId: 'e-extra', position: 55 });
      const forged = chainEvents([...history.slice(0, 5), extra])[5];
      const result = verifyChain([...history.slice(0, 5), extra, ...history.slice(5)], { recordedChain: [...recordedChain.slice(0, 5), forged, ...recordedChain.slice(5)] });
      expect(result).toMatchObject({ valid: false, firstBadPosition: 55, problem: expect.stringContaining('event at position 55 (FindingEvidenced on') });
      expect(result.problem).toContain('was inserted');
    });

    it('notices when the first events are gone', () => {
      expect(verifyChain(history.slice(2), { recordedChain: recordedChain.slice(2) })).toMatchObject({ valid: false, problem: expect.stringContaining('does not follow on from the start') });
    });
  });

  describe('order', () => {
    it('names an event that appears twice', () => {
      expect(verifyChain([...history.slice(0, 3), history[2]], {})).toMatchObject({ valid: false, firstBadPosition: 30, problem: expect.stringContaining('appears a second time: the second copy was inserted') });
    });

    it('names an event out of recorded order', () => {
      const swapped = [history[0], history[2], history[1]];
      expect(verifyChain(swapped, {})).toMatchObject({ valid: false, firstBadPosition: 20, problem: expect.stringContaining('comes after position 30') });
    });
  });

  describe('against signed digests', () => {
    const digests = [digestAt(history, 50), digestAt(history, 80)];

    it('passes an untouched history and says how far the signatures reach', () => {
      const fingerprint = keyFingerprint(publicKey);
      const newest = { position: 80, eventCount: 8, headHash: recordedChain[7].hash, takenAt: '2026-03-04T09:00:00.000Z', reason: 'board meeting', keyFingerprint: fingerprint };
      expect(verifyChain(history, { digests, publicKey })).toEqual({
        valid: true,
        events: 8,
        headHash: recordedChain[7].hash,
        signedUpTo: 80,
        coverage: {
          digest: newest,
          covered: 8,
          uncovered: 0,
          statement: `Events up to position 80 (8 events) match the signed digest of 2026-03-04T09:00:00.000Z (board meeting), signed by key ${fingerprint}; there are no later events, so every event given is covered.`,
        },
        digestsChecked: [{ ...newest, position: 50, eventCount: 5, headHash: recordedChain[4].hash }, newest],
      });
    });

    it('checks a digest taken between two events when the events pass it', () => {
      expect(verifyChain(history, { digests: [digestAt(history, 55)], publicKey })).toMatchObject({ valid: true, signedUpTo: 55 });
    });

    it('fails an event altered before a digest, naming the digest', () => {
      const altered = replace(30, fixtureEvent(3, { data: { findingId: 'f-1', note: 'softened' } }));
      const result = verifyChain(altered, { digests, publicKey });
      expect(result).toMatchObject({
        valid: false,
        problem:
          'events at or before position 50 do not match the digest at position 50 (taken 2026-03-04T09:00:00.000Z): at least one event from the first event and at or before position 50 was altered after it was signed',
        changedBetween: { after: 0, upTo: 50 },
      });
      expect(result.firstBadPosition).toBeUndefined();
    });

    it('names the event itself when the recorded chain is given as well', () => {
      const altered = replace(30, fixtureEvent(3, { data: { findingId: 'f-1', note: 'softened' } }));
      expect(verifyChain(altered, { digests, publicKey, recordedChain })).toMatchObject({ valid: false, firstBadPosition: 30, problem: expect.stringContaining('event at position 30 (') });
    });

    it('cannot vouch for events after the last digest: signedUpTo and the coverage say where the signatures stop, never "intact"', () => {
      const altered = replace(70, fixtureEvent(7, { data: { note: 'after the digest' } }));
      const result = verifyChain(altered, { digests: [digestAt(history, 50)], publicKey });
      expect(result).toMatchObject({ valid: true, signedUpTo: 50, coverage: { digest: { position: 50, eventCount: 5 }, covered: 5, uncovered: 3 } });
      expect(result.coverage.statement).toMatch(/^Events up to position 50 \(5 events\) match the signed digest of 2026-03-04T09:00:00.000Z \(board meeting\), signed by key [0-9a-f]{64}; 3 later events are not covered by any digest\.$/);
      expect(result.coverage.statement).not.toMatch(/intact|checks out/);
    });

    it('says plainly when no digest covers anything', () => {
      expect(verifyChain(history, { digests: [], publicKey }).coverage).toEqual({
        covered: 0,
        uncovered: 8,
        statement: 'No signed digest covers any of these 8 events: nothing but the server’s own records vouches for them.',
      });
      expect(verifyChain(history.slice(0, 1), {}).coverage.statement).toBe('No signed digest covers any of these 1 event: nothing but the server’s own records vouches for them.');
    });

    it('names the span between the last matching digest and the first contradicted one', () => {
      const altered = replace(70, fixtureEvent(7, { data: { note: 'softened' } }));
      const result = verifyChain(altered, { digests, publicKey });
      expect(result).toMatchObject({ valid: false, changedBetween: { after: 50, upTo: 80 }, coverage: { covered: 5, uncovered: 3 } });
      expect(result.problem).toContain('at least one event after position 50 (up to which the digest of 2026-03-04T09:00:00.000Z still matches) and at or before position 80 was altered');
    });

    it('names a missing tail: how many events the digest vouches for and how many were given', () => {
      const result = verifyChain(history.slice(0, 6), { digests, publicKey });
      expect(result).toMatchObject({ valid: false, changedBetween: { after: 50, upTo: 80 } });
      expect(result.problem).toBe(
        'the digest at position 80 (taken 2026-03-04T09:00:00.000Z) vouches for 8 events up to that position, but 6 were given: 2 events after position 50 (up to which the digest of 2026-03-04T09:00:00.000Z still matches) and at or before position 80 were removed after it was signed',
      );
    });

    it('fails a history cut short of a digest, naming the digest and the counts', () => {
      expect(verifyChain(history.slice(0, 4), { digests, publicKey })).toMatchObject({
        valid: false,
        problem: expect.stringContaining('the digest at position 50 (taken 2026-03-04T09:00:00.000Z) vouches for 5 events up to that position, but 4 were given'),
      });
    });

    it('fails a digest changed to match an altered history', () => {
      const altered = replace(30, fixtureEvent(3, { data: { note: 'softened' } }));
      const genuine = digestAt(history, 50);
      const forged = { ...genuine, headHash: chainEvents(altered)[4].hash };
      expect(verifyChain(altered, { digests: [forged], publicKey })).toMatchObject({ valid: false, problem: expect.stringContaining('the digest at position 50 (taken 2026-03-04T09:00:00.000Z) is not genuine') });
    });

    it('fails a digest checked with another key', () => {
      const other = loadPublicKey(generateSigningKeys().publicKeyPem);
      expect(verifyChain(history, { digests, publicKey: other })).toMatchObject({ valid: false, problem: expect.stringContaining('is not genuine') });
    });

    it('refuses digests of different programmes', () => {
      expect(verifyChain(history, { digests: [digestAt(history, 50), digestAt(history, 80, 'p-0002')], publicKey })).toMatchObject({
        valid: false,
        problem: expect.stringContaining('different programmes (p-0001, p-0002)'),
      });
    });

    it('needs the public key to check digests', () => {
      expect(() => verifyChain(history, { digests })).toThrow('without the public key');
    });
  });

  it('passes an empty history with nothing expected', () => {
    expect(verifyChain([], {})).toMatchObject({ valid: true, events: 0, headHash: GENESIS, coverage: { covered: 0, uncovered: 0 }, digestsChecked: [] });
  });

  it('verifies from an async source one event at a time, as the store reads', async () => {
    async function* readAll() {
      yield* history;
    }
    const verifier = new ChainVerifier({ recordedChain, digests: [digestAt(history, 80)], publicKey });
    for await (const event of readAll()) verifier.add(event);
    expect(verifier.result()).toEqual(verifyChain(history, { recordedChain, digests: [digestAt(history, 80)], publicKey }));
    expect(verifier.result()).toEqual(verifier.result());
    expect(() => verifier.add(history[0])).toThrow('after result()');
  });
});
