import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Figure } from './bench-kit';
import { inProcessApp } from './in-process-app';

const FILE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports', 'contracts-5000.xlsx');
const say = (line: string) => process.stdout.write(`${line}\n`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * A 5,000-item register as its page shows it (a page of 50, searched, sorted by a column) beside
 * the API's own page of the same register in the same run: the server time of each, and the
 * page's size (aim: ≤ 100 ms, ≤ 300 KB).
 */
export async function benchPages(directory: string, repeats = 20): Promise<Figure[]> {
  const { fastify, auth, programme, importContracts, close } = await inProcessApp(join(directory, 'pages'));
  const id = await programme('Pages');
  const imported = await importContracts(id, readFileSync(FILE));
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
  await close();

  const baseline: Figure = { name: 'API: a page of the register (GET …/contracts?limit=50)', workload, value: api.ms, unit: 'ms (median)' };
  const vs = (ms: number) => ({ baseline: baseline.name, ratio: ms / api.ms });
  return [
    baseline,
    { name: 'register page, first page', workload, value: first.ms, unit: 'ms (median)', aim: '≤ 100 ms', ...vs(first.ms) },
    { name: 'register page, first page: size', workload, value: first.kb, unit: 'KiB', aim: '≤ 300 KB' },
    { name: 'register page, searched, sorted by value, page 40', workload, value: searched.ms, unit: 'ms (median)', aim: '≤ 100 ms', ...vs(searched.ms) },
  ];
}
