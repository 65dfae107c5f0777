import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRegisterRows } from '../../apps/api/src/spreadsheets/register-rows';
import { readSpreadsheet } from '../../apps/api/src/spreadsheets/spreadsheet';
import { Figure, timed } from './bench-kit';
import { inProcessApp } from './in-process-app';

const FILE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports', 'contracts-5000.xlsx');
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The 5,000-row contracts register imported in one request, beside the same rows registered one
 * request each (the way a script would without imports), both through the whole application.
 */
export async function benchImport(directory: string): Promise<Figure[]> {
  const { fastify, auth, programme, importContracts, close } = await inProcessApp(join(directory, 'import'));

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
  const upload = () => importContracts(imported, file);
  const once = await timed(upload);
  if (once.result.statusCode !== 201) throw new Error(`import answered ${once.result.statusCode}: ${once.result.body}`);
  const again = await timed(upload);
  if (again.result.json().recorded !== 0) throw new Error(`re-import recorded ${again.result.body}`);
  const { seconds: checkSeconds } = await timed(check);
  await close();

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
