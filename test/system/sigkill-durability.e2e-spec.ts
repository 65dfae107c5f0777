import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTHORIZATION, startServerProcess } from '../support/server-process';

/**
 * The promise behind every 201: an acknowledged event survives the process being killed
 * outright. Several clients register programmes concurrently; the server is SIGKILLed under
 * load, restarted on the same file, and every acknowledged event must be there, in order.
 */
describe('durability under SIGKILL', () => {
  const CLIENTS = 8;
  const ACKS_BEFORE_KILL = 300;
  let dataDir: string;

  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'tracker-sigkill-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const body = (key: string) => ({
    name: `Programme ${key}`,
    council: 'Northshire County Council',
    newBody: 'Northshire Children’s Trust',
    legalForm: 'company-limited-by-guarantee',
    servicesInScope: ['children’s social care'],
    goLiveDate: '2099-04-01',
  });
  const register = (url: string, key: string) =>
    fetch(`${url}/api/programmes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...AUTHORIZATION },
      body: JSON.stringify(body(key)),
    });

  it('keeps every acknowledged event, in order, with no gaps, and stores retries once', async () => {
    const first = await startServerProcess({ DATA_DIR: dataDir });
    const acked: { client: number; key: string; id: string }[][] = Array.from({ length: CLIENTS }, () => []);
    const inFlight: (string | undefined)[] = Array(CLIENTS).fill(undefined);
    let total = 0;
    let killed = false;

    const client = async (c: number) => {
      for (let i = 0; !killed; i++) {
        const key = `client${c}-request${i}`;
        inFlight[c] = key;
        try {
          const response = await register(first.url, key);
          if (response.status !== 201) throw new Error(`unexpected ${response.status}: ${await response.text()}`);
          const { id } = (await response.json()) as { id: string };
          if (killed) return; // an answer read after the kill was still an acknowledgement
          acked[c].push({ client: c, key, id });
          inFlight[c] = undefined;
          if (++total >= ACKS_BEFORE_KILL && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
          return; // the connection died with the process: this request was never acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(await first.exited).toBe('SIGKILL');
    const acknowledged = acked.flat();
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    const second = await startServerProcess({ DATA_DIR: dataDir });
    try {
      // Every acknowledged programme reads back after the restart.
      for (const { id } of acknowledged) {
        const response = await fetch(`${second.url}/api/programmes/${id}`, { headers: AUTHORIZATION });
        expect(response.status).toBe(200);
      }
      // Requests that were in flight at the kill are retried with their keys: each is stored at most once.
      for (const key of inFlight.filter((k): k is string => k !== undefined)) {
        expect((await register(second.url, key)).status).toBe(201);
      }
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }

    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    try {
      const rows = db
        .prepare<[], { position: number; stream_id: string; stream_revision: number; type: string; data: string }>(
          "SELECT position, stream_id, stream_revision, type, data FROM events WHERE stream_id LIKE 'programme-%' ORDER BY position",
        )
        .all();
      const byStream = new Map<string, number[]>();
      for (const row of rows) {
        // No half-written event: every row is whole and names its own stream.
        expect(row.type).toBe('ProgrammeRegistered');
        expect(`programme-${JSON.parse(row.data).programmeId}`).toBe(row.stream_id);
        byStream.set(row.stream_id, [...(byStream.get(row.stream_id) ?? []), row.stream_revision]);
      }
      for (const revisions of byStream.values()) expect(revisions).toEqual(revisions.map((_, i) => i));

      const positionOf = new Map(rows.map((row) => [row.stream_id, row.position]));
      for (const perClient of acked) {
        const positions = perClient.map(({ id }) => positionOf.get(`programme-${id}`));
        expect(positions.every((p) => p !== undefined)).toBe(true);
        // A client waited for each answer before sending the next, so its events are stored in that order.
        expect(positions).toEqual([...positions].sort((a, b) => a! - b!));
      }
      const retried = inFlight.filter((k) => k !== undefined).length;
      expect(rows.length).toBe(acknowledged.length + retried);
      process.stdout.write(
        `\nSIGKILL test: ${acknowledged.length} acknowledged by ${CLIENTS} clients before the kill, ${retried} in flight retried; ${rows.length} events stored, none lost or doubled\n`,
      );
    } finally {
      db.close();
    }
  }, 90_000);
});
