import Database from 'better-sqlite3';
import { programmeOfStream } from '@tracker/domain';
import { createHash, createPublicKey } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ChainVerifier, SignedDigest, keyFingerprint, loadPrivateKey } from '@tracker/audit';
import { SqliteEventStore } from '@tracker/event-store';
import { Config } from '../config/config';
import { firstKeyFile, readRotations, trustedKeyHistory } from '../audit/key-pinning';

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
/** The first key this install held (public), where trust in recorded rotations starts; kept beside the key. */
const FIRST_KEY = 'signing-key.pem.first-key.pub.pem';
const MANIFEST = 'backup.json';
/**
 * Kept beside the events and named nowhere else: documents by their SHA-256 and each programme's
 * record of its uploads (records first, so that every record copied has its document copied after
 * it), and the deliveries to witnesses not yet made.
 */
const SIDE_FOLDERS = ['document-records', 'documents'] as const;
const OUTBOX = 'witness-outbox.sqlite';
const REMINDERS = 'reminders.sqlite';
/** The outboxes a backup copies (consistent copies, by VACUUM INTO) and a restore puts back: what is owed to witnesses, and what each person has been told. */
const outboxesOf = (config: Config): readonly { readonly name: string; readonly file: string }[] => [
  { name: OUTBOX, file: config.witnesses.outboxFile },
  { name: REMINDERS, file: config.reminders.outboxFile },
];

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
  if (existsSync(firstKeyFile(config.signingKeyFile))) {
    copyFileSync(firstKeyFile(config.signingKeyFile), join(to, FIRST_KEY));
    chmodSync(join(to, FIRST_KEY), 0o600);
    files[FIRST_KEY] = await sha256Of(join(to, FIRST_KEY));
  }
  for (const folder of SIDE_FOLDERS) {
    for (const file of filesUnder(join(config.dataDir, folder))) {
      const name = `${folder}/${file}`;
      mkdirSync(dirname(join(to, name)), { recursive: true, mode: 0o700 });
      copyFileSync(join(config.dataDir, name), join(to, name));
      files[name] = await sha256Of(join(to, name));
    }
  }
  for (const { name, file } of outboxesOf(config)) {
    if (!existsSync(file)) continue;
    const outbox = new Database(file, { readonly: true, fileMustExist: true });
    try {
      outbox.prepare('VACUUM INTO ?').run(join(to, name));
    } finally {
      outbox.close();
    }
    chmodSync(join(to, name), 0o600);
    files[name] = await sha256Of(join(to, name));
  }
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), headPosition: head ?? 0, events, files };
  writeFileSync(join(to, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

export interface RestoreOutcome {
  /** Every event in the backup, those outside any programme (users, sessions, keys) included. */
  readonly events: number;
  readonly programmes: number;
  readonly digestsChecked: number;
  /** Programme events at or before their programme's newest digest that checked out. */
  readonly covered: number;
  /** Programme events after it: no digest covers them. */
  readonly uncovered: number;
  /** The fingerprint of the backup's own key, which the digests were checked with. */
  readonly keyFingerprint?: string;
}

/**
 * What a check of a backup showed, in words that claim no more than it showed: the digests were
 * checked with the backup's own key (whoever could rewrite the backup could re-sign it), and events
 * after the newest digests, or outside any programme, are vouched for by nothing.
 */
export function backupCheckInWords(outcome: RestoreOutcome): string {
  const n = (count: number) => count.toLocaleString('en-GB');
  const outside = outcome.events - outcome.covered - outcome.uncovered;
  return [
    `Every file of the backup matches its manifest, and no programme's events contradict its signed digests: ` +
      `${n(outcome.covered)} of the backup's ${n(outcome.events)} events, in ${n(outcome.programmes)} programme${outcome.programmes === 1 ? '' : 's'}, ` +
      `are covered by the ${n(outcome.digestsChecked)} signed digest${outcome.digestsChecked === 1 ? '' : 's'}.`,
    `${n(outcome.uncovered)} later programme event${outcome.uncovered === 1 ? ' is' : 's are'} covered by no digest, and ${n(outside)} event${outside === 1 ? '' : 's'} outside any programme's chain (users, sessions, the records of the digests themselves, key rotations) by none: nothing but the backup itself vouches for them.`,
    outcome.keyFingerprint === undefined
      ? 'The backup holds no signing key.'
      : `The digests were checked with the backup's own key, fingerprint ${outcome.keyFingerprint}: compare it with the fingerprint you hold, since whoever could rewrite the backup could also have re-signed it.`,
  ].join('\n');
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
  putSideFiles(config, from);
  if (backupKey !== undefined) {
    // The key is kept apart from the data folder, in a folder of its own that may not exist yet.
    mkdirSync(dirname(config.signingKeyFile), { recursive: true, mode: 0o700 });
    writeFileSync(`${config.signingKeyFile}.restoring`, backupKey, { mode: 0o600 });
    renameSync(`${config.signingKeyFile}.restoring`, config.signingKeyFile);
  }
  if (existsSync(join(from, FIRST_KEY))) {
    mkdirSync(dirname(config.signingKeyFile), { recursive: true, mode: 0o700 });
    writeFileSync(`${firstKeyFile(config.signingKeyFile)}.restoring`, readFileSync(join(from, FIRST_KEY)), { mode: 0o600 });
    renameSync(`${firstKeyFile(config.signingKeyFile)}.restoring`, firstKeyFile(config.signingKeyFile));
  }
  return checked;
}

/**
 * The documents, their records and the outboxes (witnesses', reminders'), each checked against the
 * manifest as it is read and written whole under a temporary name; documents and records join any
 * already here (a document's name is its hash), an outbox replaces the one here, which is moved aside.
 */
function putSideFiles(config: Config, from: string): void {
  const manifest = JSON.parse(readFileSync(join(from, MANIFEST), 'utf8')) as BackupManifest;
  for (const [name, expected] of Object.entries(manifest.files)) {
    const side = SIDE_FOLDERS.some((folder) => name.startsWith(`${folder}/`));
    const outbox = outboxesOf(config).find((o) => o.name === name);
    if (!side && outbox === undefined) continue;
    if (name.split('/').some((part) => part === '..' || part === '')) throw new BackupError(`${name} in the backup's manifest is not a file of the data folder; the events were restored, the documents were not`);
    const bytes = readFileSync(join(from, name));
    if (createHash('sha256').update(bytes).digest('hex') !== expected) throw new BackupError(`${name} in the backup changed while it was restored; the events were restored, restore again`);
    const target = outbox?.file ?? join(config.dataDir, name);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    if (outbox !== undefined) {
      const aside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${aside}${suffix}`);
    }
    writeFileSync(`${target}.restoring`, bytes, { mode: 0o600 });
    renameSync(`${target}.restoring`, target);
  }
}

/** Every file under a folder, as paths relative to it with `/`; files being written (named `.…`) are left out. */
function filesUnder(folder: string, prefix = ''): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name), `${prefix}${entry.name}/`) : entry.isFile() ? [`${prefix}${entry.name}`] : []));
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
  return verifyBackup(events, keyPem, existsSync(join(from, FIRST_KEY)) ? readFileSync(join(from, FIRST_KEY), 'utf8') : undefined, progress);
}

/** Every programme's chain, recomputed from the backup's events, against every digest in it. */
async function verifyBackup(file: string, keyPem: string | undefined, firstKeyPem: string | undefined, progress: (line: string) => void): Promise<RestoreOutcome> {
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
    const history = publicKey === undefined ? undefined : trustedKeyHistory(publicKey, await readRotations(store), firstKeyPem);
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
    let covered = 0;
    let uncovered = 0;
    for (const [programmeId, verifier] of verifiers) {
      const result = verifier.result();
      if (!result.valid) throw new BackupError(`Programme ${programmeId} does not check out: ${result.problem}; nothing was restored`);
      covered += result.coverage.covered;
      uncovered += result.coverage.uncovered;
    }
    for (const programmeId of digests.keys()) {
      if (!verifiers.has(programmeId)) throw new BackupError(`Programme ${programmeId} has signed digests but no events in the backup; nothing was restored`);
    }
    return { events, programmes: verifiers.size, digestsChecked, covered, uncovered, ...(publicKey === undefined ? {} : { keyFingerprint: keyFingerprint(publicKey) }) };
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
