import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SqliteEventStore } from '@tracker/event-store';
import { loadConfig } from '../src/config/config';
import { backUp, backupCheckInWords, checkBackup, restore } from '../src/cli/backup-restore';
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
    // The decision's board pack, as tabled, is a document kept beside the events.
    expect(Object.keys(manifest.files).filter((file) => !file.startsWith('documents/')).sort()).toEqual(['events.sqlite', 'reminders.sqlite', 'signing-key.pem', 'witness-outbox.sqlite']);
    expect(Object.keys(manifest.files).filter((file) => file.startsWith('documents/'))).toHaveLength(1);
    await expect(checkBackup(join(work, 'backup'))).resolves.toMatchObject({ events: head, programmes: 1, digestsChecked: 1 });
  });

  it('says how many events the digests cover, how many none does, and which key they were checked with, never that the backup "checks out"', async () => {
    await t.http().post(`/api/programmes/${programmeId}/notes`).send({ target: { kind: 'programme' }, text: 'After the decision' }).expect(201);
    const config = loadConfig({ DATA_DIR: dataDir });
    const { body: listed } = await t.http().get(`/api/programmes/${programmeId}/digests`).expect(200);
    const [digest] = listed.items;
    await backUp(config, join(work, 'backup'));
    const checked = await checkBackup(join(work, 'backup'));
    const head = await t.store.headPosition();
    // The decision's digest is of what the board saw before it: the decision and the note come after.
    expect(checked).toMatchObject({ events: head, digestsChecked: 1, covered: digest.eventCount, uncovered: 2, keyFingerprint: digest.keyFingerprint });
    const words = backupCheckInWords(checked);
    expect(words).toContain(`${digest.eventCount} of the backup's ${head} events, in 1 programme, are covered by the 1 signed digest.`);
    expect(words).toContain(`2 later programme events are covered by no digest, and ${head - digest.eventCount - 2} events outside any programme`);
    expect(words).toContain(`the backup's own key, fingerprint ${digest.keyFingerprint}: compare it with the fingerprint you hold`);
    expect(words).not.toMatch(/checks out|intact/);
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

  it('carries the documents uploaded, the record of which programme they were uploaded to, and the witness outbox, and the restored server serves them', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const pdf = Buffer.from('%PDF-1.7\ndeed of novation\n');
    const sha = createHash('sha256').update(pdf).digest('hex');
    await t.http().post(`/api/programmes/${programmeId}/documents`).attach('file', pdf, 'deed.pdf').expect(201);
    const manifest = await backUp(loadConfig({ DATA_DIR: dataDir }), join(work, 'backup'));
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining([`documents/${sha}`, `document-records/${programmeId}/${sha}.json`, 'witness-outbox.sqlite']));

    // A document altered in the backup is refused before anything is restored.
    writeFileSync(join(work, 'tampered.pdf'), readFileSync(join(work, 'backup', 'documents', sha)));
    writeFileSync(join(work, 'backup', 'documents', sha), Buffer.from('%PDF-1.7\nsomething else\n'));
    const refused = loadConfig({ DATA_DIR: join(work, 'refused') });
    await expect(restore(refused, join(work, 'backup'))).rejects.toThrow(`documents/${sha} in the backup is not the file that was backed up`);
    expect(existsSync(refused.eventStoreFile)).toBe(false);
    copyFileSync(join(work, 'tampered.pdf'), join(work, 'backup', 'documents', sha));

    const restoredDir = join(work, 'restored');
    const target = loadConfig({ DATA_DIR: restoredDir });
    await restore(target, join(work, 'backup'));
    expect(existsSync(target.witnesses.outboxFile)).toBe(true);
    const restoredApp = await startTestApp({ DATA_DIR: restoredDir, SIGNING_KEY_FILE: target.signingKeyFile });
    try {
      const served = await restoredApp.http().get(`/api/programmes/${programmeId}/documents/${sha}`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(served.status).toBe(200);
      expect(Buffer.compare(served.body as Buffer, pdf)).toBe(0);
    } finally {
      await restoredApp.close();
    }
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
