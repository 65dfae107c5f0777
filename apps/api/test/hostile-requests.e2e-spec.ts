import { request as httpRequest } from 'node:http';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { zipOf } from '../../../test/support/zip-of';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Requests built to hurt: each gets a clear 4xx, writes nothing, and costs the server little. */
describe('hostile requests', () => {
  let t: TestApp;
  let programmeId: string;
  beforeAll(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
  });
  afterAll(async () => t.close());

  it('sends a page form posted without a session to sign in, and answers an API write without credentials 401, writing nothing', async () => {
    const before = await t.store.headPosition();
    const form = await request(t.app.getHttpServer()).post(`/programmes/${programmeId}/notes/new`).type('form').send({ text: 'x' }).expect(303);
    expect(form.headers.location).toBe('/sign-in');
    await request(t.app.getHttpServer()).post(`/api/programmes/${programmeId}/notes`).send({ target: { kind: 'programme' }, text: 'x' }).expect(401);
    expect(await t.store.headPosition()).toBe(before);
  });

  it.each([2_000, 100_000])('refuses a body nested %i deep with 400 naming the body, where it used to overflow the stack with 500', async (depth) => {
    const before = await t.store.headPosition();
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    const response = await t
      .http()
      .post(`/api/programmes/${programmeId}/notes`)
      .set('content-type', 'application/json')
      .send(`{"target":{"kind":"programme"},"text":${deep}}`)
      .expect(400);
    expect(response.body.details).toEqual([{ field: 'body', problem: 'must not be nested more than 32 levels deep' }]);
    expect(await t.store.headPosition()).toBe(before);
  });

  it('answers an anonymous upload 401 before its body arrives: the server does not wait for 19 MB it will refuse', async () => {
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/programmes/${programmeId}/imports?register=contracts`,
        headers: { 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(19 * 1024 * 1024) },
      });
      req.on('response', (response) => {
        resolve(response.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
      // Only the first kilobyte is ever sent: an answer can come only if the body is not awaited.
      req.write('--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n' + 'x'.repeat(1024));
    });
    expect(status).toBe(401);
  });

  it('answers a file of 30,000 bad rows with the first 1,000 problems and the total, quoting no cell in full, and records nothing', async () => {
    const before = await t.store.headPosition();
    const rows = Array.from({ length: 30_000 }, (_, i) => `R-${i},Supplier,Title,TBC,2028-03-31`);
    const huge = 'x'.repeat(300_000);
    const csv = ['Reference,Supplier,What the contract is for,Annual value,Expiry date', `R-HUGE,Supplier,${huge},100,2028-03-31`, ...rows].join('\r\n');
    const response = await t.http().post(`/api/programmes/${programmeId}/imports?register=contracts`).attach('file', Buffer.from(csv), 'bad.csv').expect(422);
    expect(response.body.totalProblems).toBe(30_001);
    expect(response.body.problems).toHaveLength(1_000);
    expect(response.body.message).toBe('30,001 problems in the file; the first 1,000 are listed; nothing was recorded.');
    const quoted = response.body.problems[0].value as string;
    expect(quoted.length).toBeLessThan(300);
    expect(quoted).toMatch(/… \(300,000 characters\)$/);
    expect(JSON.stringify(response.body).length).toBeLessThan(200_000);
    expect(await t.store.headPosition()).toBe(before);
  });

  it('refuses four .xlsx bombs sent at once with 413 before inflating them, and keeps serving', async () => {
    // 128 MiB of sheet in a file of about 130 KB, its headers claiming 100 bytes: the reader would have taken gigabytes.
    const bomb = zipOf([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(128 * 1024 * 1024, 0x20), declaredSize: 100 },
    ]);
    const before = await t.store.headPosition();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => t.http().post(`/api/programmes/${programmeId}/imports?register=contracts`).attach('file', bomb, 'bomb.xlsx')),
    );
    // Each is refused as too large, or (while one is read and the queue is full) told to come back.
    for (const answer of answers) expect([413, 503]).toContain(answer.status);
    expect(answers.filter((a) => a.status === 413)[0].body.message).toMatch(/^The file unpacks to more than the 50 MiB allowed/);
    expect(await t.store.headPosition()).toBe(before);
    await t.http().get('/health').expect(200);
  });

  it('lets no browser or proxy keep a copy of a page, an API answer or a download; shared assets may be cached', async () => {
    for (const path of [`/api/programmes/${programmeId}`, `/api/programmes/${programmeId}/exports/contracts?format=csv`, '/sign-in']) {
      expect((await t.http().get(path)).headers['cache-control']).toBe('no-store');
    }
    expect((await t.http().get('/govuk/govuk-frontend.min.css').expect(200)).headers['cache-control']).not.toBe('no-store');
  });

  it('cuts off a request that takes longer than REQUEST_TIMEOUT_MS to arrive', () => {
    expect(t.app.getHttpServer().requestTimeout).toBe(120_000);
  });
});
