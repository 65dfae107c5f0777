import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { EventStore, SqliteEventStore, StoredEvent } from '@tracker/event-store';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { EVENT_STORE } from '../../src/infrastructure/tokens';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly store: EventStore;
  /** Sets what the server's clock reads. */
  setNow(instant: string): void;
  events(): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

/** The real application on a real SQLite file in a temporary folder, listening on no port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-api-'));
  let now = '2026-11-22T10:00:00.000Z';
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const app = await createApp({ config, logger: pino({ level: 'silent' }), clock: () => now });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    store,
    setNow: (instant) => (now = instant),
    async events() {
      const all: StoredEvent[] = [];
      for await (const event of store.readAll()) all.push(event);
      return all;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const isSqlite = (store: EventStore): store is SqliteEventStore => store.kind === 'sqlite';
