import Database from 'better-sqlite3';
import { createHash, createPublicKey } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChainVerifier, SignedDigest, loadPrivateKey } from '@tracker/audit';
import { SqliteEventStore, preparePrivateFile } from '@tracker/event-store';
import { programmeOfStream } from '@tracker/read-models';
import { Config } from '../config/config';

/** What a backup folder holds, written last: a folder without it is not a finished backup. */
export interface BackupManifest {
  readonly createdAt: string;
  /** The event store's head position when the copy was taken. */
  readonly headPosition: number;
  readonly events: number;
  /** SHA-256 of each file, so a damaged copy is found before it is restored. */
  readonly files: Readonly<Record<string, string>>;
}

const EVENTS = 'events.sqlite';
const KEY = 'signing-key.pem';
const MANIFEST = 'backup.json';

export class BackupError extends Error {}

/**
 * A consistent copy of the event store, taken with SQLite's online backup API: safe while the
 * server runs, and complete — copying `events.sqlite` alone misses what is still in its `-wal`
 * file. The signing key goes beside it; the digests are events, so they are in the copy. The read
 * models are not copied: they are rebuilt from the events.
 */
export async function backUp(config: Config, to: string, progress: (line: string) => void = () => undefined): Promise<BackupManifest> {
  if (config.eventStoreConnectionString) throw new BackupError('The events are in EventStoreDB: back it up with its own tools (see its documentation on backups)');
  if (!existsSync(config.eventStoreFile)) throw new BackupError(`There is no event store at ${config.eventStoreFile}`);
  if (existsSync(join(to, MANIFEST))) throw new BackupError(`${to} already holds a backup; choose an empty folder`);
  mkdirSync(to, { recursive: true, mode: 0o700 });
  const target = join(to, EVENTS);
  preparePrivateFile(target);
  const source = new Database(config.eventStoreFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        progress(`  ${Math.round((100 * (totalPages - remainingPages)) / Math.max(1, totalPages))}% of ${totalPages.toLocaleString('en-GB')} pages`);
        return 2_000;
      },
    });
  } finally {
    source.close();
  }
  const copy = new Database(target, { readonly: true });
  const { head, events } = copy.prepare('SELECT MAX(position) AS head, COUNT(*) AS events FROM events').get() as { head: number | null; events: number };
  copy.close();
  const files: Record<string, string> = { [EVENTS]: await sha256Of(target) };
  if (existsSync(config.signingKeyFile)) {
    copyFileSync(config.signingKeyFile, join(to, KEY));
    chmodSync(join(to, KEY), 0o600);
    files[KEY] = await sha256Of(join(to, KEY));
  }
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), headPosition: head ?? 0, events, files };
  writeFileSync(join(to, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

export interface RestoreOutcome {
  readonly events: number;
  readonly programmes: number;
  readonly digestsChecked: number;
}

/**
 * Checks a backup and only then puts it in place: every file against the manifest, and every
 * programme's hash chain against the digests signed with the backup's own key. A backup that
 * fails any check is refused and nothing is changed. The read store is removed so that the server
 * rebuilds it from the restored events. Run with the server stopped.
 */
export async function restore(config: Config, from: string, options: { force?: boolean } = {}, progress: (line: string) => void = () => undefined): Promise<RestoreOutcome> {
  if (config.eventStoreConnectionString) throw new BackupError('The events are in EventStoreDB: restore it with its own tools');
  const checked = await checkBackup(from, progress);
  if (existsSync(config.eventStoreFile) && !options.force) {
    const current = new SqliteEventStore(config.eventStoreFile);
    const head = await current.headPosition();
    await current.close();
    if (head > 0) throw new BackupError(`${config.eventStoreFile} already holds ${head.toLocaleString('en-GB')} events; add --force to replace them (move it aside first if in doubt); nothing was restored`);
  }
  // Into place by rename, so a crash half-way leaves the old store or the new one, never a mix.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const staged = `${config.eventStoreFile}.restoring`;
  copyFileSync(join(from, EVENTS), staged);
  chmodSync(staged, 0o600);
  for (const suffix of ['-wal', '-shm']) rmSync(`${config.eventStoreFile}${suffix}`, { force: true });
  renameSync(staged, config.eventStoreFile);
  if (existsSync(join(from, KEY))) {
    copyFileSync(join(from, KEY), config.signingKeyFile);
    chmodSync(config.signingKeyFile, 0o600);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.readStoreFile}${suffix}`, { force: true });
  return checked;
}

/** Everything restore checks, changing nothing. */
export async function checkBackup(from: string, progress: (line: string) => void = () => undefined): Promise<RestoreOutcome> {
  const manifestFile = join(from, MANIFEST);
  if (!existsSync(manifestFile)) throw new BackupError(`${from} holds no finished backup (no ${MANIFEST}); nothing was restored`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
  for (const [file, expected] of Object.entries(manifest.files)) {
    const actual = existsSync(join(from, file)) ? await sha256Of(join(from, file)) : 'missing';
    if (actual !== expected) throw new BackupError(`${file} in the backup is ${actual === 'missing' ? 'missing' : 'not the file that was backed up (its SHA-256 differs)'}; nothing was restored`);
  }
  return verifyBackup(join(from, EVENTS), existsSync(join(from, KEY)) ? readFileSync(join(from, KEY), 'utf8') : undefined, progress);
}

/** Every programme's chain, recomputed from the backup's events, against every digest in it. */
async function verifyBackup(file: string, keyPem: string | undefined, progress: (line: string) => void): Promise<RestoreOutcome> {
  const store = new SqliteEventStore(file);
  try {
    const digests = new Map<string, SignedDigest[]>();
    let digestsChecked = 0;
    for await (const event of store.readAll({ streamPrefix: 'audit-digests-' })) {
      if (event.type !== 'DigestRecorded') continue;
      const digest = (event.data as { digest: SignedDigest }).digest;
      digests.set(digest.programmeId, [...(digests.get(digest.programmeId) ?? []), digest]);
      digestsChecked++;
    }
    if (digestsChecked > 0 && keyPem === undefined) throw new BackupError('The backup has signed digests but not the key that signed them; nothing was restored');
    const publicKey = keyPem === undefined ? undefined : createPublicKey(loadPrivateKey(keyPem));
    const verifiers = new Map<string, ChainVerifier>();
    let events = 0;
    for await (const event of store.readAll()) {
      events++;
      if (events % 100_000 === 0) progress(`  checked ${events.toLocaleString('en-GB')} events`);
      const programmeId = programmeOfStream(event.streamId);
      if (programmeId === undefined) continue;
      let verifier = verifiers.get(programmeId);
      if (!verifier) verifiers.set(programmeId, (verifier = new ChainVerifier({ digests: digests.get(programmeId) ?? [], publicKey })));
      verifier.add(event);
    }
    for (const [programmeId, verifier] of verifiers) {
      const result = verifier.result();
      if (!result.valid) throw new BackupError(`Programme ${programmeId} does not check out: ${result.problem}; nothing was restored`);
    }
    for (const programmeId of digests.keys()) {
      if (!verifiers.has(programmeId)) throw new BackupError(`Programme ${programmeId} has signed digests but no events in the backup; nothing was restored`);
    }
    return { events, programmes: verifiers.size, digestsChecked };
  } finally {
    await store.close();
  }
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
