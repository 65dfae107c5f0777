import 'reflect-metadata';
import pino from 'pino';
import { isCalendarDate } from '@tracker/domain';
import { createApp } from '../app';
import { newApiToken, newPassword } from '../access/auth/credentials';
import { ConfigError, loadConfig } from '../config/config';
import { DEMO_REQUESTS_ESTIMATE, demoStart, loadNorthshire } from '../demo/northshire';
import { openEventStore } from '../infrastructure/infrastructure.module';

const HELP = `npm run demo [-- --anchor YYYY-MM-DD] [-- --if-empty]

Loads the demo programme, Northshire Children's Trust, into an empty store: 18 months of history
up to the anchor day (today unless given), made through the tracker's own API.

  --anchor YYYY-MM-DD  the last day of the story; the same day gives the same events and ids
  --if-empty           do nothing (and succeed) when the store already has events; npm start uses this
  DEMO=false           do nothing at all
  DEMO_PASSWORD        the demo users' password (at least 12 characters); generated if not set
`;

/** Why the demo was not loaded, in words for the person who ran it. */
class NotLoaded extends Error {}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return void process.stdout.write(HELP);
  if (process.env.DEMO === 'false') return void process.stdout.write('DEMO=false: the demo programme is not loaded.\n');
  const anchorAt = args.indexOf('--anchor');
  const anchor = anchorAt >= 0 ? args[anchorAt + 1] : new Date().toISOString().slice(0, 10);
  if (!anchor || !isCalendarDate(anchor)) throw new NotLoaded(`--anchor must be a date written YYYY-MM-DD, not "${anchor ?? ''}"`);
  const password = process.env.DEMO_PASSWORD ?? newPassword();
  if (password.length < 12) throw new NotLoaded('DEMO_PASSWORD must be at least 12 characters');

  // The demo goes only into an empty store: mixed into real records it would mislead.
  const adminToken = process.env.BOOTSTRAP_ADMIN_TOKEN ?? newApiToken();
  const adminPassword = process.env.BOOTSTRAP_ADMIN_PASSWORD ?? newPassword();
  // The loader's own tokens must last its 18-month story (it runs the story's clock); it revokes them at the end.
  // Its decisions keep their board packs as printable pages unless told otherwise: starting Chromium
  // for each of the story's decisions would make the demo wait on PDFs nobody asked for.
  const config = loadConfig({
    DECISION_BOARD_PACK: 'html',
    ...process.env,
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    API_TOKEN_MAX_DAYS: '1200',
  });
  const probe = openEventStore(config);
  // A position, not a count (EventStoreDB's are log offsets): anything above 0 means the store holds events.
  const head = await probe.headPosition();
  await probe.close();
  const where = config.eventStoreConnectionString ? 'EventStoreDB' : config.eventStoreFile;
  if (head > 0) {
    if (args.includes('--if-empty')) return void process.stdout.write(`The store (${where}) already holds events (up to position ${head.toLocaleString('en-GB')}); the demo is not loaded.\n`);
    throw new NotLoaded(`the store (${where}) already holds events (up to position ${head.toLocaleString('en-GB')}); the demo loads only into an empty store (set DATA_DIR to an empty folder)`);
  }

  process.stdout.write(`Loading the demo programme, Northshire Children's Trust, into ${where} (18 months to ${anchor})…\n`);
  const started = Date.now();
  let now = demoStart(anchor);
  const app = await createApp({ config, logger: pino({ level: 'silent' }), clock: () => now });
  let last = 0;
  try {
    await app.init();
    const summary = await loadNorthshire(app, {
      anchor,
      password,
      adminToken,
      setNow: (instant) => (now = instant),
      onProgress: (done) => {
        if (Date.now() - last < 2000) return;
        last = Date.now();
        process.stdout.write(`  ${Math.min(99, Math.round((100 * done) / DEMO_REQUESTS_ESTIMATE))}%  ${done.toLocaleString('en-GB')} requests\n`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const items = Object.entries(summary.items).map(([register, count]) => `${count} ${register}`).join(', ');
    process.stdout.write(
      [
        `Done in ${seconds} s: ${summary.requests.toLocaleString('en-GB')} requests; ${items}; ${summary.findings} findings; ${summary.decisions} board decisions; go-live ${summary.goLiveDate}.`,
        '',
        'Sign in at /sign-in (e.g. http://localhost:3000/sign-in) as any of these. Keep the passwords now: they are shown only this once.',
        `  ${config.bootstrapAdmin.email} (administrator)  password: ${process.env.BOOTSTRAP_ADMIN_PASSWORD ? '(BOOTSTRAP_ADMIN_PASSWORD)' : adminPassword}`,
        ...summary.users.map((user) => `  ${user.email} (${user.role})  password: ${process.env.DEMO_PASSWORD ? '(DEMO_PASSWORD)' : password}`),
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigError || error instanceof NotLoaded ? `The demo was not loaded: ${error.message}\n` : `The demo failed: ${(error as Error).message}\n`);
  process.exit(1);
});
