import { randomUUID } from 'node:crypto';
import { programmeOfStream } from '@tracker/domain';
import { GENESIS, chainEvents } from '@tracker/audit';
import { InMemoryEventStore, NewEvent, StoredEvent } from '@tracker/event-store';
import { ProjectionRunner } from '../projection-runner';
import { openReadStore } from '../read-store';
import { AuditChain, auditChainProjection } from './audit-chain.projection';

const P = '11111111-2222-4333-8444-555555555555';
const Q = '99999999-2222-4333-8444-555555555555';
const event = (type: string): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { n: type },
  metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-11-22T10:00:00.000Z' },
});

describe('audit chain projection', () => {
  it('chains each programme’s events on their own, applying each once, and answers heads at a position', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream(`programme-${P}`, [event('A')], 'no_stream');
    await store.appendToStream(`programme-${Q}`, [event('X')], 'no_stream');
    await store.appendToStream(`programme-${P}-item-1`, [event('B')], 'no_stream');
    await store.appendToStream(`user-1`, [event('U')], 'no_stream');
    const last = await store.appendToStream(`programme-${P}-finding-1`, [event('C')], 'no_stream');

    const db = openReadStore(':memory:');
    const runner = new ProjectionRunner(store, db, [auditChainProjection]);
    runner.start();
    await runner.waitFor(last.position);
    await runner.stop();
    const all: StoredEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    // Applying everything a second time changes nothing.
    db.transaction(() => all.forEach((e) => auditChainProjection.apply(e, db)))();

    const chain = new AuditChain(db);
    const expected = chainEvents(all.filter((e) => programmeOfStream(e.streamId) === P));
    expect([...chain.links(P)].map((l) => l.hash)).toEqual(expected.map((e) => e.hash));
    expect(chain.headAt(P)).toEqual({ position: last.position, eventCount: 3, headHash: expected[2].hash });
    expect(chain.headAt(P, 2)).toEqual({ position: 1, eventCount: 1, headHash: expected[0].hash });
    expect(chain.headAt('nobody')).toEqual({ position: 0, eventCount: 0, headHash: GENESIS });
  });

  it('counts a growing chain from the count it knew, exactly as a fresh count would, also at earlier heads', async () => {
    const store = new InMemoryEventStore();
    const db = openReadStore(':memory:');
    const runner = new ProjectionRunner(store, db, [auditChainProjection]);
    runner.start();
    const chain = new AuditChain(db);
    let written = 0;
    for (const round of [3, 1, 5]) {
      let last = 0;
      for (let i = 0; i < round; i++) {
        last = (await store.appendToStream(`programme-${P}-item-${written}`, [event('A')], 'no_stream')).position;
        await store.appendToStream(`programme-${Q}-item-${written++}`, [event('X')], 'no_stream');
      }
      await runner.waitFor(last + 1);
      expect(chain.headAt(P).eventCount).toBe(written);
      expect(new AuditChain(db).headAt(P)).toEqual(chain.headAt(P));
    }
    // An earlier head after a later one was counted: counted afresh, not from the later count.
    expect(chain.headAt(P, 6)).toEqual(new AuditChain(db).headAt(P, 6));
    expect(chain.headAt(P, 6).eventCount).toBe(3);
    expect(chain.headAt(P).eventCount).toBe(9);
    await runner.stop();
  });

  it('knows which programme a stream belongs to', () => {
    expect(programmeOfStream(`programme-${P}`)).toBe(P);
    expect(programmeOfStream(`programme-${P}-members`)).toBe(P);
    expect(programmeOfStream(`audit-digests-${P}`)).toBeUndefined();
    expect(programmeOfStream('user-1')).toBeUndefined();
  });
});
