import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { BackupError, backUp } from './backup-restore';

const HELP = `npm run backup -- --to DIR

Makes a consistent copy of the event store (SQLite's online backup API: safe while the server
runs) and the signing key into DIR, an empty or new folder, with a manifest of SHA-256 sums.
The read models are not copied; they are rebuilt from the events. Exit codes: 0 done, 1 failed,
2 usage.`;

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--to');
  if (argv.includes('--help') || at < 0 || argv[at + 1] === undefined) {
    process.stdout.write(`${HELP}\n`);
    return argv.includes('--help') ? 0 : 2;
  }
  const to = argv[at + 1];
  const config = loadConfig();
  process.stdout.write(`Backing up ${config.eventStoreFile} to ${to}…\n`);
  const manifest = await backUp(config, to, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`Done: ${manifest.events.toLocaleString('en-GB')} events up to position ${manifest.headPosition.toLocaleString('en-GB')}, ${Object.keys(manifest.files).join(' and ')}. Check it with npm run restore -- --from ${to} --check.\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : error instanceof BackupError ? `${error.message}\n` : `The backup failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
