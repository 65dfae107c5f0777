import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { EventHandler, SqliteEventStore, StoredEvent } from '@tracker/event-store';
import { ProjectionRunner } from '@tracker/read-models';
import { seedHistory } from '../../../test/bench/history';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { ProgrammeViews } from '../src/readiness/programme-views';

/**
 * A large store whose read models are gone: the server listens at once and /health says how far
 * the catch-up has got, while every other request is told to come back (before, the catch-up ran
 * as one unbroken chain of microtasks and nothing at all was answered until it ended).
 */
describe('start-up with read models to rebuild', () => {
  const EVENTS = 50_000;
  const HELD_AT = 10_000;
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tracker-start-up-'));
    mkdirSync(join(root, 'data'), { mode: 0o700 });
    seedHistory(join(root, 'data', 'events.sqlite'), 1, EVENTS);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('answers /health (not ready, with progress) and 503 STARTING elsewhere while catching up, then serves', async () => {
    const config = loadConfig({ DATA_DIR: join(root, 'data'), LOG_LEVEL: 'silent', PASSWORD_HASH_COST: '10' });
    // Held part-way until the requests below have been answered: how fast the catch-up runs is the machine's business.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const subscribe = SqliteEventStore.prototype.subscribeToAll;
    const held = jest.spyOn(SqliteEventStore.prototype, 'subscribeToAll').mockImplementation(function (this: SqliteEventStore, options, handler: EventHandler, onError) {
      const gated = (event: StoredEvent) => (event.position === HELD_AT ? gate.then(() => handler(event)) : handler(event));
      return subscribe.call(this, options, gated, onError);
    });
    const app = await createApp({ config, logger: pino({ level: 'silent' }) });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const http = () => request(app.getHttpServer());

      const health = (await http().get('/health').expect(200)).body;
      expect(health.ready).toBe(false);
      expect(health.store.headPosition).toBeGreaterThanOrEqual(EVENTS);
      expect(health.projections.position).toBeLessThan(health.store.headPosition);
      await http().get('/health/ready').expect(503);

      const starting = await http().get('/api/programmes').expect(503);
      expect(starting.headers['retry-after']).toBe('5');
      expect(starting.body).toEqual({ code: 'STARTING', message: expect.stringMatching(/^The tracker is starting: its read models have caught up with [\d,]+ of [\d,]+ events\. Nothing was recorded/), details: [] });

      release();
      const projections = app.get(ProjectionRunner);
      expect(await projections.waitFor(health.store.headPosition, 120_000)).toBe(true);
      expect((await http().get('/health').expect(200)).body.ready).toBe(true);
      // Served as any request is once caught up: this store has no administrator, so 401, not 503.
      await http().get('/api/programmes').expect(401);

      // The background snapshots of the past follow, and health says how far they have got.
      const views = app.get(ProgrammeViews);
      const behind = (await http().get('/health').expect(200)).body.snapshots;
      expect(behind).toEqual({ position: expect.any(Number), caughtUp: behind.position >= health.store.headPosition });
      expect(behind.position).toBeLessThanOrEqual(views.snapshotKeeper.position);
      expect(await views.snapshotKeeper.waitFor(health.store.headPosition, 120_000)).toBe(true);
      expect((await http().get('/health').expect(200)).body.snapshots).toEqual({ position: health.store.headPosition, caughtUp: true });
    } finally {
      release();
      held.mockRestore();
      await app.close();
    }
  }, 180_000);
});
