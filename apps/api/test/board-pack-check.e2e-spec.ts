import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { contractBody, registerProgramme } from './support/fixtures';
import { memberWithPassword, signInSession, summaryOf } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

/** The signed digest as the pack prints it under "Checking this pack". */
const digestTextIn = (html: string) => /data-testid="signed-digest">([\s\S]*?)<\/pre>/.exec(html)![1].replace(/&quot;|&#34;/g, '"');

/**
 * "Check this pack" as a page a board member can use: paste the digest at the end of the pack, or
 * upload the pack's page saved from the browser, and read whether the pack is genuine. Writes nothing.
 */
describe('checking a board pack on its page', () => {
  let t: TestApp;
  let programmeId: string;
  let cookie: string;
  let csrf: string;
  const root = mkdtempSync(join(tmpdir(), 'pack-check-'));
  const dataDir = join(root, 'data');
  const at = (path = '') => `/programmes/${programmeId}${path}`;
  const get = (path: string, status = 200) => request(t.app.getHttpServer()).get(path).set('cookie', cookie).expect(status);
  const check = (fields: { digest?: string; file?: { bytes: Buffer; name: string } }, status: number) => {
    const sent = request(t.app.getHttpServer()).post(at('/board-pack/check')).set('cookie', cookie).field('_csrf', csrf).field('digest', fields.digest ?? '');
    return (fields.file ? sent.attach('digestFile', fields.file.bytes, fields.file.name) : sent).expect(status);
  };
  const outcomeOf = (html: string) => (/data-testid="check-outcome">([\s\S]*?)<h2 class="govuk-heading-m">Check another pack/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir }, '2026-11-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    await t.http().post(`/api/programmes/${programmeId}/contracts`).send(contractBody).expect(201);
    t.setNow('2026-11-22T10:00:00.000Z');
    await memberWithPassword(t, programmeId, 'board', 'chair@tracker.example', 'a long enough passphrase');
    ({ cookie, csrf } = await signInSession(t, 'chair@tracker.example', 'a long enough passphrase'));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('links from the pack, and explains what to paste', async () => {
    const pack = (await get(at('/board-pack'))).text;
    expect(pack).toContain(`<a class="govuk-link" href="/programmes/${programmeId}/board-pack/check">Check a board pack</a>`);
    const page = (await get(at('/board-pack/check'))).text;
    expect(page).toContain('<h1 class="govuk-heading-xl">Check a board pack</h1>');
    expect(page).toContain('enctype="multipart/form-data"');
  });

  it('says a pasted digest is genuine, with when it was prepared, what it shows and the key, and writes nothing', async () => {
    const digest = digestTextIn((await get(at('/board-pack'))).text);
    const before = (await t.events()).length;
    const html = (await check({ digest }, 200)).text;
    const outcome = outcomeOf(html);
    const { eventCount, position, keyFingerprint } = JSON.parse(digest) as { eventCount: number; position: number; keyFingerprint: string };
    expect(outcome).toContain('This pack is genuine');
    expect(outcome).toContain(`Prepared 22 November 2026 at 10:00am Events it shows ${eventCount}, up to position ${position} Signed by the key ${keyFingerprint}`);
    expect((await t.events()).length).toBe(before);
  });

  it('finds the digest in the pack’s page saved from the browser and uploaded', async () => {
    const saved = Buffer.from((await get(at('/board-pack'))).text, 'utf8');
    expect(outcomeOf((await check({ file: { bytes: saved, name: 'board-pack.html' } }, 200)).text)).toContain('This pack is genuine');
  });

  it('says not to rely on a pack whose digest was altered, or signed by no key the tracker trusts', async () => {
    const digest = JSON.parse(digestTextIn((await get(at('/board-pack'))).text)) as Record<string, unknown>;
    const fewer = outcomeOf((await check({ digest: JSON.stringify({ ...digest, eventCount: Number(digest.eventCount) - 1 }) }, 200)).text);
    expect(fewer).toContain('Do not rely on this pack');
    expect(fewer).toContain('is not genuine: its signature does not match');
    expect(fewer).not.toContain('This pack is genuine');
  });

  it('names what is wrong with what was pasted, on the field, and checks nothing', async () => {
    const cases: [string, string][] = [
      ['', 'Enter the signed digest, or choose a file that holds it'],
      ['the pack said it was fine', 'The signed digest must be the text between { and } under “Checking this pack”, including its signature'],
      ['{"programmeId": "x", "signature": "abc",}', 'The signed digest could not be read: copy all of it, from { to }, without changing anything'],
      [`{"programmeId": "${'0'.repeat(8)}", "position": 1, "eventCount": 1, "headHash": "${'a'.repeat(64)}", "takenAt": "2026-11-22T10:00:00.000Z", "signature": "abc"}`, 'The signed digest is for another programme: check it on that programme’s page'],
      [`{"programmeId": "${'0'.repeat(8)}", "position": -1, "eventCount": 1, "headHash": "${'a'.repeat(64)}", "takenAt": "2026-11-22T10:00:00.000Z", "signature": "abc"}`, 'The signed digest’s position must not be negative'],
    ];
    for (const [digest, problem] of cases) {
      const html = (await check({ digest }, 400)).text;
      expect(summaryOf(html)).toEqual([`digest: ${problem}`]);
      expect(html).toContain(`<p id="digest-error" class="govuk-error-message">`);
    }
  });

  it('says not to rely on a genuine pack once an event it shows was altered in the store', async () => {
    const digest = digestTextIn((await get(at('/board-pack'))).text);
    const db = new Database(join(dataDir, 'events.sqlite'));
    try {
      db.prepare(`UPDATE events SET data = replace(data, 'Carefirst Ltd', 'Someone Else Ltd') WHERE type = 'ContractRegistered'`).run();
    } finally {
      db.close();
    }
    const outcome = outcomeOf((await check({ digest }, 200)).text);
    expect(outcome).toContain('Do not rely on this pack');
    expect(outcome).toMatch(/altered/);
  });
});
