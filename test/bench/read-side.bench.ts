import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { SqliteEventStore } from '@tracker/event-store';
import { PROJECTIONS, ProgrammeSnapshots, ProjectionRunner, openReadStore } from '@tracker/read-models';
import { createApp } from '../../apps/api/src/app';
import { dashboardOf } from '../../apps/api/src/readiness/dashboard';
import { At, ProgrammeViews } from '../../apps/api/src/readiness/programme-views';
import { READ_STORE } from '../../apps/api/src/infrastructure/tokens';
import { loadConfig } from '../../apps/api/src/config/config';
import { AuditTrail, csvLines } from '../../apps/api/src/audit/audit-trail';
import { ChainVerification } from '../../apps/api/src/audit/chain-verification';
import { Figure, timed } from './bench-kit';
import { seedHistory } from './history';

const fresh = (path: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return path;
};
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const say = (line: string) => process.stdout.write(`${line}\n`);
const thousands = (n: number) => Math.round(n).toLocaleString('en-GB');

/** Every row of the events table read and parsed, as any consumer must: the floor under a rebuild. */
function rawRead(file: string): number {
  const db = new Database(file, { readonly: true });
  let count = 0;
  for (const row of db.prepare<[], { data: string; metadata: string }>('SELECT position, stream_id, stream_revision, type, data, metadata FROM events ORDER BY position').iterate()) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    count++;
  }
  db.close();
  return count;
}

/**
 * A small programme read by its stream prefix from the large store: through the store (by its
 * index), against the scan of every row that the same read made before the index, in this run.
 */
async function smallProgrammeRead(file: string, events = 1_000, repeats = 5): Promise<{ indexed: number; scanned: number; events: number }> {
  const store = new SqliteEventStore(file);
  const prefix = `programme-${randomUUID()}`;
  const metadata = { userId: 'bench', role: 'adviser', correlationId: 'bench', causationId: 'bench', recordedAt: new Date().toISOString() };
  for (let i = 0; i < events; i += 100) {
    const batch = Array.from({ length: 100 }, () => ({ eventId: randomUUID(), type: 'NoteAdded', schemaVersion: 1, data: { text: 'bench' }, metadata }));
    await store.appendToStream(`${prefix}-notes-${i}`, batch, 'any');
  }
  const indexed: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const run = await timed(async () => {
      let n = 0;
      for await (const _ of store.readAll({ streamPrefix: prefix })) n++;
      return n;
    });
    indexed.push(run.seconds);
  }
  await store.close();
  const db = new Database(file, { readonly: true });
  const scan = db.prepare<[number, number, string, number], { position: number; data: string; metadata: string }>(
    'SELECT position, event_id, stream_id, stream_revision, type, schema_version, data, metadata FROM events WHERE position > ? AND substr(stream_id, 1, ?) = ? ORDER BY position LIMIT ?',
  );
  const scanned: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const run = await timed(() => {
      let after = 0;
      let n = 0;
      for (;;) {
        const rows = scan.all(after, prefix.length, prefix, 1000);
        if (rows.length === 0) return n;
        for (const row of rows) {
          JSON.parse(row.data);
          JSON.parse(row.metadata);
        }
        n += rows.length;
        after = rows[rows.length - 1].position;
      }
    });
    scanned.push(run.seconds);
  }
  db.close();
  return { indexed: median(indexed), scanned: median(scanned), events };
}

/**
 * Builds the read models from an empty read store (hashing every event into the audit chain), then
 * rebuilds them as `npm run rebuild` does: every projection from zero, the recorded chain kept.
 */
async function buildThenRebuild(eventsFile: string, readFile: string): Promise<{ events: number; firstBuild: number; rebuild: number }> {
  const store = new SqliteEventStore(eventsFile);
  const db = openReadStore(fresh(readFile));
  const runner = new ProjectionRunner(store, db, PROJECTIONS, () => {});
  const head = await store.headPosition();
  const caughtUp = async (what: string) => {
    const progress = setInterval(() => say(`    ${what}: ${thousands(runner.position)} of ${thousands(head)}`), 10_000);
    const reached = await runner.waitFor(head, 3_600_000);
    clearInterval(progress);
    if (!reached || runner.failed) throw runner.failed ?? new Error(`the ${what} did not catch up`);
  };
  const first = await timed(async () => {
    runner.start();
    await caughtUp('first build');
  });
  say(`  first build: ${thousands(head / first.seconds)} events/s; rebuilding...`);
  const again = await timed(async () => {
    await runner.rebuild();
    await caughtUp('rebuild');
  });
  await runner.stop();
  await store.close();
  db.close();
  return { events: head, firstBuild: head / first.seconds, rebuild: head / again.seconds };
}

/** Building and rebuilding the read models from `programmes` × `perProgramme` events, against a raw read of the same rows. */
export async function benchRebuild(directory: string, programmes: number, perProgramme: number): Promise<Figure[]> {
  const events = programmes * perProgramme;
  const eventsFile = fresh(join(directory, 'rebuild-events.sqlite'));
  const workload = `${thousands(events)} events, ${programmes} programmes`;
  say(`rebuild: seeding ${workload}...`);
  const { programmeIds } = seedHistory(eventsFile, programmes, perProgramme, (written) => written % 200_000 < 1_000 * programmes && say(`    ${thousands(written)} written`));
  rawRead(eventsFile); // warm the page cache for both
  const raw = await timed(() => rawRead(eventsFile));
  say(`  raw read: ${thousands(raw.result / raw.seconds)} events/s; building the read models...`);
  const built = await buildThenRebuild(eventsFile, join(directory, 'rebuild-read.sqlite'));
  const audit = await auditTrailAndVerification(directory, programmeIds);
  const small = await smallProgrammeRead(eventsFile);
  const rawAgain = await timed(() => rawRead(eventsFile));
  for (const file of ['rebuild-events.sqlite', 'rebuild-read.sqlite']) fresh(join(directory, file));
  const rawRate = median([raw.result / raw.seconds, rawAgain.result / rawAgain.seconds]);
  const baseline: Figure = { name: 'raw read and parse of the events', workload, value: rawRate, unit: 'events/s' };
  return [
    baseline,
    { name: 'first build of the read models, chain hashed', workload, value: built.firstBuild, unit: 'events/s', baseline: baseline.name, ratio: built.firstBuild / rawRate },
    { name: 'rebuild of the read models (npm run rebuild)', workload, value: built.rebuild, unit: 'events/s', baseline: baseline.name, ratio: built.rebuild / rawRate, aim: '≥ 0.5 × raw read' },
    { name: 'audit trail exported as CSV, every programme', workload, value: audit.csv, unit: 'events/s', baseline: baseline.name, ratio: audit.csv / rawRate },
    { name: 'chain verified from the store, every programme', workload, value: audit.verified, unit: 'events/s', baseline: baseline.name, ratio: audit.verified / rawRate, aim: '≥ 100,000 events/s' },
    { name: 'one small programme read by scanning every row (before the prefix index)', workload: `${thousands(small.events)} of ${workload}`, value: small.scanned * 1000, unit: 'ms' },
    {
      name: 'one small programme read by its prefix index',
      workload: `${thousands(small.events)} of ${workload}`,
      value: small.indexed * 1000,
      unit: 'ms',
      baseline: 'one small programme read by scanning every row (before the prefix index)',
      ratio: small.indexed / small.scanned,
    },
  ];
}

/**
 * The audit trail of every programme as CSV, then every programme's chain verified against the
 * recorded chain and its digests, through the application's own services (HTTP adds a constant).
 */
async function auditTrailAndVerification(directory: string, programmeIds: readonly string[]): Promise<{ csv: number; verified: number }> {
  const config = loadConfig({
    DATA_DIR: join(directory, 'audit'),
    EVENT_STORE_FILE: join(directory, 'rebuild-events.sqlite'),
    READ_STORE_FILE: join(directory, 'rebuild-read.sqlite'),
    LOG_LEVEL: 'silent',
  });
  const app = await createApp({ config, logger: pino({ level: 'silent' }) });
  await app.init();
  const trail = app.get(AuditTrail);
  const verification = app.get(ChainVerification);
  let exported = 0;
  let bytes = 0;
  const csv = await timed(async () => {
    for (const programmeId of programmeIds) {
      // As the export route streams it: a line at a time, nothing kept.
      let lines = -1;
      for await (const line of csvLines(trail.stream(programmeId, {}))) {
        bytes += Buffer.byteLength(line);
        lines++;
      }
      exported += lines;
    }
  });
  say(`  audit CSV: ${thousands(exported / csv.seconds)} events/s (${thousands(bytes / 1024 / 1024)} MiB); verifying every chain...`);
  let verified = 0;
  // As many programmes at once as there are cores: each is verified in a worker thread of its own.
  const queue = [...programmeIds];
  const verify = await timed(() =>
    Promise.all(
      Array.from({ length: availableParallelism() }, async () => {
        for (let programmeId = queue.shift(); programmeId !== undefined; programmeId = queue.shift()) {
          const result = await verification.verify(programmeId);
          if (!result.valid) throw new Error(`the chain of ${programmeId} did not verify: ${JSON.stringify(result)}`);
          verified += result.events;
        }
      }),
    ),
  );
  await app.close();
  rmSync(join(directory, 'audit'), { recursive: true, force: true });
  return { csv: exported / csv.seconds, verified: verified / verify.seconds };
}

/**
 * The dashboard of one programme with a long history, asked of the running app in process (HTTP
 * adds about a millisecond): now, from the read models, as the baseline, then as of every tenth of
 * its history, from the snapshots taken as the events arrived (the history is seeded before the
 * app starts, so here they are taken as it catches up); last, as of the end with every snapshot
 * deleted, the whole history replayed as the first question was before snapshots were taken ahead.
 */
export async function benchAsOf(directory: string, perProgramme: number, repeats = 5): Promise<Figure[]> {
  const dataDir = join(directory, 'as-of');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const workload = `${thousands(perProgramme)} events in one programme`;
  say(`as-of dashboard: seeding ${workload}...`);
  const { programmeIds } = seedHistory(config.eventStoreFile, 1, perProgramme);
  const positions = new Database(config.eventStoreFile, { readonly: true })
    .prepare<[], { recorded_at: string }>('SELECT recorded_at FROM events ORDER BY position')
    .all()
    .map((row) => row.recorded_at);

  const app = await createApp({ config, logger });
  const views = app.get(ProgrammeViews);
  const projections = app.get(ProjectionRunner);
  const started = await timed(async () => {
    await app.init();
    await projections.waitFor(positions.length, 600_000);
  });
  const kept = await timed(() => views.snapshotKeeper.waitFor(positions.length, 600_000));
  if (!kept.result) throw new Error(`the snapshot keeper did not catch up: ${String(views.snapshotKeeper.failed)}`);
  const programmeId = programmeIds[0];
  const latency = async (at: At = {}) => (await timed(async () => dashboardOf(await views.judged(programmeId, at)))).seconds * 1000;
  const tenths = Array.from({ length: 10 }, (_, i) => positions[Math.min(positions.length - 1, Math.ceil(((i + 1) * positions.length) / 10) - 1)]);

  await latency();
  const now: number[] = [];
  for (let i = 0; i < repeats * 4; i++) now.push(await latency());
  const cold = await latency({ asOf: tenths[9] });
  const warm = [];
  for (const [i, when] of tenths.entries()) {
    const runs = [];
    for (let r = 0; r < repeats; r++) runs.push(await latency({ asOf: when }));
    warm.push({ tenth: i + 1, ms: median(runs) });
  }
  const validAt = [];
  for (let r = 0; r < repeats; r++) validAt.push(await latency({ validAt: tenths[4] }));
  // What the dashboard page asks for: the dashboard and the day-by-day trend it charts (measured
  // after the as-of figures, which must meet no snapshot this saves). The very first time, every
  // day of the history is judged once and kept; after that only the days since.
  const pageFirstEver = (await timed(async () => [dashboardOf(await views.judged(programmeId)), await views.trend(programmeId)])).seconds * 1000;
  const pageFirst = (await timed(async () => [dashboardOf(await views.judged(programmeId)), await views.trend(programmeId)])).seconds * 1000;
  const page: number[] = [];
  for (let i = 0; i < repeats * 4; i++) {
    page.push((await timed(async () => [dashboardOf(await views.judged(programmeId)), await views.trend(programmeId)])).seconds * 1000);
  }
  const trendDays = (await views.trend(programmeId)).length;
  const snapshotBytes = app.get(ProgrammeSnapshots).totalBytes();
  const storeBytes = ['', '-wal'].reduce((sum, suffix) => sum + (statSync(config.eventStoreFile + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);
  // As the first question was before snapshots were taken ahead: nothing to start from.
  app.get<Database.Database>(READ_STORE).prepare('DELETE FROM programme_snapshots').run();
  const fromTheStart = await latency({ asOf: tenths[9] });
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });

  const baseline: Figure = { name: 'dashboard now, from the read models', workload, value: median(now), unit: 'ms' };
  const vs = (ms: number) => ({ baseline: baseline.name, ratio: ms / baseline.value });
  const replayed: Figure = { name: 'dashboard asOf end, no snapshots (the whole history replayed)', workload, value: fromTheStart, unit: 'ms', ...vs(fromTheStart) };
  return [
    baseline,
    { name: 'start-up: read models caught up with the seeded history', workload, value: started.seconds * 1000, unit: 'ms' },
    { name: 'start-up: snapshots then taken in the background, caught up (after the read models)', workload, value: kept.seconds * 1000, unit: 'ms' },
    { name: `dashboard page's data, the first time ever (each of ${thousands(trendDays)} days judged once and kept)`, workload, value: pageFirstEver, unit: 'ms', ...vs(pageFirstEver) },
    { name: `dashboard page's data with its ${thousands(trendDays)}-day trend, loaded again`, workload, value: pageFirst, unit: 'ms', ...vs(pageFirst), aim: '≤ 50 ms' },
    { name: `dashboard page's data with its ${thousands(trendDays)}-day trend, median of ${repeats * 4}`, workload, value: median(page), unit: 'ms', ...vs(median(page)), aim: '≤ 50 ms' },
    replayed,
    { name: 'dashboard asOf end, the first question (snapshots taken as the events arrived)', workload, value: cold, unit: 'ms', baseline: replayed.name, ratio: cold / replayed.value, aim: '≤ 300 ms' },
    ...warm.map(({ tenth, ms }) => ({ name: `dashboard asOf ${tenth * 10}% of history`, workload, value: ms, unit: 'ms', ...vs(ms), aim: '≤ 300 ms' })),
    { name: 'dashboard validAt 50% of history', workload, value: median(validAt), unit: 'ms', ...vs(median(validAt)), aim: '≤ 300 ms' },
    { name: 'snapshot storage after replaying all of it', workload, value: snapshotBytes / 1048576, unit: 'MiB', baseline: 'the event store file', ratio: snapshotBytes / storeBytes, aim: '≤ 2 × the event store' },
  ];
}
