import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The first administrator's API token in every server these tests start. */
export const SERVER_ADMIN_TOKEN = 'tt_system-test-administrator-token-0123456789';
export const AUTHORIZATION = { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` };

/** A programme a server on the real clock accepts for years to come: its go-live date is far off. */
export const programmeBody = (name: string) => ({
  name,
  council: 'Northshire County Council',
  newBody: 'Northshire Children’s Trust',
  legalForm: 'mutual',
  servicesInScope: ['children’s social care'],
  goLiveDate: '2099-04-01',
});

/** Registers a programme on a running server, as its first administrator; answers the programme's id. */
export async function createProgramme(url: string, name: string): Promise<string> {
  const response = await fetch(`${url}/api/programmes`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTHORIZATION }, body: JSON.stringify(programmeBody(name)) });
  if (response.status !== 201) throw new Error(`POST /api/programmes answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** The repository's root, whether this runs from source (tests) or from dist/ (the bench). */
const ROOT = existsSync(join(__dirname, '..', '..', 'package.json')) ? join(__dirname, '..', '..') : join(__dirname, '..', '..', '..');
export const SERVER_ENTRY = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/**
 * Starts the built server (`npm run build`) as its own process and waits until it listens.
 * `execArgv` goes to node before the entry, e.g. `--cpu-prof` to profile the server under load.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 20_000, execArgv: readonly string[] = []): Promise<ServerProcess> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [...execArgv, SERVER_ENTRY], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', BOOTSTRAP_ADMIN_TOKEN: SERVER_ADMIN_TOKEN, PASSWORD_HASH_COST: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+).*transition tracker listening/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${how}) before listening:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}
