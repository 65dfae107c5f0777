import type { StoredEvent } from '@tracker/event-store';
import { fixtureEvent, fixtureHistory } from './audit-fixtures';
import { ChainBuilder, GENESIS, chainEvents, chainedForm, entryHash } from './hash-chain';

describe('hash chain', () => {
  // A known answer, so a change to the scheme cannot pass unnoticed. The first hash was checked
  // outside this code: printf '%s\n%s' <64 zeros> '<canonical form>' | sha256sum
  const first: StoredEvent = {
    eventId: 'e-1',
    streamId: 'programme-p-finding-f',
    streamRevision: 0,
    position: 7,
    type: 'FindingRaised',
    schemaVersion: 1,
    data: { title: 'ELI late' },
    metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00.000Z' },
  };
  const second: StoredEvent = { ...first, eventId: 'e-2', streamRevision: 1, position: 9, type: 'FindingClosed', data: {} };

  it('hashes the previous hash, a newline and the canonical form, starting from 64 zeros', () => {
    expect(GENESIS).toBe('0'.repeat(64));
    expect(chainEvents([first, second])).toEqual([
      { position: 7, eventId: 'e-1', previousHash: GENESIS, hash: '191a33bb4cc486b2306e2e042633e33e8f42949bd67ac273ebbcc58a826741e5' },
      { position: 9, eventId: 'e-2', previousHash: '191a33bb4cc486b2306e2e042633e33e8f42949bd67ac273ebbcc58a826741e5', hash: '18008a2701572cef7aada8147c89fd1736d53b12eb310b9a55a317619b462e78' },
    ]);
  });

  it('is deterministic: the same history always gives the same chain, whatever the key order', () => {
    const reversed = (value: unknown): unknown =>
      typeof value !== 'object' || value === null || Array.isArray(value) ? value : Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
    const reordered = fixtureHistory(5).map((event) => reversed(event) as StoredEvent);
    expect(Object.keys(reordered[0])[0]).toBe('metadata');
    expect(chainEvents(fixtureHistory(5))).toEqual(chainEvents(fixtureHistory(5)));
    expect(chainEvents(reordered).map((entry) => entry.hash)).toEqual(chainEvents(fixtureHistory(5)).map((entry) => entry.hash));
  });

  it('covers exactly the eight stored fields: anything beside them is not chained', () => {
    const withExtra = { ...first, chain: { hash: 'x' }, upcastFrom: 0 } as StoredEvent;
    expect(Object.keys(chainedForm(withExtra)).sort()).toEqual(['data', 'eventId', 'metadata', 'position', 'schemaVersion', 'streamId', 'streamRevision', 'type']);
    expect(entryHash(GENESIS, withExtra)).toBe(entryHash(GENESIS, first));
  });

  it.each<[string, Partial<StoredEvent>]>([
    ['eventId', { eventId: 'e-x' }],
    ['streamId', { streamId: 'programme-p-finding-g' }],
    ['streamRevision', { streamRevision: 1 }],
    ['position', { position: 8 }],
    ['type', { type: 'FindingReopened' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['data', { data: { title: 'ELI late ' } }],
    ['metadata', { metadata: { ...first.metadata, effectiveAt: '2025-12-31T00:00:00.000Z' } }],
  ])('changes when %s changes', (_, change) => {
    expect(entryHash(GENESIS, { ...first, ...change })).not.toBe(entryHash(GENESIS, first));
  });

  it('changes every later hash when an earlier event changes', () => {
    const history = fixtureHistory(4);
    const altered = [history[0], fixtureEvent(2, { data: { note: 'quietly changed' } }), history[2], history[3]];
    const [a, b] = [chainEvents(history), chainEvents(altered)];
    expect(b[0].hash).toBe(a[0].hash);
    for (const i of [1, 2, 3]) expect(b[i].hash).not.toBe(a[i].hash);
  });

  describe('ChainBuilder', () => {
    it('streams to the same head as chainEvents, one event at a time', () => {
      const builder = new ChainBuilder();
      expect([builder.head, builder.count, builder.lastPosition]).toEqual([GENESIS, 0, undefined]);
      const heads = fixtureHistory(6).map((event) => builder.add(event));
      expect(heads).toEqual(chainEvents(fixtureHistory(6)).map((entry) => entry.hash));
      expect([builder.head, builder.count, builder.lastPosition]).toEqual([heads[5], 6, 60]);
    });

    it('carries on from a checkpoint to the same head', () => {
      const history = fixtureHistory(6);
      const early = new ChainBuilder();
      history.slice(0, 3).forEach((event) => early.add(event));
      const resumed = new ChainBuilder({ head: early.head, count: early.count, lastPosition: early.lastPosition });
      history.slice(3).forEach((event) => resumed.add(event));
      expect(resumed.head).toBe(chainEvents(history)[5].hash);
      expect(resumed.count).toBe(6);
    });

    it('refuses events out of recorded order, or twice', () => {
      const builder = new ChainBuilder();
      builder.add(fixtureEvent(2));
      expect(() => builder.add(fixtureEvent(1))).toThrow('position 10 came after 20');
      expect(() => builder.add(fixtureEvent(2))).toThrow('position 20 came after 20');
      expect(builder.count).toBe(1);
    });

    it('refuses a checkpoint that is not a chain hash', () => {
      expect(() => new ChainBuilder({ head: 'abc', count: 0, lastPosition: undefined })).toThrow('Not a chain hash');
    });
  });
});
