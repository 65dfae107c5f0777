import { resolve } from 'node:path';
import { Figure, printTable, saveResults } from './bench-kit';
import { benchEventStore } from './event-store.bench';

/**
 * npm run bench: every figure beside a baseline measured in this same run.
 * BENCH_EVENTS, BENCH_STREAMS and BENCH_ROUNDS size the workload; BENCH_DIR is where the files go
 * (default ./data/bench, the disk the embedded store uses).
 */
async function main(): Promise<void> {
  const events = Number(process.env.BENCH_EVENTS ?? 5000);
  const streams = Number(process.env.BENCH_STREAMS ?? 1000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const directory = resolve(process.env.BENCH_DIR ?? './data/bench');
  process.stdout.write(`Benchmarks on ${process.platform}/${process.arch}, node ${process.version}; files in ${directory}\n`);

  const figures: Figure[] = [];
  process.stdout.write(`event store: appending ${events} events to ${streams} streams, raw and through the store...\n`);
  figures.push(...(await benchEventStore(directory, events, streams, rounds)));

  printTable(figures);
  const saved = saveResults(resolve('bench-results'), figures);
  process.stdout.write(`\nsaved to ${saved}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
