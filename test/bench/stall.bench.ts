import Database from 'better-sqlite3';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORIZATION, startServerProcess } from '../support/server-process';
import { Figure } from './bench-kit';
import { seedHistory } from './history';

const say = (line: string) => process.stdout.write(`${line}\n`);
const thousands = (n: number) => Math.round(n).toLocaleString('en-GB');
const IMPORT_FILE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports', 'contracts-5000.xlsx');

const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

/** Asks `url` again and again, `gapMs` apart, until stopped; every answer's latency in ms. */
function probe(url: string, gapMs: number, headers: Record<string, string> = {}) {
  const latencies: number[] = [];
  const failures: string[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (!response.ok) failures.push(`${response.status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return { latencies, failures };
    },
  };
}

/** The server's resident memory, sampled every 50 ms while sampling; the peak in MiB (Linux only). */
function rssSampler(pid: number) {
  let peak = 0;
  const read = () => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]) / 1024);
    } catch {
      // not Linux, or the process is gone: no figure
    }
  };
  read();
  const timer = setInterval(read, 50);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

interface Heavy {
  readonly name: string;
  readonly run: () => Promise<{ status: number; bytes: number }>;
}

/**
 * One programme with `events` events, served by the built server in its own process. While each
 * heavy request is in flight, `/health` is asked every 20 ms and the programme's dashboard API every
 * 50 ms: their p99 latency beside the same probes with nothing heavy in flight, in the same run,
 * and the server's peak resident memory during each request.
 */
export async function benchStall(directory: string, events: number): Promise<Figure[]> {
  const dataDir = join(directory, 'stall');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const workload = `${thousands(events)} events in one programme`;
  // The first start on an empty store creates the administrator whose token the requests carry;
  // the history is written after it (its users' streams are outside the programme's).
  const first = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, 60_000);
  first.child.kill('SIGTERM');
  await first.exited;
  say(`stall: seeding ${workload}...`);
  const eventsFile = join(dataDir, 'events.sqlite');
  const { programmeIds } = seedHistory(eventsFile, 1, events, (written) => written % 200_000 < 1_000 && say(`    ${thousands(written)} written`));
  const programmeId = programmeIds[0];
  const seeded = new Database(eventsFile, { readonly: true });
  const recordedAt = (offset: number) => seeded.prepare<[number], { recorded_at: string }>('SELECT recorded_at FROM events ORDER BY position LIMIT 1 OFFSET ?').get(offset)!.recorded_at;
  const lastRecordedAt = seeded.prepare<[], { recorded_at: string }>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').get()!.recorded_at;
  const halfWayRecordedAt = recordedAt(Math.floor(events / 2));
  seeded.close();

  const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, 60_000);
  const pid = server.child.pid!;
  const api = `${server.url}/api/programmes/${programmeId}`;
  say('  server listening; catching up the read models...');
  // Ready, and the background snapshots caught up too, so that the baseline is a quiet server's.
  for (let since = Date.now(); ; ) {
    const health = (await (await fetch(`${server.url}/health`)).json()) as { ready?: boolean; snapshots?: { caughtUp?: boolean } };
    if (health.ready && health.snapshots?.caughtUp) break;
    if (Date.now() - since > 1_800_000) throw new Error('the server did not catch up within 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const idleRss = rssSampler(pid).stop();

  const fetchAll = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, headers: { ...AUTHORIZATION, ...(init.headers as Record<string, string>) } });
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    return { status: response.status, bytes };
  };
  const heavies: Heavy[] = [
    { name: 'audit trail exported as CSV', run: () => fetchAll(`${api}/audit?format=csv`) },
    { name: 'audit trail exported as JSONL', run: () => fetchAll(`${api}/audit?format=jsonl`) },
    { name: 'chain verification', run: () => fetchAll(`${api}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }) },
    { name: 'dashboard asOf the last event', run: () => fetchAll(`${api}/dashboard?asOf=${encodeURIComponent(lastRecordedAt)}`) },
    // Back-dated events have no bound, so everything recorded after the snapshot is read: the longest replay.
    { name: 'dashboard validAt half-way (a replay of half the history)', run: () => fetchAll(`${api}/dashboard?validAt=${encodeURIComponent(halfWayRecordedAt)}`) },
    { name: 'board pack PDF', run: () => fetchAll(`${api}/board-pack.pdf`) },
    {
      name: 'import of the 5,000-row contracts register',
      run: () => {
        const form = new FormData();
        form.append('file', new Blob([readFileSync(IMPORT_FILE)]), 'contracts-5000.xlsx');
        return fetchAll(`${api}/imports?register=contracts`, { method: 'POST', body: form });
      },
    },
  ];

  const measure = async (work: () => Promise<unknown>) => {
    const health = probe(`${server.url}/health`, 20);
    const dashboard = probe(`${api}/dashboard`, 50, AUTHORIZATION);
    const rss = rssSampler(pid);
    const started = performance.now();
    const outcome = await work();
    const seconds = (performance.now() - started) / 1000;
    const peak = rss.stop();
    const [h, d] = [await health.stop(), await dashboard.stop()];
    if (h.failures.length + d.failures.length > 0) say(`    probes failed: health ${h.failures.slice(0, 3).join(', ')}; dashboard ${d.failures.slice(0, 3).join(', ')}`);
    return { outcome, seconds, peak, health: percentile(h.latencies, 0.99), dashboard: percentile(d.latencies, 0.99), samples: h.latencies.length };
  };

  say('  probes with nothing heavy in flight...');
  const idle = await measure(() => new Promise((resolve) => setTimeout(resolve, 3_000)));
  const baseHealth: Figure = { name: 'GET /health p99, nothing heavy in flight', workload, value: idle.health, unit: 'ms' };
  const baseDashboard: Figure = { name: 'dashboard API p99, nothing heavy in flight', workload, value: idle.dashboard, unit: 'ms' };
  const baseRss: Figure = { name: 'server resident memory, idle after catching up', workload, value: idleRss, unit: 'MiB' };
  const figures: Figure[] = [baseHealth, baseDashboard, baseRss];
  // BENCH_STALL_HEAVY (e.g. `import,PDF`) measures only the heavy requests whose names contain one of them.
  const chosen = process.env.BENCH_STALL_HEAVY?.split(',').map((part) => part.trim().toLowerCase());
  for (const heavy of heavies.filter((h) => chosen === undefined || chosen.some((c) => h.name.toLowerCase().includes(c)))) {
    say(`  ${heavy.name}...`);
    const m = await measure(heavy.run);
    const { status, bytes } = m.outcome as { status: number; bytes: number };
    say(`    ${status}, ${thousands(bytes / 1024)} KiB in ${m.seconds.toFixed(1)} s; /health p99 ${m.health.toFixed(0)} ms over ${m.samples} probes; dashboard p99 ${m.dashboard.toFixed(0)} ms; peak RSS ${m.peak.toFixed(0)} MiB`);
    const during = `${workload}; during ${heavy.name} (${status}, ${m.seconds.toFixed(1)} s)`;
    figures.push(
      { name: `GET /health p99 during ${heavy.name}`, workload: during, value: m.health, unit: 'ms', baseline: baseHealth.name, ratio: m.health / idle.health, aim: '≤ 50 ms' },
      { name: `dashboard API p99 during ${heavy.name}`, workload: during, value: m.dashboard, unit: 'ms', baseline: baseDashboard.name, ratio: m.dashboard / idle.dashboard, aim: '≤ 100 ms' },
      { name: `server peak resident memory during ${heavy.name}`, workload: during, value: m.peak, unit: 'MiB', baseline: baseRss.name, ratio: m.peak / idleRss, aim: '≤ 512 MiB' },
    );
  }
  // Audit pages as the API serves them, from the audit index: the median of 5 requests each. The
  // first page is the baseline: a page deeper in the history should cost no more.
  const pageMs = async (query: string) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const { status } = await fetchAll(`${api}/audit?${query}`);
      if (status !== 200) throw new Error(`GET audit?${query} answered ${status}`);
      times.push(performance.now() - started);
    }
    return percentile(times, 0.5);
  };
  const firstPage = { name: 'audit trail API, the first page of 100 entries (median of 5)', workload, value: await pageMs('offset=0&limit=100'), unit: 'ms', aim: '≤ 100 ms' };
  figures.push(firstPage);
  for (const [which, query] of [
    ['middle', `offset=${Math.floor(events / 2)}&limit=100`],
    ['last', `offset=${events - 100}&limit=100`],
    ['contracts area’s middle', `area=contracts&offset=${Math.floor(events / 4)}&limit=100`],
    ['one person’s (a quarter of the events) middle', `userId=board-1&offset=${Math.floor(events / 8)}&limit=100`],
  ] as const) {
    const ms = await pageMs(query);
    say(`  audit page, the ${which} 100 entries: ${ms.toFixed(0)} ms`);
    figures.push({ name: `audit trail API, the ${which} page of 100 entries (median of 5)`, workload, value: ms, unit: 'ms', baseline: firstPage.name, ratio: ms / firstPage.value, aim: '≤ 100 ms' });
  }
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
  return figures;
}
