import Database from 'better-sqlite3';
import { createHash, createPublicKey } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ChainVerifier, SignedDigest, keyFingerprint, keyHistory, loadPrivateKey } from '@tracker/audit';
import { SqliteEventStore } from '@tracker/event-store';
import { programmeOfStream } from '@tracker/read-models';
import { Config } from '../config/config';
import { readRotations } from '../audit/key-pinning';

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
 * A consistent copy of the event store, taken in one read (VACUUM INTO): safe while the server
 * runs, and complete — copying `events.sqlite` alone misses what is still in its `-wal`
 * file. The signing key goes beside it; the digests are events, so they are in the copy. The read
 * models are not copied: they are rebuilt from the events.
 */
export async function backUp(config: Config, to: string, progress: (line: string) => void = () => undefined): Promise<BackupManifest> {
  if (config.eventStoreConnectionString) throw new BackupError('The events are in EventStoreDB: back it up with its own tools (see its documentation on backups)');
  if (!existsSync(config.eventStoreFile)) throw new BackupError(`There is no event store at ${config.eventStoreFile}`);
  if (existsSync(join(to, MANIFEST))) throw new BackupError(`${to} already holds a backup; choose an empty folder`);
  mkdirSync(to, { recursive: true, mode: 0o700 });
  const target = join(to, EVENTS);
  // VACUUM INTO copies one consistent read of the store in a single statement: a busy server
  // cannot make it start again, as it could the page-by-page online backup.
  const source = new Database(config.eventStoreFile, { readonly: true, fileMustExist: true });
  try {
    progress('  copying in one consistent read…');
    source.prepare('VACUUM INTO ?').run(target);
  } finally {
    source.close();
  }
  chmodSync(target, 0o600);
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
export async function restore(
  config: Config,
  from: string,
  options: { force?: boolean; replaceKey?: boolean; unsigned?: boolean } = {},
  progress: (line: string) => void = () => undefined,
): Promise<RestoreOutcome> {
  if (config.eventStoreConnectionString) throw new BackupError('The events are in EventStoreDB: restore it with its own tools');
  if (existsSync(config.eventStoreFile) && !options.force) {
    const current = new Database(config.eventStoreFile, { readonly: true });
    const head = (current.prepare('SELECT MAX(position) AS head FROM events').get() as { head: number | null } | undefined)?.head ?? 0;
    current.close();
    if (head > 0) throw new BackupError(`${config.eventStoreFile} already holds ${head.toLocaleString('en-GB')} events; add --force to replace them (they are kept beside it); nothing was restored`);
  }
  // The key is the trust anchor: a backup signed with another key than the one installed here could
  // have been re-signed by whoever could write the backup folder.
  const backupKey = existsSync(join(from, KEY)) ? readFileSync(join(from, KEY), 'utf8') : undefined;
  if (backupKey !== undefined && existsSync(config.signingKeyFile) && readFileSync(config.signingKeyFile, 'utf8') !== backupKey && !options.replaceKey) {
    throw new BackupError('The backup was signed with another key than the one installed here; check its fingerprint with whoever keeps the key, then add --replace-key; nothing was restored');
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // Checked as staged: what is checked is exactly what is put in place.
  const staged = `${config.eventStoreFile}.restoring`;
  rmSync(staged, { force: true });
  copyFileSync(join(from, EVENTS), staged);
  chmodSync(staged, 0o600);
  let checked: RestoreOutcome;
  try {
    checked = await checkFiles(from, staged, backupKey, progress);
    if (checked.digestsChecked === 0 && checked.events > 0 && !options.unsigned) {
      throw new BackupError('Nothing in the backup is signed, so its events cannot be checked against anything; add --unsigned to restore it all the same; nothing was restored');
    }
  } catch (error) {
    rmSync(staged, { force: true });
    throw error;
  }
  // The read store goes first: a crash after this point leaves it to be rebuilt, never one that
  // belongs to another store. The old store is moved aside, never deleted.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.readStoreFile}${suffix}`, { force: true });
  const aside = `${config.eventStoreFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${config.eventStoreFile}${suffix}`)) renameSync(`${config.eventStoreFile}${suffix}`, `${aside}${suffix}`);
  renameSync(staged, config.eventStoreFile);
  if (backupKey !== undefined) {
    // The key is kept apart from the data folder, in a folder of its own that may not exist yet.
    mkdirSync(dirname(config.signingKeyFile), { recursive: true, mode: 0o700 });
    writeFileSync(`${config.signingKeyFile}.restoring`, backupKey, { mode: 0o600 });
    renameSync(`${config.signingKeyFile}.restoring`, config.signingKeyFile);
  }
  return checked;
}

/** Everything restore checks, changing nothing: the backup is checked in a copy, never opened in place. */
export async function checkBackup(from: string, progress: (line: string) => void = () => undefined): Promise<RestoreOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), 'tracker-check-'));
  try {
    const copy = join(scratch, EVENTS);
    if (existsSync(join(from, EVENTS))) copyFileSync(join(from, EVENTS), copy);
    return await checkFiles(from, copy, existsSync(join(from, KEY)) ? readFileSync(join(from, KEY), 'utf8') : undefined, progress);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The manifest's sums, over the backup's own files, then every chain of the copy `events` of its event store. */
async function checkFiles(from: string, events: string, keyPem: string | undefined, progress: (line: string) => void): Promise<RestoreOutcome> {
  const manifestFile = join(from, MANIFEST);
  if (!existsSync(manifestFile)) throw new BackupError(`${from} holds no finished backup (no ${MANIFEST}); nothing was restored`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
  for (const [file, expected] of Object.entries(manifest.files)) {
    const path = file === EVENTS ? events : join(from, file);
    const actual = existsSync(path) ? await sha256Of(path) : 'missing';
    if (actual !== expected) throw new BackupError(`${file} in the backup is ${actual === 'missing' ? 'missing' : 'not the file that was backed up (its SHA-256 differs)'}; nothing was restored`);
  }
  return verifyBackup(events, keyPem, progress);
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
    // Digests signed before a recorded key rotation are checked with the key they were signed with.
    const history = publicKey === undefined ? undefined : keyHistory(publicKey, await readRotations(store));
    const publicKeys = publicKey === undefined || history === undefined ? undefined : history.reachesCurrent ? history.keys : [{ key: publicKey, fingerprint: keyFingerprint(publicKey) }];
    const verifiers = new Map<string, ChainVerifier>();
    let events = 0;
    for await (const event of store.readAll()) {
      events++;
      if (events % 100_000 === 0) progress(`  checked ${events.toLocaleString('en-GB')} events`);
      const programmeId = programmeOfStream(event.streamId);
      if (programmeId === undefined) continue;
      let verifier = verifiers.get(programmeId);
      if (!verifier) verifiers.set(programmeId, (verifier = new ChainVerifier({ digests: digests.get(programmeId) ?? [], publicKeys })));
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
