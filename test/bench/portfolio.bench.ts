import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { EventStore } from '@tracker/event-store';
import { ProjectionRunner } from '@tracker/read-models';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { Portfolio } from '../../apps/api/src/portfolio/portfolio.service';
import { filteredPortfolio, portfolioQueryOf, portfolioTotals } from '../../apps/api/src/portfolio/portfolio';
import { ProgrammeViews } from '../../apps/api/src/readiness/programme-views';
import { dashboardOf } from '../../apps/api/src/readiness/dashboard';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config/config';
import { Figure, timed } from './bench-kit';
import { seedHistory } from './history';

const say = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The portfolio of `programmes` programmes of `perProgramme` events each, as an administrator asks
 * for it (every row, filtered, sorted and totalled), beside one programme's dashboard in the same
 * run: the server time of each (aim ≤ 100 ms), the first after start-up apart, which judges every programme.
 */
export async function benchPortfolio(directory: string, programmes = 50, perProgramme = 20_000, repeats = 10): Promise<Figure[]> {
  const dataDir = join(directory, 'portfolio');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const workload = `${programmes} programmes of ${perProgramme.toLocaleString('en-GB')} events (${(programmes * perProgramme).toLocaleString('en-GB')} in all)`;
  say(`portfolio: seeding ${workload}...`);
  const { programmeIds } = seedHistory(config.eventStoreFile, programmes, perProgramme);
  const app = await createApp({ config, logger: pino({ level: 'silent' }) });
  try {
    const caughtUp = await timed(async () => {
      await app.init();
      const projections = app.get(ProjectionRunner);
      // The seeded history, and the administrator the server set up on top of it.
      await projections.waitFor(await app.get<EventStore>(EVENT_STORE).headPosition(), 1_800_000);
    });
    say(`portfolio: read models caught up in ${Math.round(caughtUp.seconds)} s; asking...`);
    // The server's own time, without HTTP (the history is seeded, so no administrator's token exists).
    const views = app.get(ProgrammeViews);
    const portfolio = app.get(Portfolio);
    const administrator = { userId: 'bench', administrator: true };
    const asked = portfolioQueryOf({});
    const byReadiness = portfolioQueryOf({ sort: 'readiness', order: 'desc' });
    const timedMs = async (work: () => Promise<unknown>) => (await timed(work)).seconds * 1000;
    const times = async (work: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let i = 0; i < repeats; i++) runs.push(await timedMs(work));
      return median(runs);
    };
    const whole = (query: ReturnType<typeof portfolioQueryOf>) => async () => {
      const rows = filteredPortfolio(await portfolio.rows(administrator), query);
      return { rows, totals: portfolioTotals(rows) };
    };
    const first = await timedMs(whole(asked));
    const oneDashboard = async () => dashboardOf(await views.judged(programmeIds[0]));
    await oneDashboard();
    const dashboard = await times(oneDashboard);
    const api = await times(whole(asked));
    const filtered = await times(whole(byReadiness));
    const baseline: Figure = { name: `one programme's dashboard, server time (median of ${repeats})`, workload, value: dashboard, unit: 'ms' };
    const vs = (ms: number) => ({ baseline: baseline.name, ratio: ms / dashboard });
    return [
      baseline,
      { name: 'portfolio, server time, the first after start-up (judges every programme)', workload, value: first, unit: 'ms', ...vs(first) },
      { name: `portfolio, server time (median of ${repeats})`, workload, value: api, unit: 'ms', aim: '≤ 100 ms', ...vs(api) },
      { name: `portfolio sorted by readiness, server time (median of ${repeats})`, workload, value: filtered, unit: 'ms', aim: '≤ 100 ms', ...vs(filtered) },
    ];
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
