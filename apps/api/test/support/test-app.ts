import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import request from 'supertest';
type TestAgent = ReturnType<typeof request.agent>;
import { EventStore, SqliteEventStore, StoredEvent } from '@tracker/event-store';
import { createApp } from '../../src/app';
import { Config, loadConfig } from '../../src/config/config';
import { EVENT_STORE } from '../../src/infrastructure/tokens';

/** The first administrator's token in every test app. */
export const ADMIN_TOKEN = 'tt_test-administrator-token-0123456789abcdef';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  readonly app: NestFastifyApplication;
  /** Requests as the first administrator, or with the token given. */
  http(token?: string): TestAgent;
  readonly store: EventStore;
  /** Sets what the server's clock reads. */
  setNow(instant: string): void;
  /** The events the test caused: everything after the first administrator's, or after the last `mark()`. */
  events(): Promise<StoredEvent[]>;
  /** From here on, `events()` answers only what follows: a test on a shared app counts its own. */
  mark(): Promise<void>;
  close(): Promise<void>;
}

/** The real application on a real SQLite file in a temporary folder, listening on no port. */
export async function startTestApp(
  env: Record<string, string> = {},
  startAt = '2026-11-22T10:00:00.000Z',
  /** The event store to run on, e.g. a fault-injecting double around the SQLite file; by default the file itself. */
  eventStore?: (config: Config) => EventStore,
): Promise<TestApp> {
  // The data folder and, beside it, the keys folder, as a real install lays them out.
  const root = mkdtempSync(join(tmpdir(), 'tracker-api-'));
  const dataDir = join(root, 'data');
  // Recorded time never runs backwards in the store, so a test that needs early history starts early.
  let now = startAt;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Cheap hashes keep hundreds of test apps quick; production uses the default cost.
    PASSWORD_HASH_COST: '10',
    // Printing a PDF at every decision would start Chromium hundreds of times; a test of the PDF asks for it.
    DECISION_BOARD_PACK: 'html',
    ...env,
  });
  const app = await createApp({ config, logger: pino({ level: 'silent' }), clock: () => now, eventStore: eventStore?.(config) });
  try {
    await app.init();
  } catch (error) {
    // A refusal to start (e.g. the wrong signing key) must not leave the store open behind it.
    await app.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  await app.getHttpAdapter().getInstance().ready();
  const store = app.get<EventStore>(EVENT_STORE);
  // The first administrator's events are the app's, not the test's.
  let since = await store.headPosition();
  return {
    app,
    http: (token = ADMIN_TOKEN) => request.agent(app.getHttpServer()).set('authorization', `Bearer ${token}`),
    store,
    setNow: (instant) => (now = instant),
    async events() {
      const all: StoredEvent[] = [];
      for await (const event of store.readAll({ after: since })) all.push(event);
      return all;
    },
    async mark() {
      since = await store.headPosition();
    },
    async close() {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const isSqlite = (store: EventStore): store is SqliteEventStore => store.kind === 'sqlite';

/** The first administrator's user id, as recorded on the events the tests cause. */
export { ADMIN_USER_ID } from './admin';
