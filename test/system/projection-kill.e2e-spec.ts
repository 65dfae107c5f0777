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
    const events = () => new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const head = (db: Database.Database) => db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events').get()!.p ?? 0;
    const checkpoint = (db: Database.Database) => db.prepare<[], { position: number }>("SELECT position FROM projection_checkpoints WHERE name = 'all'").get()?.position ?? 0;
    const file = readFileSync(join(__dirname, '..', 'fixtures', 'imports', 'contracts-5000.xlsx'));

    // Kill once the import is stored and the projections have committed part of it, not all. How
    // far they have got when the kill lands is the machine's business, so a kill that lands after
    // they finished is tried again, on a new programme, up to five times: the test is of a kill
    // mid-batch, and fails if none lands there.
    let programmeId = '';
    let seen = { before: 0, head: 0, checkpoint: 0 };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const first = await startServerProcess({ DATA_DIR: dataDir });
      programmeId = await createProgramme(first.url, `Northshire ${attempt}`);
      const [store, readStore] = [events(), new Database(join(dataDir, 'read-models.sqlite'), { readonly: true })];
      const before = head(store);
      const form = new FormData();
      form.append('file', new Blob([file]), 'contracts.xlsx');
      const answer = fetch(`${first.url}/api/programmes/${programmeId}/imports?register=contracts`, { method: 'POST', headers: AUTHORIZATION, body: form }).catch(() => undefined);
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setImmediate(r))) {
        seen = { before, head: head(store), checkpoint: checkpoint(readStore) };
        if (seen.head >= before + 5000 && seen.checkpoint > before) break;
      }
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      await answer;
      store.close();
      readStore.close();
      expect(seen.head).toBeGreaterThanOrEqual(before + 5000);
      process.stdout.write(`\nprojection kill, attempt ${attempt}: the projections had committed up to ${seen.checkpoint} of ${seen.head} events when the server was killed\n`);
      if (seen.checkpoint < seen.head) break;
    }
    // Part of the import applied and committed, part not: the kill landed mid-batch.
    expect(seen.checkpoint).toBeGreaterThan(seen.before);
    expect(seen.checkpoint).toBeLessThan(seen.head);

    const second = await startServerProcess({ DATA_DIR: dataDir });
    try {
      // Resuming takes what it takes on a busy machine: read once the server says it has caught up.
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
        const health = (await (await fetch(`${second.url}/health`)).json()) as { ready?: boolean };
        if (health.ready) break;
      }
      const get = async (path: string): Promise<{ total?: number }> => (await fetch(`${second.url}/api/programmes/${programmeId}${path}`, { headers: AUTHORIZATION })).json() as { total?: number };
      const resumed = { contracts: await get('/contracts?limit=1000'), dashboard: await get('/dashboard'), readiness: await get('/readiness') };
      expect(resumed.contracts.total).toBe(5000);

      expect((await fetch(`${second.url}/api/admin/rebuild`, { method: 'POST', headers: AUTHORIZATION })).status).toBe(200);
      const rebuilt = { contracts: await get('/contracts?limit=1000'), dashboard: await get('/dashboard'), readiness: await get('/readiness') };
      expect(resumed).toEqual(rebuilt);
      const verified = await (await fetch(`${second.url}/api/programmes/${programmeId}/verify`, { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: '{}' })).json();
      expect(verified).toMatchObject({ valid: true, events: 5001 }); // the programme's registration and the 5,000 rows
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 300_000);
});

