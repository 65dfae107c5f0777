import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { AUTHORIZATION, createProgramme, startServerProcess } from '../support/server-process';
import { Figure } from './bench-kit';

const say = (line: string) => process.stdout.write(`${line}\n`);
const contract = (i: number) => ({ reference: `B-${i}`, supplier: 'Carefirst Ltd', title: 'Case management system licences', annualValue: 120000, expiryDate: '2028-03-31', mechanism: 'novate' });

interface Load {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * `requests` POSTs from `clients` concurrent keep-alive connections, each client sending its next
 * request when the last is answered; every answer must be a 201.
 */
async function load(port: number, path: string, headers: Record<string, string>, requests: number, clients: number, offset: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let next = 0;
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify(contract(offset + i));
      const started = process.hrtime.bigint();
      const call = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (response.statusCode === 201) resolve();
          else reject(new Error(`POST ${path} answered ${response.statusCode}`));
        });
      });
      call.on('error', reject);
      call.end(body);
    });
  const client = async () => {
    for (let i = next++; i < requests; i = next++) await post(i);
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { perSecond: requests / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)] };
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

/**
 * Commands end to end over HTTP — token check, membership, validation, decide, append with a
 * synced commit, inline projections — beside a bare NestJS route on the same Fastify adapter that
 * only validates the same request class. Each server is its own process; the load comes from this one.
 */
export async function benchHttp(directory: string, requests: number, clients: number): Promise<Figure[]> {
  const workload = `${requests.toLocaleString('en-GB')} POSTs from ${clients} concurrent clients`;
  say(`http: the bare route, ${workload}...`);
  const bare = await bareServer();
  await load(bare.port, '/contracts', {}, 1000, clients, 0);
  const baseline = await load(bare.port, '/contracts', {}, requests, clients, 0);
  bare.child.kill('SIGTERM');

  say(`http: registering contracts in the tracker, ${workload}...`);
  const dataDir = join(directory, 'http');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const programmeId = await createProgramme(server.url, 'Bench');
  const port = Number(new URL(server.url).port);
  const path = `/api/programmes/${programmeId}/contracts`;
  await load(port, path, AUTHORIZATION, 1000, clients, 0);
  const tracker = await load(port, path, AUTHORIZATION, requests, clients, 1000);
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });

  const base: Figure = { name: 'bare NestJS + Fastify route, same DTO and pipe', workload, value: baseline.perSecond, unit: 'requests/s' };
  return [
    base,
    { name: 'HTTP commands end to end (register a contract)', workload, value: tracker.perSecond, unit: 'commands/s', baseline: base.name, ratio: tracker.perSecond / baseline.perSecond, aim: '≥ 0.5 × bare route' },
    { name: 'bare route latency p50', workload, value: baseline.p50, unit: 'ms' },
    { name: 'bare route latency p99', workload, value: baseline.p99, unit: 'ms' },
    { name: 'HTTP command latency p50', workload, value: tracker.p50, unit: 'ms', baseline: 'bare route latency p50', ratio: tracker.p50 / baseline.p50 },
    { name: 'HTTP command latency p99', workload, value: tracker.p99, unit: 'ms', baseline: 'bare route latency p99', ratio: tracker.p99 / baseline.p99 },
  ];
}
