import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHORIZATION, startServerProcess } from '../support/server-process';

describe('SIGTERM', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'tracker-sigterm-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lets requests in flight finish, refuses new ones with 503, closes the store cleanly and exits 0', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir });
    const register = (i: number) =>
      fetch(`${server.url}/api/programmes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...AUTHORIZATION },
        body: JSON.stringify({
          name: `Programme ${i}`,
          council: 'Northshire County Council',
          newBody: 'Northshire Children’s Trust',
          legalForm: 'mutual',
          servicesInScope: ['youth services'],
          goLiveDate: '2099-04-01',
        }),
      }).then(
        async (response) => ({ status: response.status, body: (await response.json()) as { id?: string; code?: string } }),
        () => ({ status: 0, body: {} as { id?: string; code?: string } }), // refused: sent after the server stopped listening
      );

    const requests = Array.from({ length: 40 }, (_, i) => register(i));
    await Promise.race(requests);
    server.child.kill('SIGTERM');
    const answers = await Promise.all(requests);

    const exit = await server.exited;
    if (exit !== 0) process.stdout.write(server.output());
    expect(exit).toBe(0);
    expect(server.output()).toContain('event store closed cleanly');
    const registered = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 503);
    expect(registered.length).toBeGreaterThan(1);
    // A request that arrived after SIGTERM on an open connection is refused in the usual error shape.
    expect(refused.every((a) => a.body.code === 'SHUTTING_DOWN')).toBe(true);
    expect(registered.length + refused.length + answers.filter((a) => a.status === 0).length).toBe(answers.length);

    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const stored = new Set(db.prepare<[], { stream_id: string }>("SELECT stream_id FROM events WHERE stream_id LIKE 'programme-%'").all().map((r) => r.stream_id));
      for (const { body } of registered) expect(stored.has(`programme-${body.id}`)).toBe(true);
      // What was refused or never reached the server wrote nothing.
      expect(stored.size).toBe(registered.length);
    } finally {
      db.close();
    }
  }, 60_000);

  it('refuses to start on a bad configuration value, naming the variable', async () => {
    await expect(startServerProcess({ DATA_DIR: dataDir, PORT: 'eighty' })).rejects.toThrow(
      'Configuration error: PORT must be a whole number from 0 to 65535 (got "eighty")',
    );
  });
});
