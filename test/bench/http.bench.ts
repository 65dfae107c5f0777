import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUTHORIZATION, createProgramme, startServerProcess } from '../support/server-process';
import { Figure } from './bench-kit';
import type { LoadPlan, LoadResult } from './load';

const say = (line: string) => process.stdout.write(`${line}\n`);
const run = promisify(execFile);

/**
 * `requests` POSTs from `clients` concurrent keep-alive connections, made by autocannon in a
 * process of its own (load.ts), so the client is neither capped by nor competing with this
 * process's event loop. Each registers a contract of its own reference; every answer must be a 2xx.
 */
async function load(url: string, headers: Record<string, string>, requests: number, clients: number, offset: number): Promise<LoadResult> {
  const plan: LoadPlan = { url, headers, requests, clients, offset };
  const { stdout } = await run(process.execPath, [join(__dirname, 'load.js'), JSON.stringify(plan)], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result.requests < requests) {
    throw new Error(`POST ${url}: ${result.non2xx} answers not 2xx, ${result.errors} errors, ${result.timeouts} timeouts, ${result.requests} of ${requests} answered (${JSON.stringify(result.statusCodes)})`);
  }
  return result;
}

async function bareServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(__dirname, 'bare-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return { child, port };
}

/** The round with the most answers a second: the one least disturbed by whatever else the machine did. */
const best = (rounds: readonly LoadResult[]) => rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

/**
 * Commands end to end over HTTP — token check, membership, validation, decide, append with a
 * synced commit, inline projections — beside a bare NestJS route on the same Fastify adapter that
 * only validates the same request class. Each server is its own process, and so is the load
 * (autocannon, the same settings for both). The two are measured in alternating rounds and the
 * best round of each is reported, as sync times and other work on a shared machine drift.
 */
export async function benchHttp(directory: string, requests: number, clients: number, rounds = 3): Promise<Figure[]> {
  const workload = `${requests.toLocaleString('en-GB')} POSTs from ${clients} connections (autocannon, own process), best of ${rounds} alternating rounds`;
  say(`http: the bare route and the tracker registering contracts, ${workload}...`);
  const bare = await bareServer();
  const bareUrl = `http://127.0.0.1:${bare.port}/contracts`;
  const dataDir = join(directory, 'http');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  // BENCH_HTTP_PROFILE=DIR writes a CPU profile of the tracker's process under this load to DIR.
  const profile = process.env.BENCH_HTTP_PROFILE;
  const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, 20_000, profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`]);
  const programmeId = await createProgramme(server.url, 'Bench');
  const url = `${server.url}/api/programmes/${programmeId}/contracts`;
  try {
    // Warm-up: both servers' code paths compiled, the tracker's tables past their first pages.
    await load(bareUrl, {}, 1000, clients, 0);
    await load(url, AUTHORIZATION, 1000, clients, 0);
    const bareRounds: LoadResult[] = [];
    const trackerRounds: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      const offset = 1000 + round * requests;
      bareRounds.push(await load(bareUrl, {}, requests, clients, offset));
      trackerRounds.push(await load(url, AUTHORIZATION, requests, clients, offset));
    }
    const baseline = best(bareRounds);
    const tracker = best(trackerRounds);
    say(`http: bare rounds ${bareRounds.map((r) => Math.round(r.perSecond)).join(', ')} requests/s; tracker rounds ${trackerRounds.map((r) => Math.round(r.perSecond)).join(', ')} commands/s`);

    const base: Figure = { name: 'bare NestJS + Fastify route, same DTO and pipe', workload, value: baseline.perSecond, unit: 'requests/s' };
    return [
      base,
      { name: 'HTTP commands end to end (register a contract)', workload, value: tracker.perSecond, unit: 'commands/s', baseline: base.name, ratio: tracker.perSecond / baseline.perSecond, aim: '≥ 0.5 × bare route' },
      { name: 'bare route latency p50', workload, value: baseline.p50, unit: 'ms' },
      { name: 'bare route latency p99', workload, value: baseline.p99, unit: 'ms' },
      { name: 'HTTP command latency p50', workload, value: tracker.p50, unit: 'ms', baseline: 'bare route latency p50', ratio: tracker.p50 / baseline.p50 },
      { name: 'HTTP command latency p99', workload, value: tracker.p99, unit: 'ms', baseline: 'bare route latency p99', ratio: tracker.p99 / baseline.p99 },
    ];
  } finally {
    bare.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
