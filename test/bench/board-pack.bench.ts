import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SERVER_ADMIN_TOKEN, startServerProcess } from '../support/server-process';
import { Figure } from './bench-kit';

const DEMO_CLI = join(__dirname, '..', '..', 'apps', 'api', 'src', 'cli', 'demo.js');
const PASSWORD = 'a bench demo password';
const say = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The board pack of the demo programme (`npm start`'s), as a board member downloads it from the
 * built server in its own process: the PDF asked for first after start-up, then again and again,
 * beside the same pack as its printable page in the same run (what the PDF costs on top is Chromium).
 */
export async function benchBoardPack(directory: string, repeats = 9): Promise<Figure[]> {
  const dataDir = join(directory, 'board-pack');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  say('board pack: loading the demo programme...');
  const env = { ...process.env, DEMO: 'true', DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, BOOTSTRAP_ADMIN_TOKEN: SERVER_ADMIN_TOKEN, PASSWORD_HASH_COST: '10' };
  await promisify(execFile)(process.execPath, [DEMO_CLI], { env });

  const server = await startServerProcess({ DATA_DIR: dataDir }, 60_000);
  try {
    let health: { ready?: boolean; store?: { headPosition?: number } } = {};
    for (let since = Date.now(); !health.ready; await new Promise((resolve) => setTimeout(resolve, 100))) {
      health = (await (await fetch(`${server.url}/health`)).json()) as typeof health;
      if (Date.now() - since > 60_000) throw new Error('the server was not ready within a minute');
    }
    // The story's own tokens end with it: a board member signs in, as people do.
    const headers = { cookie: await signIn(server.url, 'board@northshire.example') };
    const { items } = (await (await fetch(`${server.url}/api/programmes`, { headers })).json()) as { items: { id: string }[] };
    const pdfUrl = `${server.url}/api/programmes/${items[0].id}/board-pack.pdf`;
    const pageUrl = `${server.url}/programmes/${items[0].id}/board-pack`;
    const timedGet = async (url: string) => {
      const started = performance.now();
      const response = await fetch(url, { headers });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.toString().slice(0, 300)}`);
      return { ms: performance.now() - started, body };
    };
    const times = async (url: string) => {
      const measured: number[] = [];
      for (let i = 0; i < repeats; i++) measured.push((await timedGet(url)).ms);
      return median(measured);
    };

    say(`board pack: the PDF first after start-up, then its page and the PDF ${repeats} times each...`);
    const first = await timedGet(pdfUrl);
    await timedGet(pageUrl);
    const page = await times(pageUrl);
    const warm = await times(pdfUrl);
    const { days } = (await (await fetch(`${server.url}/api/programmes/${items[0].id}/readiness/trend`, { headers })).json()) as { days: unknown[] };
    const pages = (first.body.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    const workload = `the demo programme: ${(health.store?.headPosition ?? 0).toLocaleString('en-GB')} events, a ${days.length}-day trend; its PDF ${pages} pages, ${Math.round(first.body.length / 1024)} KiB`;

    const baseline: Figure = { name: `board pack printable page (median of ${repeats})`, workload, value: page, unit: 'ms' };
    const vs = (ms: number) => ({ baseline: baseline.name, ratio: ms / page });
    return [
      baseline,
      { name: 'board pack PDF, the first after start-up', workload, value: first.ms, unit: 'ms', ...vs(first.ms) },
      { name: `board pack PDF (median of ${repeats})`, workload, value: warm, unit: 'ms', ...vs(warm), aim: '≤ 1,000 ms' },
    ];
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The session cookie of someone signed in through the sign-in form, its form token matching its cookie. */
async function signIn(url: string, email: string): Promise<string> {
  const form = await fetch(`${url}/sign-in`);
  const formCookie = form.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const signed = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrf }).toString(),
  });
  if (signed.status !== 303) throw new Error(`signing in answered ${signed.status}`);
  return signed.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).find((cookie) => cookie.startsWith('tracker_session='))!;
}
