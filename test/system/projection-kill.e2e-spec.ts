import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHORIZATION, createProgramme, startServerProcess } from '../support/server-process';

/**
 * The read models are applied in batches, each committed with its checkpoint. Here the server
 * is SIGKILLed while the projections are part-way through the 5,000 events of an import; after
 * a restart they resume from the checkpoint, and what the API shows equals a rebuild from zero:
 * nothing counted twice, nothing missed.
 */
describe('projections killed mid-batch', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'tracker-projection-kill-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resume from their checkpoint and equal a rebuild', async () => {
    const first = await startServerProcess({ DATA_DIR: dataDir });
    const programmeId = await createProgramme(first.url, 'Northshire');
    const events = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const readStore = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true });
    const head = () => events.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events').get()!.p ?? 0;
    const checkpoint = () => readStore.prepare<[], { position: number }>("SELECT position FROM projection_checkpoints WHERE name = 'all'").get()?.position ?? 0;
    const before = head();

    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(__dirname, '..', 'fixtures', 'imports', 'contracts-5000.xlsx'))]), 'contracts.xlsx');
    const answer = fetch(`${first.url}/api/programmes/${programmeId}/imports?register=contracts`, { method: 'POST', headers: AUTHORIZATION, body: form }).catch(() => undefined);

    // Kill once the import is stored and the projections have committed part of it, not all.
    let seen = { head: 0, checkpoint: 0 };
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setImmediate(r))) {
      seen = { head: head(), checkpoint: checkpoint() };
      if (seen.head >= before + 5000 && seen.checkpoint > before) break;
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await answer;
    events.close();
    readStore.close();
    expect(seen.head).toBeGreaterThanOrEqual(before + 5000);
    process.stdout.write(`\nprojection kill: the projections had committed up to ${seen.checkpoint} of ${seen.head} events when the server was killed\n`);

    const second = await startServerProcess({ DATA_DIR: dataDir });
    try {
      const get = async (path: string): Promise<{ total?: number }> => (await fetch(`${second.url}/api/programmes/${programmeId}${path}`, { headers: AUTHORIZATION })).json() as { total?: number };
      const resumed = { contracts: await get('/contracts?limit=1000'), dashboard: await get('/dashboard'), readiness: await get('/readiness') };
      expect(resumed.contracts.total).toBe(5000);

      expect((await fetch(`${second.url}/api/admin/rebuild`, { method: 'POST', headers: AUTHORIZATION })).status).toBe(200);
      const rebuilt = { contracts: await get('/contracts?limit=1000'), dashboard: await get('/dashboard'), readiness: await get('/readiness') };
      expect(resumed).toEqual(rebuilt);
      const verified = await (await fetch(`${second.url}/api/programmes/${programmeId}/verify`, { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: '{}' })).json();
      expect(verified).toMatchObject({ valid: true, events: 5001 });
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});

