import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DURABLE_PRAGMAS, EVENTS_SCHEMA, NewEvent, SqliteEventStore } from '@tracker/event-store';
import { Figure, timed } from './bench-kit';

interface Planned {
  readonly streamId: string;
  readonly revision: number;
  readonly event: NewEvent;
}

/** One event per command, spread round-robin over many streams, as commands arrive in practice. */
function plan(events: number, streams: number): Planned[] {
  const streamIds = Array.from({ length: streams }, () => `programme-${randomUUID()}`);
  return Array.from({ length: events }, (_, i) => ({
    streamId: streamIds[i % streams],
    revision: Math.floor(i / streams),
    event: {
      eventId: randomUUID(),
      type: 'FindingRaised',
      schemaVersion: 1,
      data: { findingId: randomUUID(), title: `Finding ${i}`, severity: 'high', owner: 'Head of ICT', dueDate: '2027-02-01' },
      metadata: {
        userId: 'adviser-1',
        role: 'adviser',
        correlationId: randomUUID(),
        causationId: randomUUID(),
        recordedAt: new Date(Date.UTC(2026, 10, 22) + i).toISOString(),
      },
    },
  }));
}

function rawDatabase(file: string, synchronous: 'FULL' | 'NORMAL'): Database.Database {
  const db = new Database(file);
  for (const pragma of DURABLE_PRAGMAS) db.pragma(pragma);
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(EVENTS_SCHEMA);
  return db;
}

/** Plain better-sqlite3: the same rows into the same table, no checks, `perTransaction` rows a commit. */
function rawInserts(file: string, planned: readonly Planned[], synchronous: 'FULL' | 'NORMAL', perTransaction: number): number {
  const db = rawDatabase(file, synchronous);
  const insert = db.prepare(
    `INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const commit = db.transaction((rows: readonly Planned[]) => {
    for (const { streamId, revision, event } of rows) {
      insert.run(event.eventId, streamId, revision, event.type, event.schemaVersion, JSON.stringify(event.data), JSON.stringify(event.metadata), event.metadata.recordedAt);
    }
  });
  const start = process.hrtime.bigint();
  for (let i = 0; i < planned.length; i += perTransaction) commit(planned.slice(i, i + perTransaction));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return planned.length / seconds;
}

async function storeAppends(file: string, planned: readonly Planned[], writers: number): Promise<number> {
  const store = new SqliteEventStore(file);
  // Writer w owns the streams with index ≡ w (mod writers), so writers never conflict with each other.
  const perWriter = Array.from({ length: writers }, (_, w) => planned.filter((_, i) => i % writers === w));
  const { seconds } = await timed(() =>
    Promise.all(
      perWriter.map(async (mine) => {
        for (const { streamId, revision, event } of mine) {
          await store.appendToStream(streamId, [event], revision === 0 ? 'no_stream' : revision - 1);
        }
      }),
    ),
  );
  await store.close();
  return planned.length / seconds;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Disk sync times on a shared machine drift by a factor of two within a minute, so the store and
 * its baseline are measured in alternating rounds and compared round by round (median of ratios).
 */
export async function benchEventStore(directory: string, events: number, streams: number, rounds: number): Promise<Figure[]> {
  mkdirSync(directory, { recursive: true });
  const file = (name: string) => {
    const path = join(directory, `${name}.sqlite`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return path;
  };
  const workload = `${events.toLocaleString('en-GB')} events, ${streams.toLocaleString('en-GB')} streams, ${rounds} rounds`;
  // Fresh events for each run (ids are unique within a file); a warm-up keeps the JIT out of the first figure.
  const fresh = () => plan(events, streams);
  await storeAppends(file('warm-up'), plan(Math.min(events, 500), 50), 1);
  rawInserts(file('warm-up'), plan(Math.min(events, 500), 50), 'NORMAL', 1);

  const runs = { raw: [] as number[], single: [] as number[], rawGroup: [] as number[], eight: [] as number[], normal: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    process.stdout.write(`  round ${round + 1}/${rounds}\n`);
    runs.raw.push(rawInserts(file('raw'), fresh(), 'FULL', 1));
    runs.single.push(await storeAppends(file('store'), fresh(), 1));
    runs.rawGroup.push(rawInserts(file('raw'), fresh(), 'FULL', 8));
    runs.eight.push(await storeAppends(file('store'), fresh(), 8));
    runs.normal.push(rawInserts(file('raw'), fresh(), 'NORMAL', 1));
  }
  for (const name of ['warm-up', 'raw', 'store']) file(name);

  const figure = (name: string, values: number[], unit = 'events/s'): Figure => ({ name, workload, value: median(values), unit });
  const ratioTo = (values: number[], base: number[]) => median(values.map((v, i) => v / base[i]));
  const raw = figure('raw insert, FULL, 1 per txn', runs.raw);
  const rawGroup = figure('raw insert, FULL, 8 per txn', runs.rawGroup);
  return [
    raw,
    { ...figure('raw insert, NORMAL, 1 per txn (not durable)', runs.normal), baseline: raw.name, ratio: ratioTo(runs.normal, runs.raw) },
    { ...rawGroup, baseline: raw.name, ratio: ratioTo(runs.rawGroup, runs.raw) },
    { ...figure('store append, 1 writer', runs.single), baseline: raw.name, ratio: ratioTo(runs.single, runs.raw), aim: '≥ 0.8 × raw 1 per txn' },
    { ...figure('store append, 8 writers', runs.eight), baseline: raw.name, ratio: ratioTo(runs.eight, runs.raw), aim: '≥ 3 × raw 1 per txn' },
    { ...figure('store append, 8 writers', runs.eight), baseline: rawGroup.name, ratio: ratioTo(runs.eight, runs.rawGroup), aim: 'group commit ceiling' },
  ];
}
