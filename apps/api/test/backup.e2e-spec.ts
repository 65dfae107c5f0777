import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SqliteEventStore } from '@tracker/event-store';
import { loadConfig } from '../src/config/config';
import { backUp, checkBackup, restore } from '../src/cli/backup-restore';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('backup and restore', () => {
  let t: TestApp;
  let dataDir: string;
  let work: string;
  let programmeId: string;

  beforeEach(async () => {
    // The key lives beside the data folder (in keys/), so each test gets a folder of its own for both.
    dataDir = join(mkdtempSync(join(tmpdir(), 'tracker-backup-data-')), 'data');
    work = mkdtempSync(join(tmpdir(), 'tracker-backup-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    programmeId = await registerProgramme(t);
    await t.http().post(`/api/programmes/${programmeId}/contracts`).send(contractBody).expect(201);
    // A board decision is followed by a signed digest, which the restore checks the chain against.
    await t.http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201);
  });
  afterEach(async () => {
    await t.close();
    rmSync(dirname(dataDir), { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('copies every event while the server runs — a copy of events.sqlite alone has none of the newest, which are in the -wal file', async () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const head = await t.store.headPosition();

    copyFileSync(config.eventStoreFile, join(work, 'naive.sqlite'));
    const naive = new Database(join(work, 'naive.sqlite'), { readonly: true });
    // Until a checkpoint, even the events table may be only in the -wal file.
    const hasTable = naive.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'events'`).get() !== undefined;
    const naiveCount = hasTable ? (naive.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n : 0;
    naive.close();
    expect(naiveCount).toBeLessThan(head);

    const manifest = await backUp(config, join(work, 'backup'));
    expect(manifest).toMatchObject({ headPosition: head, events: head });
    expect(Object.keys(manifest.files).sort()).toEqual(['events.sqlite', 'signing-key.pem']);
    await expect(checkBackup(join(work, 'backup'))).resolves.toMatchObject({ events: head, programmes: 1, digestsChecked: 1 });
  });

  it('restores into an empty data folder after checking every chain against its signed digests, and the read models are rebuilt from it', async () => {
    const head = await t.store.headPosition();
    await backUp(loadConfig({ DATA_DIR: dataDir }), join(work, 'backup'));
    const target = loadConfig({ DATA_DIR: join(work, 'restored') });
    const restored = await restore(target, join(work, 'backup'));
    expect(restored).toMatchObject({ events: head, programmes: 1, digestsChecked: 1 });
    const store = new SqliteEventStore(target.eventStoreFile);
    expect(await store.headPosition()).toBe(head);
    await store.close();
    expect(existsSync(target.signingKeyFile)).toBe(true);
    await expect(restore(target, join(work, 'backup'))).rejects.toThrow(/already holds \d+ events; add --force/);
  });

  it('refuses a backup whose events were altered, naming the programme, and changes nothing', async () => {
    await backUp(loadConfig({ DATA_DIR: dataDir }), join(work, 'backup'));
    const copy = new Database(join(work, 'backup', 'events.sqlite'));
    copy.prepare(`UPDATE events SET data = replace(data, 'Carefirst Ltd', 'Someone Else Ltd') WHERE type = 'ContractRegistered'`).run();
    copy.close();
    const target = loadConfig({ DATA_DIR: join(work, 'restored') });
    await expect(restore(target, join(work, 'backup'))).rejects.toThrow('events.sqlite in the backup is not the file that was backed up');
    expect(existsSync(target.eventStoreFile)).toBe(false);
  });

  it('refuses an altered backup even when its manifest was rewritten to match, because the chain no longer matches the signed digest', async () => {
    await backUp(loadConfig({ DATA_DIR: dataDir }), join(work, 'backup'));
    const copy = new Database(join(work, 'backup', 'events.sqlite'));
    copy.prepare(`UPDATE events SET data = replace(data, 'Carefirst Ltd', 'Someone Else Ltd') WHERE type = 'ContractRegistered'`).run();
    copy.close();
    rmSync(join(work, 'backup', 'backup.json'));
    await expect(checkBackup(join(work, 'backup'))).rejects.toThrow('holds no finished backup');
    // With a manifest forged to match, the signed digest still catches the change.
    const { createHash } = await import('node:crypto');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const sum = (file: string) => createHash('sha256').update(readFileSync(join(work, 'backup', file))).digest('hex');
    writeFileSync(join(work, 'backup', 'backup.json'), JSON.stringify({ createdAt: '', headPosition: 0, events: 0, files: { 'events.sqlite': sum('events.sqlite'), 'signing-key.pem': sum('signing-key.pem') } }));
    await expect(checkBackup(join(work, 'backup'))).rejects.toThrow(`Programme ${programmeId} does not check out`);
  });

  it('checks a backup without touching it, refuses one signed with another key than the one installed, and keeps the store it replaces', async () => {
    const { readdirSync, writeFileSync } = await import('node:fs');
    const { generateSigningKeys } = await import('@tracker/audit');
    await backUp(loadConfig({ DATA_DIR: dataDir }), join(work, 'backup'));
    const before = readdirSync(join(work, 'backup')).sort();
    await checkBackup(join(work, 'backup'));
    expect(readdirSync(join(work, 'backup')).sort()).toEqual(before);

    const target = loadConfig({ DATA_DIR: join(work, 'restored') });
    await restore(target, join(work, 'backup'));
    writeFileSync(target.signingKeyFile, generateSigningKeys().privateKeyPem);
    await expect(restore(target, join(work, 'backup'), { force: true })).rejects.toThrow('signed with another key than the one installed here');
    await restore(target, join(work, 'backup'), { force: true, replaceKey: true });
    expect(readdirSync(join(work, 'restored')).some((f) => f.startsWith('events.sqlite.before-restore-'))).toBe(true);
  });

  it('refuses a backup with nothing signed in it unless told to take it unsigned', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'tracker-unsigned-')), 'data');
    const unsigned = await startTestApp({ DATA_DIR: fresh });
    await registerProgramme(unsigned);
    await backUp(loadConfig({ DATA_DIR: fresh }), join(work, 'unsigned'));
    await unsigned.close();
    const target = loadConfig({ DATA_DIR: join(work, 'restored-unsigned') });
    await expect(restore(target, join(work, 'unsigned'))).rejects.toThrow('Nothing in the backup is signed');
    expect(existsSync(target.eventStoreFile)).toBe(false);
    await expect(restore(target, join(work, 'unsigned'), { unsigned: true })).resolves.toMatchObject({ digestsChecked: 0 });
    rmSync(dirname(fresh), { recursive: true, force: true });
  });
});
