import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHORIZATION, ServerProcess, createProgramme, startServerProcess } from '../support/server-process';
import { zipOf } from '../support/zip-of';

const FIXTURES = join(__dirname, '..', 'fixtures', 'imports');

/**
 * The built server reads spreadsheets and verifies chains in worker threads (in process, from
 * source, the tests elsewhere run the same work on the event loop): what comes back across the
 * thread must be exactly what the work found, refusals included.
 */
describe('heavy work in worker threads, in the built server', () => {
  let dataDir: string;
  let server: ServerProcess;
  let programmeId: string;
  const api = (path: string) => `${server.url}/api/programmes/${programmeId}${path}`;
  const post = (path: string, body: unknown) => fetch(api(path), { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const upload = (file: Buffer, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([file]), name);
    return fetch(api('/imports?register=contracts'), { method: 'POST', headers: AUTHORIZATION, body: form });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracker-workers-'));
    server = await startServerProcess({ DATA_DIR: dataDir });
    programmeId = await createProgramme(server.url, 'Northshire');
  }, 30_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports the 5,000-row workbook read in a worker thread', async () => {
    const response = await upload(readFileSync(join(FIXTURES, 'contracts-5000.xlsx')), 'contracts-5000.xlsx');
    expect(response.status).toBe(201);
    expect(((await response.json()) as { recorded: number }).recorded).toBe(5_000);
    expect(((await (await fetch(api('/contracts'), { headers: AUTHORIZATION })).json()) as { total: number }).total).toBe(5_000);
  }, 60_000);

  it('answers a bad file’s problems, as found in the thread, with 422 and records nothing', async () => {
    const response = await upload(readFileSync(join(FIXTURES, 'contracts-bad.csv')), 'contracts-bad.csv');
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: string; totalProblems: number; problems: { row: number; column: string; problem: string }[] };
    expect(body.code).toBe('IMPORT_REFUSED');
    expect(body.totalProblems).toBeGreaterThan(0);
    expect(body.problems[0]).toEqual(expect.objectContaining({ row: expect.any(Number), column: expect.any(String), problem: expect.any(String) }));
    expect(((await (await fetch(api('/contracts'), { headers: AUTHORIZATION })).json()) as { total: number }).total).toBe(5_000);
  });

  it('refuses a workbook bomb with 413, as the thread’s guard found it', async () => {
    const bomb = zipOf([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(64 * 1024 * 1024, 0x20), declaredSize: 100 },
    ]);
    const response = await upload(bomb, 'bomb.xlsx');
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toMatch(/^The file unpacks to more than the 50 MiB allowed/);
  });

  it('verifies the chain in a worker thread, and finds an event altered in the store file', async () => {
    expect((await post('/digests', {})).status).toBe(201);
    const intact = (await (await post('/verify', {})).json()) as { valid: boolean; events: number; coverage: { uncovered: number } };
    expect(intact).toEqual(expect.objectContaining({ valid: true, coverage: expect.objectContaining({ uncovered: 0 }) }));
    expect(intact.events).toBeGreaterThan(5_000);

    // An insider edits one contract's value in the file while the server runs.
    const db = new Database(join(dataDir, 'events.sqlite'));
    const { position } = db.prepare<[], { position: number }>("SELECT position FROM events WHERE type = 'ContractRegistered' ORDER BY position LIMIT 1 OFFSET 100").get()!;
    db.prepare<[number]>("UPDATE events SET data = json_set(data, '$.details.annualValue', 1) WHERE position = ?").run(position);
    db.close();

    const broken = (await (await post('/verify', {})).json()) as { valid: boolean; firstBadPosition: number; problem: string };
    expect(broken.valid).toBe(false);
    expect(broken.firstBadPosition).toBe(position);
    expect(broken.problem).toMatch(/altered/);
  }, 60_000);

  it('prints the board pack to PDF in a worker thread', async () => {
    const response = await fetch(api('/board-pack.pdf'), { headers: AUTHORIZATION });
    // On a refusal, its reason is in the failure: a 503 names what Chromium could not do.
    if (response.status !== 200) expect({ status: response.status, body: await response.text() }).toEqual({ status: 200 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // 5,000 contracts block go-live: the pack lists the first 100 and counts the rest by rule, a few pages rather than hundreds.
    const page = await (await fetch(`${server.url}/programmes/${programmeId}/board-pack`, { headers: { ...AUTHORIZATION, accept: 'text/html' } })).text();
    expect(page).toMatch(/The first 100 of [\d,]+ blockers, soonest first/);
  }, 60_000);
});
