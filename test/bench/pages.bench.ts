import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config/config';
import { programmeBody } from '../support/server-process';
import { Figure } from './bench-kit';

const TOKEN = 'tt_bench-administrator-token-0123456789abcdef';
const FILE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports', 'contracts-5000.xlsx');
const say = (line: string) => process.stdout.write(`${line}\n`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * A 5,000-item register as its page shows it (a page of 50, searched, sorted by a column) beside
 * the API's own page of the same register in the same run: the server time of each, and the
 * page's size (aim: ≤ 100 ms, ≤ 300 KB).
 */
export async function benchPages(directory: string, repeats = 20): Promise<Figure[]> {
  const dataDir = join(directory, 'pages');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_TOKEN: TOKEN, PASSWORD_HASH_COST: '10' });
  const app = await createApp({ config, logger: pino({ level: 'silent' }) });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const auth = { authorization: `Bearer ${TOKEN}` };
  const id = (await fastify.inject({ method: 'POST', url: '/api/programmes', headers: auth, payload: programmeBody('Pages') })).json().id as string;
  const boundary = '----bench';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contracts.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    readFileSync(FILE),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const imported = await fastify.inject({ method: 'POST', url: `/api/programmes/${id}/imports?register=contracts`, headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  if (imported.statusCode !== 201) throw new Error(`import answered ${imported.statusCode}: ${imported.body}`);
  const workload = '5,000 contracts, a page of 50';
  say(`pages: ${workload}, each asked ${repeats} times...`);

  const measure = async (url: string, accept: string) => {
    const times: number[] = [];
    let bytes = 0;
    await fastify.inject({ method: 'GET', url, headers: { ...auth, accept } }); // the first answer warms the caches
    for (let i = 0; i < repeats; i++) {
      const started = process.hrtime.bigint();
      const answer = await fastify.inject({ method: 'GET', url, headers: { ...auth, accept } });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (answer.statusCode !== 200) throw new Error(`GET ${url} answered ${answer.statusCode}`);
      bytes = answer.rawPayload.length;
    }
    return { ms: median(times), kb: bytes / 1024 };
  };
  const api = await measure(`/api/programmes/${id}/contracts?limit=50`, 'application/json');
  const first = await measure(`/programmes/${id}/registers/contracts`, 'text/html');
  const searched = await measure(`/programmes/${id}/registers/contracts?q=ltd&sort=annualValue&page=40`, 'text/html');
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });

  const baseline: Figure = { name: 'API: a page of the register (GET …/contracts?limit=50)', workload, value: api.ms, unit: 'ms (median)' };
  const vs = (ms: number) => ({ baseline: baseline.name, ratio: ms / api.ms });
  return [
    baseline,
    { name: 'register page, first page', workload, value: first.ms, unit: 'ms (median)', aim: '≤ 100 ms', ...vs(first.ms) },
    { name: 'register page, first page: size', workload, value: first.kb, unit: 'KiB', aim: '≤ 300 KB' },
    { name: 'register page, searched, sorted by value, page 40', workload, value: searched.ms, unit: 'ms (median)', aim: '≤ 100 ms', ...vs(searched.ms) },
  ];
}
