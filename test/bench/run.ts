import { resolve } from 'node:path';
import { Figure, printTable, saveResults } from './bench-kit';
import { benchBoardPack } from './board-pack.bench';
import { benchEventStore } from './event-store.bench';
import { benchHttp } from './http.bench';
import { benchImport } from './import.bench';
import { benchMoney } from './money.bench';
import { benchPortfolio } from './portfolio.bench';
import { benchPages } from './pages.bench';
import { benchAsOf, benchRebuild } from './read-side.bench';
import { benchStall } from './stall.bench';

/**
 * npm run bench: every figure beside a baseline measured in this same run.
 * BENCH_EVENTS, BENCH_STREAMS and BENCH_ROUNDS size the append workload; BENCH_REBUILD_EVENTS
 * (default 1,000,000, in programmes of 100,000) the rebuild, and BENCH_AS_OF_EVENTS (default
 * 100,000) the one programme asked about as of other times. BENCH_DIR is where the files go
 * (default ./data/bench, the disk the embedded store uses). BENCH_HTTP_REQUESTS and BENCH_HTTP_CLIENTS
 * (default 10,000 from 32) size the HTTP load, BENCH_HTTP_ROUNDS (default 3) its alternating rounds; BENCH_STALL_EVENTS (default 1,000,000) the one
 * programme the heavy requests are made of, and BENCH_STALL_HEAVY (e.g. `import,PDF`) which of them are made. BENCH_ONLY (e.g. `stall,as-of`) runs only the parts named:
 * append, http, import, pages, board-pack, as-of, rebuild, stall, money, portfolio. BENCH_PORTFOLIO_PROGRAMMES and
 * BENCH_PORTFOLIO_EVENTS (default 50 of 20,000) size the portfolio.
 */
async function main(): Promise<void> {
  const events = Number(process.env.BENCH_EVENTS ?? 5000);
  const streams = Number(process.env.BENCH_STREAMS ?? 1000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const directory = resolve(process.env.BENCH_DIR ?? './data/bench');
  process.stdout.write(`Benchmarks on ${process.platform}/${process.arch}, node ${process.version}; files in ${directory}\n`);

  const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
  const part = (name: string) => only === undefined || only.includes(name);
  const figures: Figure[] = [];
  if (part('append')) {
    process.stdout.write(`event store: appending ${events} events to ${streams} streams, raw and through the store...\n`);
    figures.push(...(await benchEventStore(directory, events, streams, rounds)));
  }
  if (part('http')) figures.push(...(await benchHttp(directory, Number(process.env.BENCH_HTTP_REQUESTS ?? 10_000), Number(process.env.BENCH_HTTP_CLIENTS ?? 32), Number(process.env.BENCH_HTTP_ROUNDS ?? 3))));
  if (part('import')) figures.push(...(await benchImport(directory)));
  if (part('pages')) figures.push(...(await benchPages(directory)));
  if (part('board-pack')) figures.push(...(await benchBoardPack(directory)));
  if (part('as-of')) figures.push(...(await benchAsOf(directory, Number(process.env.BENCH_AS_OF_EVENTS ?? 100_000))));
  if (part('rebuild')) {
    const rebuildEvents = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
    const perProgramme = Math.min(100_000, rebuildEvents);
    figures.push(...(await benchRebuild(directory, Math.max(1, Math.round(rebuildEvents / perProgramme)), perProgramme)));
  }
  if (part('money')) figures.push(...benchMoney());
  if (part('portfolio')) figures.push(...(await benchPortfolio(directory, Number(process.env.BENCH_PORTFOLIO_PROGRAMMES ?? 50), Number(process.env.BENCH_PORTFOLIO_EVENTS ?? 20_000))));
  if (part('stall')) figures.push(...(await benchStall(directory, Number(process.env.BENCH_STALL_EVENTS ?? 1_000_000))));

  printTable(figures);
  const saved = saveResults(resolve('bench-results'), figures);
  process.stdout.write(`\nsaved to ${saved}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
