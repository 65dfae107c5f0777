import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHORIZATION, SERVER_ADMIN_TOKEN, ServerProcess, createProgramme, startServerProcess } from '../support/server-process';

const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'cli', 'cli.js');
const FIXTURES = join(__dirname, '..', 'fixtures', 'imports');

/** `npm run cli -- …` against the built server, as a person runs it. */
describe('npm run cli', () => {
  let dataDir: string;
  let server: ServerProcess;
  let programmeId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracker-cli-'));
    server = await startServerProcess({ DATA_DIR: dataDir });
    programmeId = await createProgramme(server.url, 'Northshire');
  }, 30_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TRACKER_URL: server.url, TRACKER_TOKEN: SERVER_ADMIN_TOKEN }, cwd: dataDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }
  const contracts = async () => ((await (await fetch(`${server.url}/api/programmes/${programmeId}/contracts`, { headers: AUTHORIZATION })).json()) as { total: number }).total;

  it('lists every problem in a bad file, exits 1 and sends nothing', async () => {
    const run = await cli('import', '--programme', programmeId, '--register', 'contracts', '--file', join(FIXTURES, 'contracts-bad.csv'));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('7 problems in the file; nothing was recorded.');
    expect(run.stderr).toMatch(/^5 +Contract Ref +NCC-C-0401 +repeats the reference in row 2$/m);
    expect(await contracts()).toBe(0);
  });

  it('imports 5,000 rows with a progress bar, and an exported copy re-imports with no changes', async () => {
    const run = await cli('import', '--programme', programmeId, '--register', 'contracts', '--file', join(FIXTURES, 'contracts-5000.xlsx'));

    expect(run).toMatchObject({ code: 0, stdout: 'Checked 5,000 rows: no problems.\nRecorded 5,000 rows; 0 unchanged.\n' });
    expect(run.stderr).toContain('Checking rows: 50% (2,500 of 5,000)');
    expect(run.stderr).toContain('Sending: 100%');
    expect(await contracts()).toBe(5000);

    const saved = await cli('export', '--programme', programmeId, '--register', 'contracts', '--out', 'contracts.xlsx');
    expect(saved.code).toBe(0);
    expect(statSync(join(dataDir, 'contracts.xlsx')).size).toBeGreaterThan(100_000);
    const again = await cli('import', '--programme', programmeId, '--register', 'contracts', '--file', join(dataDir, 'contracts.xlsx'));
    expect(again.stdout).toContain('Recorded 0 rows; 5,000 unchanged.');
    expect(again.stdout).toContain('Columns not imported (the register has no such field): Readiness.');
  }, 60_000);

  it('explains what is missing or wrong, and helps', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run cli -- <command> [options]');
    const missing = await cli('import', '--programme', programmeId, '--register', 'contracts');
    expect(missing).toMatchObject({ code: 2, stderr: 'Error: --file is required (npm run cli -- --help)\n' });
    const wrong = await cli('import', '--programme', programmeId, '--register', 'widgets', '--file', 'x.csv');
    expect(wrong.stderr).toMatch(/^Error: --register must be one of contracts, /);
    const absent = await cli('import', '--programme', programmeId, '--register', 'contracts', '--file', 'nowhere.csv');
    expect(absent.stderr).toBe('Error: cannot read nowhere.csv: there is no such file\n');
  });
});
