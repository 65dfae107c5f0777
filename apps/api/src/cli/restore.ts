import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { BackupError, backupCheckInWords, checkBackup, restore } from './backup-restore';

const HELP = `npm run restore -- --from DIR [--check] [--force]

Checks a backup made by npm run backup — every file against its SHA-256 in the manifest, every
programme's hash chain against the digests signed with the backup's key — and only then puts it
in place of the configured event store and signing key (DATA_DIR, EVENT_STORE_FILE,
SIGNING_KEY_FILE), removing the read store so that the server rebuilds it. Run it with the
server stopped.
  --check        check the backup and stop; change nothing
  --force        replace an event store that already holds events (it is kept beside it)
  --replace-key  install the backup's signing key where another is installed (check its
                 fingerprint with whoever keeps the key first)
  --unsigned     restore a backup none of whose events is covered by a signed digest
Exit codes: 0 done, 1 refused or failed, 2 usage.`;

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--from');
  if (argv.includes('--help') || at < 0 || argv[at + 1] === undefined) {
    process.stdout.write(`${HELP}\n`);
    return argv.includes('--help') ? 0 : 2;
  }
  const from = argv[at + 1];
  const config = loadConfig();
  const progress = (line: string) => process.stdout.write(`${line}\n`);
  if (argv.includes('--check')) {
    const checked = await checkBackup(from, progress);
    process.stdout.write(`${backupCheckInWords(checked)}\nNothing was changed.\n`);
    return 0;
  }
  const restored = await restore(config, from, { force: argv.includes('--force'), replaceKey: argv.includes('--replace-key'), unsigned: argv.includes('--unsigned') }, progress);
  process.stdout.write(`Restored ${restored.events.toLocaleString('en-GB')} events. ${backupCheckInWords(restored)}\nStart the server: it rebuilds the read models.\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : error instanceof BackupError ? `${error.message}\n` : `The restore failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
