import 'reflect-metadata';
import pino from 'pino';
import { PROJECTIONS, ProjectionRunner, openReadStore } from '@tracker/read-models';
import { ConfigError, loadConfig } from '../config/config';
import { openEventStore } from '../infrastructure/infrastructure.module';

/**
 * npm run rebuild: drops every read model and replays all events into it, with progress. Run it
 * with the server stopped (the server's own POST /api/admin/rebuild does the same while it runs).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: 'silent' });
  const store = openEventStore(config);
  const db = openReadStore(config.readStoreFile);
  const runner = new ProjectionRunner(store, db, PROJECTIONS, (error) =>
    logger.error(error),
  );
  // Progress is the share of the log's positions reached (EventStoreDB's are offsets, not counts); events are counted as applied.
  const head = await store.headPosition();
  process.stdout.write(`Rebuilding the read models in ${config.readStoreFile} from the store's events (up to position ${head.toLocaleString('en-GB')})…\n`);
  const started = Date.now();
  await runner.rebuild();
  const progress = setInterval(() => {
    const done = runner.eventsApplied;
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    process.stdout.write(`  ${Math.round((100 * runner.position) / Math.max(1, head))}%  ${done.toLocaleString('en-GB')} events  ${Math.round(rate).toLocaleString('en-GB')} events/s\n`);
  }, 1000);
  const caughtUp = await runner.waitFor(head, 24 * 3600_000);
  clearInterval(progress);
  const applied = runner.eventsApplied;
  await runner.stop();
  await store.close();
  db.close();
  if (!caughtUp || runner.failed) throw runner.failed ?? new Error('the rebuild did not catch up');
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`Done: ${applied.toLocaleString('en-GB')} events in ${seconds.toFixed(1)} s (${Math.round(applied / Math.max(seconds, 0.001)).toLocaleString('en-GB')} events/s).\n`);
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `The rebuild failed: ${(error as Error).message}\n`);
  process.exit(1);
});
