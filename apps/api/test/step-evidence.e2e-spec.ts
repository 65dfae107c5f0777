import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { Documents } from '../src/shared/documents';
import { UPLOADS_AT_ONCE } from '../src/documents/upload-limit';
import { contractBody, northshire, registerProgramme } from './support/fixtures';
import { TestApp, startTestApp } from './support/test-app';
import { summaryOf, signInSession, memberWithPassword } from './support/browser';

/* Evidence behind every register step, documents uploaded and served to members only, and mistaken steps withdrawn or corrected. */
describe('evidence behind register steps, and corrections that never delete', () => {
  let t: TestApp;
  const LIMIT = 64 * 1024;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('deed of novation signed by the council\n')]);
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  let programmeId: string;
  let itemId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  let adviser: string;
  let outsider: string;
  let board: string;

  async function user(name: string): Promise<{ id: string; token: string }> {
    const id = (await t.http().post('/api/users').send({ email: `${name}@tracker.example`, name }).expect(201)).body.id;
    return { id, token: (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token };
  }

  beforeAll(async () => {
    t = await startTestApp({ DOCUMENT_LIMIT_BYTES: String(LIMIT) });
    const a = await user('adviser');
    const o = await user('outsider');
    const b = await user('board');
    adviser = a.token;
    outsider = o.token;
    board = b.token;
    // Under way since the summer, so steps may be recorded with effect from then.
    programmeId = (await t.http().post('/api/programmes').send({ ...northshire, startedOn: '2026-06-01' }).expect(201)).body.id;
    await t.http().post(at('/members')).send({ userId: a.id, role: 'adviser' }).expect(201);
    await t.http().post(at('/members')).send({ userId: b.id, role: 'board' }).expect(201);
    // The outsider advises another programme: a member somewhere, not here.
    const other = await registerProgramme(t, { name: 'Southshire' });
    await t.http().post(`/api/programmes/${other}/members`).send({ userId: o.id, role: 'adviser' }).expect(201);
    itemId = (await t.http(adviser).post(at('/contracts')).send(contractBody).expect(201)).body.id;
  });
  afterAll(async () => t.close());

  const upload = (token: string, bytes: Buffer, field = 'file', programme = programmeId) =>
    t.http(token).post(`/api/programmes/${programme}/documents`).attach(field, bytes, 'deed.pdf');
  const item = async () => (await t.http(adviser).get(at(`/contracts/${itemId}`)).expect(200)).body;

  describe('documents', () => {
    it('uploads a document as an adviser and answers its SHA-256 and size', async () => {
      const response = await upload(adviser, pdf).expect(201);
      expect(response.body).toMatchObject({ sha256: sha(pdf), bytes: pdf.length, contentType: 'application/pdf' });
    });

    it('serves it back to a member as an attachment, never inline, with nosniff', async () => {
      await upload(adviser, pdf).expect(201);
      const response = await t.http(board).get(at(`/documents/${sha(pdf)}`)).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(Buffer.compare(response.body as Buffer, pdf)).toBe(0);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('never gives uploaded HTML a type a browser would render', async () => {
      const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
      await upload(adviser, html).expect(201);
      const response = await t.http(adviser).get(at(`/documents/${sha(html)}`)).expect(200);
      expect(response.headers['content-type']).toBe('application/octet-stream');
      expect(response.headers['content-disposition']).toMatch(/^attachment/);
      expect(response.headers['content-security-policy']).toMatch(/sandbox/);
    });

    it('is 404 to someone who is not a member, even one who knows the hash, and to a member of another programme asking through theirs', async () => {
      await upload(adviser, pdf).expect(201);
      await t.http(outsider).get(at(`/documents/${sha(pdf)}`)).expect(404);
      const theirs = (await t.http().get('/api/programmes').expect(200)).body;
      const southshire = (theirs.items ?? theirs).find((p: { name: string }) => p.name === 'Southshire').id;
      await t.http(outsider).get(`/api/programmes/${southshire}/documents/${sha(pdf)}`).expect(404);
      // …while a document the outsider uploads to their own programme is theirs to read.
      const own = Buffer.from('%PDF-1.4 Southshire consent letter');
      await upload(outsider, own, 'file', southshire).expect(201);
      await t.http(outsider).get(`/api/programmes/${southshire}/documents/${sha(own)}`).expect(200);
      await t.http(adviser).get(at(`/documents/${sha(own)}`)).expect(404);
    });

    it('refuses a document larger than DOCUMENT_LIMIT_BYTES with 413, and records nothing', async () => {
      const before = (await t.events()).length;
      const response = await upload(adviser, Buffer.alloc(LIMIT + 1, 0x41));
      expect(response.status).toBe(413);
      expect((await t.events()).length).toBe(before);
      // One byte under the limit is taken.
      await upload(adviser, Buffer.alloc(LIMIT - 1, 0x42)).expect(201);
    });

    it('refuses hostile uploads in words: empty, under another field name, more than one file, or as JSON', async () => {
      const empty = await upload(adviser, Buffer.alloc(0)).expect(400);
      expect(empty.body.details).toEqual([{ field: 'file', problem: 'is empty: the document has no bytes' }]);
      const wrong = await upload(adviser, pdf, 'document').expect(400);
      expect(wrong.body.details[0]).toMatchObject({ field: 'document' });
      const two = await t.http(adviser).post(at('/documents')).attach('file', pdf, 'a.pdf').attach('file', pdf, 'b.pdf');
      expect(two.status).toBeGreaterThanOrEqual(400);
      expect(two.status).toBeLessThan(500);
      const json = await t.http(adviser).post(at('/documents')).send({ file: 'JVBERi0=' }).expect(400);
      expect(json.body.details[0]).toMatchObject({ field: 'file' });
    });

    it('lets advisers upload and not the board (403) nor a non-member (404)', async () => {
      await upload(board, pdf).expect(403);
      await upload(outsider, pdf).expect(404);
    });

    it('refuses to serve a file altered on disk since it was uploaded', async () => {
      const bytes = Buffer.from('%PDF-1.5 ELI return, 42 staff');
      await upload(adviser, bytes).expect(201);
      const folder = t.app.get(Documents).folder;
      writeFileSync(join(folder, sha(bytes)), Buffer.from('%PDF-1.5 ELI return, 12 staff'));
      const response = await t.http(adviser).get(at(`/documents/${sha(bytes)}`)).expect(409);
      expect(response.body.code).toBe('DOCUMENT_ALTERED');
      expect(response.body.message).toMatch(/no longer matches its SHA-256/);
    });

    it('reads at most UPLOADS_AT_ONCE uploads at once: one more, while they are still arriving, gets 503 with Retry-After and is not kept', async () => {
      const fastify = t.app.getHttpAdapter().getInstance();
      const boundary = 'slow-upload-boundary';
      const slow = Array.from({ length: UPLOADS_AT_ONCE }, () => new PassThrough());
      const pending = slow.map((payload) =>
        fastify.inject({ method: 'POST', url: at('/documents'), headers: { authorization: `Bearer ${adviser}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }),
      );
      slow.forEach((stream) => stream.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\n\r\n%PDF-1.4 slow `));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const extra = Buffer.from('%PDF-1.4 the one too many');
      const busy = await upload(adviser, extra).expect(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.body.code).toBe('UPLOAD_BUSY');
      slow.forEach((stream, i) => stream.end(`${i}\r\n--${boundary}--\r\n`));
      expect((await Promise.all(pending)).map((response) => response.statusCode)).toEqual(slow.map(() => 201));
      await t.http(adviser).get(at(`/documents/${sha(extra)}`)).expect(404);
      // Their slots are given back once they are answered.
      await upload(adviser, extra).expect(201);
    });

    it('a record of an upload damaged on disk is not a 500: the document reads as not uploaded until it is uploaded again, and a rewritten record cannot put HTML or a header into the answer', async () => {
      const bytes = Buffer.from('%PDF-1.5 record damaged');
      await upload(adviser, bytes).expect(201);
      const record = join(dirname(t.app.get(Documents).folder), 'document-records', programmeId, `${sha(bytes)}.json`);
      writeFileSync(record, '');
      await t.http(adviser).get(at(`/documents/${sha(bytes)}`)).expect(404);
      await upload(adviser, bytes).expect(201);
      await t.http(adviser).get(at(`/documents/${sha(bytes)}`)).expect(200);
      const written = JSON.parse(readFileSync(record, 'utf8')) as Record<string, unknown>;
      writeFileSync(record, JSON.stringify({ ...written, filename: 'x"\r\nset-cookie: a=b', contentType: 'text/html' }));
      const served = await t.http(adviser).get(at(`/documents/${sha(bytes)}`)).expect(200);
      expect(served.headers['content-type']).toBe('application/octet-stream');
      expect(served.headers['content-disposition']).toBe('attachment; filename="x___set-cookie_ a_b"');
      expect(served.headers['set-cookie']).toBeUndefined();
    });

    it('other writes still refuse a file (415)', async () => {
      await t.http(adviser).post(at(`/contracts/${itemId}/progress`)).attach('file', pdf, 'deed.pdf').expect(415);
    });
  });

  describe('evidence on a step', () => {
    it('records evidence with a link and the uploaded document’s hash, and shows it in stepHistory', async () => {
      await upload(adviser, pdf).expect(201);
      const evidence = [
        { title: 'Consent request letter', link: 'https://northshire.sharepoint.com/consent-request.pdf' },
        { title: 'Deed, council signature page', sha256: sha(pdf).toUpperCase() },
      ];
      await t.http(adviser).post(at(`/contracts/${itemId}/progress`)).send({ step: 'consent-requested', evidence }).expect(200);
      const { stepHistory } = await item();
      expect(stepHistory[0]).toEqual({
        n: 1,
        step: 'consent-requested',
        on: '2026-11-22',
        fields: {},
        evidence: [evidence[0], { title: 'Deed, council signature page', sha256: sha(pdf) }],
      });
    });

    it('refuses evidence without a title, with a link that is not http(s), with a bad hash, or with neither link nor hash — writing nothing', async () => {
      const before = (await t.events()).length;
      const refused = async (piece: object) =>
        (await t.http(adviser).post(at(`/contracts/${itemId}/progress`)).send({ step: 'consent-received', evidence: [piece] }).expect(400)).body.details;
      expect(await refused({ link: 'https://x.example/a.pdf' })).toEqual([{ field: 'evidence[0].title', problem: 'is required' }]);
      expect((await refused({ title: 'Letter', link: 'javascript:alert(1)' }))[0]).toMatchObject({ field: 'evidence[0].link', problem: 'must be a web address starting http:// or https://' });
      expect((await refused({ title: 'Letter', sha256: 'abc' }))[0]).toMatchObject({ field: 'evidence[0].sha256' });
      expect((await refused({ title: 'Letter' }))[0]).toMatchObject({ field: 'evidence[0].link', problem: 'is required unless the document’s sha256 is given' });
      expect((await t.events()).length).toBe(before);
    });
  });

  describe('withdrawing and correcting a step', () => {
    let contract: string;
    const path = (rest: string) => at(`/contracts/${contract}${rest}`);
    const record = (body: object) => t.http(adviser).post(path('/progress')).send(body).expect(200);

    beforeEach(async () => {
      contract = (await t.http(adviser).post(at('/contracts')).send({ ...contractBody, reference: `NCC-${Math.random().toString(36).slice(2, 8)}` }).expect(201)).body.id;
      await record({ step: 'consent-requested', effectiveAt: '2026-09-01' });
      await record({ step: 'consent-received', effectiveAt: '2026-10-01' });
      for (const step of ['deed-signed-by-council', 'deed-signed-by-trust', 'deed-signed-by-supplier']) await record({ step, effectiveAt: '2026-11-02' });
    });
    const statusOf = async (id = contract) => (await t.http().get(at('/contracts')).expect(200)).body.items.find((i: { id: string }) => i.id === id).readiness.status;

    it('a withdrawn signature makes the contract not ready again, and the history shows both with the reason', async () => {
      expect(await statusOf()).toBe('ready');
      const response = await t.http(adviser).post(path('/steps/4/withdrawal')).send({ reason: 'The trust’s page was for another deed' }).expect(200);
      expect(response.headers.etag).toBe('"7"');
      expect(await statusOf()).not.toBe('ready');
      const { stepHistory, steps } = (await t.http(adviser).get(path('')).expect(200)).body;
      expect(steps['deed-signed-by-trust']).toBeUndefined();
      expect(stepHistory[3]).toMatchObject({ n: 4, step: 'deed-signed-by-trust', on: '2026-11-02', withdrawn: { on: '2026-11-22', reason: 'The trust’s page was for another deed' } });
      const events = await t.events();
      const withdrawn = events.at(-1)!;
      expect(withdrawn).toMatchObject({ type: 'ItemStepWithdrawn', data: { n: 4, step: 'deed-signed-by-trust', reason: 'The trust’s page was for another deed' } });
      // With effect from when the mistaken step was: it was never true.
      expect(withdrawn.metadata.effectiveAt).toBe(events.find((e) => e.streamId === withdrawn.streamId && (e.data as { step?: string }).step === 'deed-signed-by-trust' && e.type !== 'ItemStepWithdrawn')!.metadata.effectiveAt);
      const trail = JSON.stringify((await t.http().get(at('/audit')).expect(200)).body);
      expect(trail).toContain('ItemStepWithdrawn');
      expect(trail).toContain('The trust’s page was for another deed');
      // And the signature may be recorded again, now rightly.
      await record({ step: 'deed-signed-by-trust', effectiveAt: '2026-11-20' });
      expect(await statusOf()).toBe('ready');
    });

    it('a correction withdraws and records again in one write, linked both ways, with the corrected day and new evidence', async () => {
      const before = (await t.events()).length;
      await t.http(adviser).post(path('/steps/2/correction')).send({ reason: 'Consent arrived a week later than entered', effectiveAt: '2026-10-08', evidence: [{ title: 'Consent letter', link: 'https://northshire.sharepoint.com/consent.pdf' }] }).expect(200);
      const written = (await t.events()).slice(before);
      expect(written.map((e) => e.type)).toEqual(['ItemStepWithdrawn', 'ContractConsentReceived']);
      expect(written[1].data).toMatchObject({ on: '2026-10-08', corrects: 2 });
      const { stepHistory, steps } = (await t.http(adviser).get(path('')).expect(200)).body;
      expect(steps['consent-received']).toEqual({ on: '2026-10-08' });
      expect(stepHistory[1].withdrawn).toEqual({ on: '2026-11-22', reason: 'Consent arrived a week later than entered', correctedBy: 6 });
      expect(stepHistory[5]).toMatchObject({ n: 6, step: 'consent-received', on: '2026-10-08', corrects: 2, evidence: [{ title: 'Consent letter' }] });
      expect(await statusOf()).toBe('ready');
    });

    it('as true in between, a step corrected to a later day had not happened yet, and one corrected back to an earlier day had', async () => {
      const id = (await t.http(adviser).post(at('/contracts')).send({ ...contractBody, reference: 'NCC-LATER', effectiveAt: '2026-08-01' }).expect(201)).body.id;
      await t.http(adviser).post(at(`/contracts/${id}/progress`)).send({ step: 'consent-requested', effectiveAt: '2026-09-01' }).expect(200);
      await t.http(adviser).post(at(`/contracts/${id}/progress`)).send({ step: 'consent-received', effectiveAt: '2026-10-01' }).expect(200);
      const trueOn = async (day: string) => (await t.http().get(at(`/contracts?validAt=${day}`)).expect(200)).body.items.find((i: { id: string }) => i.id === id).steps['consent-received'];
      await t.http(adviser).post(at(`/contracts/${id}/steps/2/correction`)).send({ reason: 'Consent arrived on 8 October', effectiveAt: '2026-10-08' }).expect(200);
      expect(await trueOn('2026-10-03')).toBeUndefined();
      expect(await trueOn('2026-10-09')).toEqual({ on: '2026-10-08' });
      await t.http(adviser).post(at(`/contracts/${id}/steps/3/correction`)).send({ reason: 'It was 25 September after all', effectiveAt: '2026-09-25' }).expect(200);
      for (const day of ['2026-09-28', '2026-10-03', '2026-10-09']) expect(await trueOn(day)).toEqual({ on: '2026-09-25' });
      expect(await trueOn('2026-09-20')).toBeUndefined();
    });

    it('a corrected day is judged as corrected: the measures letter put back before representatives were informed (TUPE reg. 13(4))', async () => {
      const group = (await t.http(adviser).post(at('/staff-groups')).send({ reference: 'TUPE-FOST', team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps', measuresEnvisaged: true }).expect(201)).body.id;
      await t.http(adviser).post(at(`/staff-groups/${group}/progress`)).send({ step: 'representatives-informed', effectiveAt: '2026-10-05' }).expect(200);
      await t.http(adviser).post(at(`/staff-groups/${group}/progress`)).send({ step: 'measures-letter-received', effectiveAt: '2026-10-08' }).expect(200);
      const letterRule = async () =>
        (await t.http().get(at('/staff-groups')).expect(200)).body.items.find((i: { id: string }) => i.id === group).readiness.reasons.filter((r: { ruleId: string }) => r.ruleId === 'staff.measures-letter');
      expect(await letterRule()).toEqual([{ ruleId: 'staff.measures-letter', status: 'late', message: 'Measures letter received on 8 October 2026, after representatives were informed on 5 October 2026: the order was wrong' }]);
      await t.http(adviser).post(at(`/staff-groups/${group}/steps/2/correction`)).send({ reason: 'The letter was dated 1 October; 8 October is when it was filed', effectiveAt: '2026-10-01' }).expect(200);
      expect(await letterRule()).toEqual([{ ruleId: 'staff.measures-letter', status: 'met', message: 'Measures letter received on 1 October 2026, before representatives were informed on 5 October 2026' }]);
    });

    it('a correction of a field: the route chosen wrongly is corrected, and readiness follows', async () => {
      const other = (await t.http(adviser).post(at('/contracts')).send({ ...contractBody, reference: 'NCC-ROUTE', mechanism: undefined }).expect(201)).body.id;
      await t.http(adviser).post(at(`/contracts/${other}/progress`)).send({ step: 'mechanism-chosen', mechanism: 'terminate' }).expect(200);
      await t.http(adviser).post(at(`/contracts/${other}/progress`)).send({ step: 'notice-served', endDate: '2027-03-31' }).expect(200);
      await t.http(adviser).post(at(`/contracts/${other}/progress`)).send({ step: 'service-cover-confirmed', cover: 'not-needed-from-day-one' }).expect(200);
      expect(await statusOf(other)).toBe('ready');
      await t.http(adviser).post(at(`/contracts/${other}/steps/1/correction`)).send({ reason: 'Terminated? No: novated', fields: { mechanism: 'novate' } }).expect(200);
      const view = (await t.http(adviser).get(at(`/contracts/${other}`)).expect(200)).body;
      expect(view.details.mechanism).toBe('novate');
      expect(await statusOf(other)).not.toBe('ready');
    });

    it('refuses, in words and writing nothing: a step withdrawn already, an unknown step, an empty reason, a field the step does not record, the board', async () => {
      await t.http(adviser).post(path('/steps/5/withdrawal')).send({ reason: 'Wrong deed' }).expect(200);
      const before = await t.events();
      const again = await t.http(adviser).post(path('/steps/5/withdrawal')).send({ reason: 'Again' }).expect(409);
      expect(again.body.message).toMatch(/^Step 5 \(deed signed by supplier\) of NCC-\w+ was withdrawn on 22 November 2026: “Wrong deed”/);
      const unknown = await t.http(adviser).post(path('/steps/9/withdrawal')).send({ reason: 'No such step' }).expect(404);
      expect(unknown.body.message).toMatch(/it has 5 steps recorded/);
      await t.http(adviser).post(path('/steps/zero/withdrawal')).send({ reason: 'No such step' }).expect(404);
      const empty = await t.http(adviser).post(path('/steps/1/withdrawal')).send({ reason: '  ' }).expect(400);
      expect(empty.body.details[0]).toMatchObject({ field: 'reason' });
      const stranger = await t.http(adviser).post(path('/steps/2/correction')).send({ reason: 'Typo', fields: { mechanism: 'assign' } }).expect(400);
      expect(stranger.body.details).toEqual([{ field: 'fields.mechanism', problem: 'is not a field of step consent-received (it records no fields)' }]);
      await t.http(board).post(path('/steps/1/withdrawal')).send({ reason: 'Board may not' }).expect(403);
      await t.http(outsider).post(path('/steps/1/withdrawal')).send({ reason: 'Outsider may not' }).expect(404);
      expect(await t.events()).toEqual(before);
    });

    it('refuses a correction with an invalid corrected field, naming it', async () => {
      const other = (await t.http(adviser).post(at('/contracts')).send({ ...contractBody, reference: 'NCC-BADFIELD', mechanism: undefined }).expect(201)).body.id;
      await t.http(adviser).post(at(`/contracts/${other}/progress`)).send({ step: 'mechanism-chosen', mechanism: 'terminate' }).expect(200);
      const before = await t.events();
      const bad = await t.http(adviser).post(at(`/contracts/${other}/steps/1/correction`)).send({ reason: 'Route', fields: { mechanism: 'sell-it' } }).expect(400);
      expect(bad.body.details[0]).toMatchObject({ field: 'fields.mechanism' });
      expect(await t.events()).toEqual(before);
    });

    it('refuses a withdrawal after the programme is closed', async () => {
      const closing = await registerProgramme(t, { name: 'Closing' });
      const c = (await t.http().post(`/api/programmes/${closing}/contracts`).send(contractBody).expect(201)).body.id;
      await t.http().post(`/api/programmes/${closing}/contracts/${c}/progress`).send({ step: 'consent-requested' }).expect(200);
      await t.http().post(`/api/programmes/${closing}/closure`).send({ note: 'Handed over' }).expect(200);
      const before = await t.events();
      const refused = await t.http().post(`/api/programmes/${closing}/contracts/${c}/steps/1/withdrawal`).send({ reason: 'Too late' }).expect(409);
      expect(refused.body.message).toMatch(/closed/);
      expect(await t.events()).toEqual(before);
    });
  });
});

/* The item page shows each step's evidence, and advisers withdraw or correct a step through forms posted with the CSRF token. */
describe('evidence and corrections on the pages', () => {
  let t: TestApp;
  let programmeId: string;
  const PASSWORD = 'a long enough passphrase';
  const anonymous = () => request(t.app.getHttpServer());

  let people = 0;
  async function signedIn(role: 'adviser' | 'auditor') {
    const email = `${role}.pages.${++people}@tracker.example`;
    const { token } = await memberWithPassword(t, programmeId, role, email, PASSWORD);
    const { cookie, csrf } = await signInSession(t, email, PASSWORD);
    return {
      token,
      get: (path: string, status = 200) => anonymous().get(path).set('cookie', cookie).expect(status),
      post: (path: string, form: Record<string, string>, status = 303) =>
        anonymous().post(path).set('cookie', cookie).type('form').send(new URLSearchParams({ _csrf: csrf, ...form }).toString()).expect(status),
      postWithoutToken: (path: string, form: Record<string, string>) => anonymous().post(path).set('cookie', cookie).type('form').send(new URLSearchParams(form).toString()),
      /** A form with a file, as multipart/form-data, as the step page posts it. */
      upload: (path: string, form: Record<string, string>, file: Buffer, status = 303) => {
        let call = anonymous().post(path).set('cookie', cookie).field('_csrf', csrf);
        for (const [k, v] of Object.entries(form)) call = call.field(k, v);
        return call.attach('evidenceFile', file, 'evidence.pdf').expect(status);
      },
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    programmeId = (await t.http().post('/api/programmes').send({ ...northshire, startedOn: '2026-06-01' }).expect(201)).body.id;
  });
  afterAll(async () => t.close());

  it('shows evidence with a download link, and withdraws then corrects steps through the forms', async () => {
    const adviser = await signedIn('adviser');
    const auditor = await signedIn('auditor');
    const at = (path: string) => `/api/programmes/${programmeId}${path}`;
    const deed = Buffer.from('%PDF-1.7 deed, council page');
    const { sha256 } = (await t.http(adviser.token).post(at('/documents')).attach('file', deed, 'deed.pdf').expect(201)).body;
    const c = (await t.http(adviser.token).post(at('/contracts')).send(contractBody).expect(201)).body.id;
    const page = `/programmes/${programmeId}/registers/contracts/${c}`;
    await t.http(adviser.token).post(at(`/contracts/${c}/progress`)).send({ step: 'consent-requested', effectiveAt: '2026-09-01', evidence: [{ title: 'Request letter', link: 'https://northshire.sharepoint.com/request.pdf' }] }).expect(200);
    await t.http(adviser.token).post(at(`/contracts/${c}/progress`)).send({ step: 'consent-received', evidence: [{ title: 'Consent, signed', sha256 }] }).expect(200);
    await t.http(adviser.token).post(at(`/contracts/${c}/progress`)).send({ step: 'expiry-decided', decision: 'extend', newExpiryDate: '2029-03-31' }).expect(200);

    const item = (await adviser.get(page)).text;
    expect(item).toContain('Request letter');
    expect(item).toContain('href="https://northshire.sharepoint.com/request.pdf"');
    expect(item).toContain(`href="/api/programmes/${programmeId}/documents/${sha256}"`);
    expect(item).toContain(`href="${page}/steps/1/withdrawal"`);
    // An auditor reads the evidence but is offered no withdrawal.
    const read = (await auditor.get(page)).text;
    expect(read).toContain('Consent, signed');
    expect(read).not.toContain('/steps/1/withdrawal');
    await auditor.get(`${page}/steps/1/withdrawal`, 403);

    // Withdrawing: the reason is required, named in the error summary, and nothing is written without it.
    expect((await adviser.get(`${page}/steps/1/withdrawal`)).text).toContain('Withdraw consent requested');
    const before = await t.events();
    const refused = await adviser.post(`${page}/steps/1/withdrawal`, { reason: '' }, 400);
    expect(summaryOf(refused.text)).toEqual(['reason: Enter why the step is withdrawn']);
    expect((await adviser.postWithoutToken(`${page}/steps/1/withdrawal`, { reason: 'No token' })).status).toBe(403);
    expect(await t.events()).toEqual(before);
    const done = await adviser.post(`${page}/steps/1/withdrawal`, { reason: 'The letter went to another supplier' });
    expect(done.headers.location).toBe(`${page}?done=withdrawn#step-1`);
    const after = (await adviser.get(`${page}?done=withdrawn`)).text;
    expect(after).toContain('The step has been withdrawn');
    expect(after).toContain('Withdrawn on 22 November 2026: “The letter went to another supplier”');
    await adviser.get(`${page}/steps/1/withdrawal`, 404);

    // Correcting: the form starts from what was recorded; a bad value is named; a good one is recorded, linked.
    const form = (await adviser.get(`${page}/steps/3/correction`)).text;
    for (const [part, value] of [['day', '31'], ['month', '3'], ['year', '2029']]) expect(form).toContain(`name="newExpiryDate-${part}" type="text" value="${value}"`);
    const bad = await adviser.post(`${page}/steps/3/correction`, { reason: 'Wrong year', decision: 'extend', newExpiryDate: '2026-12-01' }, 400);
    expect(summaryOf(bad.text)[0]).toMatch(/^newExpiryDate-day: /);
    await adviser.post(`${page}/steps/3/correction`, { reason: 'Extended to 2030, not 2029', decision: 'extend', newExpiryDate: '2030-03-31' });
    const corrected = (await t.http(adviser.token).get(at(`/contracts/${c}`)).expect(200)).body;
    expect(corrected.steps['expiry-decided']).toEqual({ on: '2026-11-22', decision: 'extend', newExpiryDate: '2030-03-31' });
    expect(corrected.stepHistory[2].withdrawn).toMatchObject({ reason: 'Extended to 2030, not 2029', correctedBy: 4 });
    const shown = (await adviser.get(page)).text;
    expect(shown).toContain('corrects <a class="govuk-link" href="#step-3">step 3</a>');
  });

  it('records a step from its page with a document uploaded and cited by its SHA-256', async () => {
    const adviser = await signedIn('adviser');
    const at = (path: string) => `/api/programmes/${programmeId}${path}`;
    const c = (await t.http(adviser.token).post(at('/contracts')).send({ ...contractBody, reference: 'NCC-PAGE' }).expect(201)).body.id;
    const page = `/programmes/${programmeId}/registers/contracts/${c}`;
    const form = (await adviser.get(`${page}/progress/consent-requested`)).text;
    expect(form).toContain('enctype="multipart/form-data"');
    expect(form).toContain('name="evidenceFile"');
    const letter = Buffer.from('%PDF-1.7 consent request to Carefirst');
    // A document needs a title; refused, nothing is recorded, and the form keeps the document by its hash.
    const before = await t.events();
    const refused = await adviser.upload(`${page}/progress/consent-requested`, {}, letter, 400);
    expect(summaryOf(refused.text)).toEqual(['evidenceTitle: Enter what the document is']);
    expect(refused.text).toContain(`value="${createHash('sha256').update(letter).digest('hex')}"`);
    expect(await t.events()).toEqual(before);
    await adviser.upload(`${page}/progress/consent-requested`, { evidenceTitle: 'Consent request letter' }, letter);
    const { stepHistory } = (await t.http(adviser.token).get(at(`/contracts/${c}`)).expect(200)).body;
    expect(stepHistory[0].evidence).toEqual([{ title: 'Consent request letter', sha256: createHash('sha256').update(letter).digest('hex') }]);
    const shown = (await adviser.get(page)).text;
    expect(shown).toContain(`/api/programmes/${programmeId}/documents/${stepHistory[0].evidence[0].sha256}`);
    await t.http(adviser.token).get(at(`/documents/${stepHistory[0].evidence[0].sha256}`)).expect(200);
    // Without a file the page still posts as before, a link and a title as the evidence.
    await adviser.post(`${page}/progress/consent-received`, { evidenceTitle: 'Consent', evidenceLink: 'javascript:alert(1)' }, 400);
    await adviser.post(`${page}/progress/consent-received`, { evidenceTitle: 'Consent', evidenceLink: 'https://northshire.sharepoint.com/consent.pdf' });
  });

  // Last in this describe: it closes the programme the others use.
  it('keeps no document uploaded with a step once the programme is closed: 409, nothing stored', async () => {
    const adviser = await signedIn('adviser');
    const at = (path: string) => `/api/programmes/${programmeId}${path}`;
    const c = (await t.http(adviser.token).post(at('/contracts')).send({ ...contractBody, reference: 'NCC-CLOSED' }).expect(201)).body.id;
    await t.http().post(at('/closure')).send({ note: 'Stopped by the council' }).expect(200);
    const file = Buffer.from('%PDF-1.7 a letter for a closed programme');
    const before = await t.events();
    await adviser.upload(`/programmes/${programmeId}/registers/contracts/${c}/progress/consent-requested`, { effectiveAt: '' }, file, 409);
    expect(t.app.get(Documents).has(createHash('sha256').update(file).digest('hex'))).toBe(false);
    expect(await t.events()).toEqual(before);
  });
});
