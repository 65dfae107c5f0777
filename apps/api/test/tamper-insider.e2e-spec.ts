import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainBuilder, SignedDigest, generateSigningKeys, keyFingerprint, loadPrivateKey, loadPublicKey, signDigest, signRotation, verifyExport } from '@tracker/audit';
import { KEY_ROTATIONS_STREAM, programmeStreamPrefix, programmeOfStream } from '@tracker/domain';
import { SqliteEventStore } from '@tracker/event-store';
import { loadConfig } from '../src/config/config';
import { firstKeyFile } from '../src/audit/key-pinning';
import { backUp, restore } from '../src/cli/backup-restore';
import { rotateKey } from '../src/cli/rotate-key';
import { EXIT, run as verifyExportCli } from '../src/cli/verify-export';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The insider who can write the data folder, with the server stopped. What the auditor holds was
 * kept apart from the server as it happened: the digests the witnesses received, and the key's
 * fingerprint. These tests fail on the tracker before coverage, pinning and the key kept apart.
 */
describe('tamper evidence against someone who can write the data folder', () => {
  let root: string;
  let dataDir: string;
  let keyFile: string;
  let t: TestApp | undefined;
  let programmeId: string;
  /** What the witnesses received, digest by digest, as each was taken. */
  let witnessed: SignedDigest[];
  /** The fingerprint the auditor was given apart from the server (board pack, witness email). */
  let fingerprint: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const start = async () => (t = await startTestApp({ DATA_DIR: dataDir }));
  const stop = async () => {
    await t?.close();
    t = undefined;
  };
  const app = () => t as TestApp;
  const eventsFile = () => join(dataDir, 'events.sqlite');
  const dropReadStore = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `read-models.sqlite${suffix}`), { force: true });
  };
  const sql = (statement: string, ...params: unknown[]) => {
    const db = new Database(eventsFile());
    try {
      db.prepare(statement).run(...params);
    } finally {
      db.close();
    }
  };
  const takeDigest = async () => {
    const { body } = await app().http().post(at('/digests')).expect(201);
    witnessed.push(body);
    return body as SignedDigest;
  };
  const addFinding = async (title: string) => {
    const itemId = (await app().http().post(at('/contracts')).send({ ...contractBody, reference: `C-${title.replace(/\W/g, '')}` }).expect(201)).body.id;
    await app().http().post(at('/findings')).send({ itemId, title, description: 'Seen at the board', severity: 'high', owner: 'Legal', dueDate: '2027-01-31' }).expect(201);
  };
  const positionOf = async (predicate: (data: string) => boolean) => {
    const db = new Database(eventsFile(), { readonly: true });
    try {
      const rows = db.prepare(`SELECT position, data FROM events WHERE stream_id LIKE ? ORDER BY position`).all(`${programmeStreamPrefix(programmeId)}%`) as { position: number; data: string }[];
      return rows.find((row) => predicate(row.data))!.position;
    } finally {
      db.close();
    }
  };

  /** What the insider does after rewriting events: recompute every digest's chain head and sign it again. */
  const resignEveryDigest = async (privateKeyPem: string) => {
    const key = loadPrivateKey(privateKeyPem);
    const store = new SqliteEventStore(eventsFile());
    const events = [];
    for await (const event of store.readAll({ streamPrefix: programmeStreamPrefix(programmeId) })) if (programmeOfStream(event.streamId) === programmeId) events.push(event);
    const digestEvents = [];
    for await (const event of store.readAll({ streamPrefix: 'audit-digests-' })) digestEvents.push(event);
    await store.close();
    for (const event of digestEvents) {
      const { signature: _signature, ...old } = (event.data as { digest: SignedDigest }).digest;
      const builder = new ChainBuilder();
      events.filter((e) => e.position <= old.position).forEach((e) => builder.add(e));
      const digest = signDigest({ ...old, eventCount: builder.count, headHash: builder.head, keyFingerprint: keyFingerprint(key) }, key);
      sql('UPDATE events SET data = ? WHERE position = ?', JSON.stringify({ digest }), event.position);
    }
  };

  /** The auditor's offline check, through the command-line tool, with its exit status and what it printed. */
  const offline = (digestFiles: string[], ...flags: string[]) => {
    const exported = join(root, `audit-${Date.now()}-${Math.random()}.jsonl`);
    return app()
      .http()
      .get(at('/audit?format=jsonl'))
      .expect(200)
      .then(({ text }) => {
        writeFileSync(exported, text);
        let out = '';
        const status = verifyExportCli([exported, ...digestFiles, ...flags], (s) => (out += s), (s) => (out += s));
        return { status, out };
      });
  };
  const file = (name: string, content: unknown) => {
    const path = join(root, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'tracker-insider-'));
    dataDir = join(root, 'data');
    keyFile = join(root, 'keys', 'signing-key.pem');
    witnessed = [];
    await start();
    programmeId = await registerProgramme(app());
    await addFinding('Deed unsigned');
    await takeDigest();
    await addFinding('Pension admission late');
    await takeDigest();
    fingerprint = (await app().http().get(at('/digests')).expect(200)).body.keyFingerprint;
  });
  afterEach(async () => {
    await stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps the signing key out of the data folder, beside it', () => {
    expect(existsSync(keyFile)).toBe(true);
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.pem'))).toEqual([]);
    expect(keyFingerprint(loadPrivateKey(readFileSync(keyFile, 'utf8')))).toBe(fingerprint);
  });

  it('refuses to start with a key still at the old place in the data folder, rather than make a new one, and says how to move it', async () => {
    await stop();
    const old = join(dataDir, 'signing-key.pem');
    renameSync(keyFile, old);
    await expect(start()).rejects.toThrow(`The signing key is still in the data folder (${old})`);
    await expect(start()).rejects.toThrow(`mv ${old} ${keyFile}`);
    expect(existsSync(keyFile)).toBe(false);
    // Kept there knowingly: it starts with that key, which the digests still check with.
    t = await startTestApp({ DATA_DIR: dataDir, SIGNING_KEY_FILE: old });
    expect((await app().http().get(at('/digests')).expect(200)).body.keyFingerprint).toBe(fingerprint);
    await stop();
    // Moved as told: it starts from the new place.
    renameSync(old, keyFile);
    await start();
    expect((await app().http().post(at('/verify')).send({ digests: witnessed }).expect(200)).body.valid).toBe(true);
  });

  it('(a) an event rewritten, the read store deleted, the chain recomputed and every digest re-signed: the witnessed digests and the pinned key name the span that changed', async () => {
    const [first, second] = witnessed;
    const altered = await positionOf((data) => data.includes('Pension admission late'));
    expect(altered).toBeGreaterThan(first.position);
    await stop();
    sql(`UPDATE events SET data = json_set(data, '$.title', 'Nothing to see') WHERE position = ?`, altered);
    dropReadStore();
    await resignEveryDigest(readFileSync(keyFile, 'utf8'));
    await start();

    // On its own, the server's store is consistent again: all it can say is how far its digests reach.
    const own = (await app().http().post(at('/verify')).send({}).expect(200)).body;
    expect(own).toMatchObject({ valid: true, coverage: { uncovered: 0 } });
    expect(own.coverage.statement).toMatch(/^Events up to position \d+ \(\d+ events\) match the signed digest of /);

    // With what the witnesses received, the change is found and placed between two digests.
    const { body } = await app().http().post(at('/verify')).send({ digests: witnessed }).expect(200);
    expect(body).toMatchObject({ valid: false, changedBetween: { after: first.position, upTo: second.position } });
    expect(body.problem).toContain(`at least one event after position ${first.position} (up to which the digest of ${first.takenAt} still matches) and at or before position ${second.position} was altered after it was signed`);

    // The digests as the witnesses received them, beside the server's list (which carries the public key).
    const witnessFiles = witnessed.map((digest, i) => file(`witness-${i}.json`, digest));
    const served = file('served.json', (await app().http().get(at('/digests')).expect(200)).body);
    const caught = await offline([...witnessFiles, served], '--fingerprint', fingerprint);
    expect(caught.status).toBe(EXIT.DOES_NOT_CHECK_OUT);
    expect(caught.out).toContain('The history does NOT check out');
    expect(caught.out).toContain(`and at or before position ${second.position} was altered`);

    // The README's old recipe, with freshly downloaded digests and key, agrees with itself and says it loudly.
    const fresh = (await app().http().get(at('/digests')).expect(200)).body;
    const unpinned = await offline([file('digests.json', fresh)]);
    expect(unpinned.status).toBe(EXIT.NOT_PINNED);
    expect(unpinned.out).toContain('This proves only that these files agree with each other, NOT that the server did not re-sign them');
    expect(unpinned.out).not.toMatch(/intact|checks out/);
  });

  it('(b) a new key swapped in: the server refuses to start, and re-signed digests are refused by the auditor’s pinned fingerprint', async () => {
    await stop();
    const genuine = readFileSync(keyFile, 'utf8');
    const stranger = generateSigningKeys();
    const strangerFingerprint = keyFingerprint(loadPublicKey(stranger.publicKeyPem));
    writeFileSync(keyFile, stranger.privateKeyPem);
    await expect(start()).rejects.toThrow(`The signing key in ${keyFile} (fingerprint ${strangerFingerprint}) is not the key that signed the newest digest`);
    await expect(start()).rejects.toThrow(`that was key ${fingerprint}, and no recorded key rotation signed by it hands over to this one`);

    // Re-signing every digest with the new key gets the server going, but not past the auditor.
    await resignEveryDigest(stranger.privateKeyPem);
    await start();
    const fresh = (await app().http().get(at('/digests')).expect(200)).body;
    expect(fresh.keyFingerprint).toBe(strangerFingerprint);
    const exported = (await app().http().get(at('/audit?format=jsonl')).expect(200)).text;
    expect(verifyExport(exported, JSON.stringify(fresh), undefined, { trustedFingerprint: fingerprint })).toMatchObject({
      valid: false,
      keyPinned: true,
      problem: expect.stringContaining(`none of the keys given has the fingerprint you hold (${fingerprint}): the key that came with the files is ${strangerFingerprint}`),
    });
    const refused = await offline([file('digests.json', fresh)], '--fingerprint', fingerprint);
    expect(refused.status).toBe(EXIT.DOES_NOT_CHECK_OUT);
    // Without the fingerprint the same files pass, and the tool says what that is worth.
    expect((await offline([file('digests.json', fresh)])).status).toBe(EXIT.NOT_PINNED);
    await stop();
    writeFileSync(keyFile, genuine);
  });

  it('(b) a key rotation recorded and signed by the old key lets the new key sign, and the auditor’s old fingerprint leads to it', async () => {
    await stop();
    const next = generateSigningKeys();
    const nextFingerprint = keyFingerprint(loadPublicKey(next.publicKeyPem));
    const { rotation, retiredKeyFile } = await rotateKey(loadConfig({ DATA_DIR: dataDir }), next.privateKeyPem, '2026-11-22T11:00:00.000Z');
    expect(rotation).toMatchObject({ fromFingerprint: fingerprint, toFingerprint: nextFingerprint });
    expect(existsSync(retiredKeyFile)).toBe(true);
    await start();
    app().setNow('2026-11-22T12:00:00.000Z');
    await addFinding('After the rotation');
    await takeDigest();
    const fresh = (await app().http().get(at('/digests')).expect(200)).body;
    expect(fresh).toMatchObject({ keyFingerprint: nextFingerprint, rotations: [{ fromFingerprint: fingerprint, toFingerprint: nextFingerprint }] });
    const ok = await offline([file('digests.json', fresh)], '--fingerprint', fingerprint);
    expect(ok.status).toBe(EXIT.CHECKS_OUT);
    expect(ok.out).toContain(`signed by keys ${fingerprint}, ${nextFingerprint}`);
    expect((await app().http().post(at('/verify')).send({ digests: witnessed }).expect(200)).body).toMatchObject({ valid: true, coverage: { uncovered: 0 } });

    // The first key, where trust in the rotation starts, is kept beside the key and goes with a backup:
    // restored elsewhere, the rotation is still trusted and the old digests still check.
    expect(readFileSync(firstKeyFile(keyFile), 'utf8')).toContain('BEGIN PUBLIC KEY');
    await stop();
    const elsewhere = join(root, 'elsewhere', 'data');
    await backUp(loadConfig({ DATA_DIR: dataDir }), join(root, 'backup'));
    await restore(loadConfig({ DATA_DIR: elsewhere }), join(root, 'backup'));
    t = await startTestApp({ DATA_DIR: elsewhere });
    expect((await app().http().post(at('/verify')).send({ digests: witnessed }).expect(200)).body).toMatchObject({ valid: true, coverage: { uncovered: 0 } });
  });

  it('refuses to rotate from a key that did not sign the newest digest, or to a key that is not one, changing nothing', async () => {
    await stop();
    const genuine = readFileSync(keyFile, 'utf8');
    const stranger = generateSigningKeys();
    writeFileSync(keyFile, stranger.privateKeyPem);
    const config = loadConfig({ DATA_DIR: dataDir });
    await expect(rotateKey(config, generateSigningKeys().privateKeyPem)).rejects.toThrow(/^Only the key that signed the newest digest may hand over to a new one\. .*Nothing was changed\.$/);
    expect(readFileSync(keyFile, 'utf8')).toBe(stranger.privateKeyPem);
    writeFileSync(keyFile, genuine);
    await expect(rotateKey(config, 'not a key')).rejects.toThrow('The new key cannot be used');
    await expect(rotateKey(config, genuine)).rejects.toThrow('nothing to rotate');
    const store = new SqliteEventStore(eventsFile());
    expect(await store.readStream(KEY_ROTATIONS_STREAM)).toEqual([]);
    await store.close();
    expect(readFileSync(keyFile, 'utf8')).toBe(genuine);
  });

  it('(b) a forged rotation, not signed by the old key, does not let a new key start the server', async () => {
    await stop();
    const stranger = generateSigningKeys();
    const strangerKey = loadPrivateKey(stranger.privateKeyPem);
    const genuinePublic = loadPublicKey(`${(await import('node:crypto')).createPublicKey(loadPrivateKey(readFileSync(keyFile, 'utf8'))).export({ type: 'spki', format: 'pem' })}`);
    // Signed by the new key itself, dressed up as coming from the genuine one.
    const forged = {
      ...signRotation(strangerKey, loadPublicKey(generateSigningKeys().publicKeyPem), '2026-11-22T11:00:00.000Z'),
      fromFingerprint: fingerprint,
      fromPublicKeyPem: genuinePublic.export({ type: 'spki', format: 'pem' }).toString(),
      toFingerprint: keyFingerprint(strangerKey),
      toPublicKeyPem: stranger.publicKeyPem,
    };
    const store = new SqliteEventStore(eventsFile());
    await store.appendToStream(
      KEY_ROTATIONS_STREAM,
      [{ eventId: '00000000-0000-4000-8000-000000000001', type: 'SigningKeyRotated', schemaVersion: 1, data: forged, metadata: { userId: 'x', role: 'x', correlationId: 'x', causationId: 'x', recordedAt: '2026-11-22T11:00:00.000Z' } }],
      'no_stream',
    );
    await store.close();
    // An install that keeps its first key beside the key, as rotate-key leaves it: trust starts there.
    writeFileSync(firstKeyFile(keyFile), genuinePublic.export({ type: 'spki', format: 'pem' }).toString());
    writeFileSync(keyFile, stranger.privateKeyPem);
    await expect(start()).rejects.toThrow(/is not the key that signed the newest digest.*is not signed by key [0-9a-f]{64}: it is forged/);
  });

  it('(b) a rotation the insider signed with a key of their own, "handing over" to the server’s key, neither starts the server with their re-signed digests nor vouches for them', async () => {
    const altered = await positionOf((data) => data.includes('Pension admission late'));
    await stop();
    sql(`UPDATE events SET data = json_set(data, '$.title', 'Nothing to see') WHERE position = ?`, altered);
    dropReadStore();
    const insider = generateSigningKeys();
    await resignEveryDigest(insider.privateKeyPem);
    const serverKey = loadPublicKey((await import('node:crypto')).createPublicKey(loadPrivateKey(readFileSync(keyFile, 'utf8'))).export({ type: 'spki', format: 'pem' }).toString());
    // Genuinely signed by its old key: the insider's.
    const rotation = signRotation(loadPrivateKey(insider.privateKeyPem), serverKey, '2026-11-22T12:00:00.000Z');
    const store = new SqliteEventStore(eventsFile());
    await store.appendToStream(
      KEY_ROTATIONS_STREAM,
      [{ eventId: '00000000-0000-4000-8000-000000000002', type: 'SigningKeyRotated', schemaVersion: 1, data: rotation, metadata: { userId: 'x', role: 'x', correlationId: 'x', causationId: 'x', recordedAt: '2026-11-22T12:00:00.000Z' } }],
      'no_stream',
    );
    await store.close();
    await expect(start()).rejects.toThrow(`that was key ${keyFingerprint(loadPublicKey(insider.publicKeyPem))}, and no recorded key rotation signed by it hands over to this one`);
  });

  it('(c) events after the newest digest deleted with the digest records and the read store: the uncovered tail is reported, and the witnessed digest names what is missing', async () => {
    const [first, second] = witnessed;
    await stop();
    sql(`DELETE FROM events WHERE stream_id LIKE ? AND position > ?`, `${programmeStreamPrefix(programmeId)}%`, first.position);
    sql(`DELETE FROM events WHERE stream_id = ? AND json_extract(data, '$.digest.position') = ?`, `audit-digests-${programmeId}`, second.position);
    dropReadStore();
    await start();

    const own = (await app().http().post(at('/verify')).send({}).expect(200)).body;
    expect(own).toMatchObject({ valid: true, coverage: { digest: { position: first.position, eventCount: first.eventCount }, uncovered: 0 } });
    // The page, on the server's own digests alone, does not say more than they can.
    const page = (await app().http().post(`/programmes/${programmeId}/audit/verify`).type('form').send({}).expect(200)).text;
    expect(page).not.toMatch(/>Verified<|intact/);
    expect(page).toContain('Matches the signed digests the server holds');
    expect(page).toContain('Events removed together with the server’s own digests of them would not show here');
    const { body } = await app().http().post(at('/verify')).send({ digests: witnessed }).expect(200);
    expect(body).toMatchObject({ valid: false, changedBetween: { after: first.position, upTo: second.position } });
    expect(body.problem).toBe(
      `the digest at position ${second.position} (taken ${second.takenAt}) vouches for ${second.eventCount} events up to that position, but ${first.eventCount} were given: ${second.eventCount - first.eventCount} events after position ${first.position} (up to which the digest of ${first.takenAt} still matches) and at or before position ${second.position} were removed after it was signed`,
    );
    const served = file('served.json', (await app().http().get(at('/digests')).expect(200)).body);
    const offlineCheck = await offline([...witnessed.map((digest, i) => file(`witness-${i}.json`, digest)), served], '--fingerprint', fingerprint);
    // The witness copies alone carry no key to match the fingerprint against: the files cannot be used.
    expect((await offline(witnessed.map((digest, i) => file(`alone-${i}.json`, digest)), '--fingerprint', fingerprint)).status).toBe(EXIT.UNUSABLE);
    expect(offlineCheck.status).toBe(EXIT.DOES_NOT_CHECK_OUT);
    expect(offlineCheck.out).toContain(`vouches for ${second.eventCount} events up to that position, but ${first.eventCount} were given`);
  });

  it('(c) events altered after the newest digest: never "intact", the uncovered events are counted, on the API and the page', async () => {
    await addFinding('Recorded after the last digest');
    const tail = await positionOf((data) => data.includes('Recorded after the last digest'));
    await stop();
    sql(`UPDATE events SET data = json_set(data, '$.title', 'Nothing to see') WHERE position = ?`, tail);
    dropReadStore();
    await start();
    const { body } = await app().http().post(at('/verify')).send({}).expect(200);
    const [, second] = witnessed;
    expect(body).toMatchObject({ valid: true, coverage: { digest: { position: second.position }, covered: second.eventCount, uncovered: 2 } });
    expect(body.coverage.statement).toBe(
      `Events up to position ${second.position} (${second.eventCount} events) match the signed digest of ${second.takenAt} (on request), signed by key ${fingerprint}; 2 later events are not covered by any digest.`,
    );
    const page = await app().http().post(`/programmes/${programmeId}/audit/verify`).type('form').send({}).expect(200);
    expect(page.text).not.toMatch(/intact/);
    expect(page.text).toContain('Not all covered by a signed digest');
    expect(page.text).toContain('2 later events are not covered by any digest');
    expect(page.text).toContain(fingerprint);
  });
});
