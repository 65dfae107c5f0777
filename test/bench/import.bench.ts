import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config/config';
import { readRegisterRows } from '../../apps/api/src/spreadsheets/register-rows';
import { readSpreadsheet } from '../../apps/api/src/spreadsheets/spreadsheet';
import { programmeBody } from '../support/server-process';
import { Figure, timed } from './bench-kit';

const TOKEN = 'tt_bench-administrator-token-0123456789abcdef';
const FILE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports', 'contracts-5000.xlsx');
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The 5,000-row contracts register imported in one request, beside the same rows registered one
 * request each (the way a script would without imports), both through the whole application.
 */
export async function benchImport(directory: string): Promise<Figure[]> {
  const dataDir = join(directory, 'import');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_TOKEN: TOKEN, PASSWORD_HASH_COST: '10' });
  const app = await createApp({ config, logger: pino({ level: 'silent' }) });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const auth = { authorization: `Bearer ${TOKEN}` };
  const programme = async (name: string) =>
    (
      await fastify.inject({
        method: 'POST',
        url: '/api/programmes',
        headers: auth,
        payload: programmeBody(name),
      })
    ).json().id as string;

  const file = readFileSync(FILE);
  const check = async () => (await readRegisterRows(await readSpreadsheet(file, 'contracts'), 'contract')).rows;
  const rows = await check();
  const workload = `${rows.length.toLocaleString('en-GB')} contract rows (${Math.round(file.length / 1024)} KiB .xlsx)`;

  say(`import: registering ${workload} one request each...`);
  const oneByOne = await programme('One by one');
  const single = await timed(async () => {
    for (const { request } of rows) {
      const answer = await fastify.inject({ method: 'POST', url: `/api/programmes/${oneByOne}/contracts`, headers: auth, payload: request as object });
      if (answer.statusCode !== 201) throw new Error(`POST contracts answered ${answer.statusCode}: ${answer.body}`);
    }
  });

  say(`import: importing ${workload} in one request...`);
  const imported = await programme('Imported');
  const boundary = '----bench';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contracts.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const upload = () => fastify.inject({ method: 'POST', url: `/api/programmes/${imported}/imports?register=contracts`, headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  const once = await timed(upload);
  if (once.result.statusCode !== 201) throw new Error(`import answered ${once.result.statusCode}: ${once.result.body}`);
  const again = await timed(upload);
  if (again.result.json().recorded !== 0) throw new Error(`re-import recorded ${again.result.body}`);
  const { seconds: checkSeconds } = await timed(check);
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });

  const rate = (seconds: number) => rows.length / seconds;
  const baseline: Figure = { name: 'register one request per row (POST …/contracts)', workload, value: rate(single.seconds), unit: 'rows/s' };
  const vs = (seconds: number) => ({ baseline: baseline.name, ratio: rate(seconds) / baseline.value });
  return [
    baseline,
    { name: 'import in one request (read, check, record all)', workload, value: rate(once.seconds), unit: 'rows/s', ...vs(once.seconds) },
    { name: 're-import of the same file (records nothing)', workload, value: rate(again.seconds), unit: 'rows/s', ...vs(again.seconds) },
    { name: 'of which reading and checking the file', workload, value: rate(checkSeconds), unit: 'rows/s', ...vs(checkSeconds) },
  ];
}
