import request from 'supertest';
import { permissionsTable, requestFor, routeFixture, UserIds } from './support/routes';
import { ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

/**
 * Every write route of the README's table, sent malformed requests as an administrator (who
 * may do everything, so only the request itself can be refused): each valid body with one field
 * made wrong in turn, bodies that are not objects, broken JSON, poisoned keys, and the wrong
 * content types. Never a 5xx, and never an event written.
 */
describe('fuzzing every write route', () => {
  let t: TestApp;
  const userIds = {} as UserIds;
  let sent = 0;

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ['adviser', 'board', 'auditor', 'no role', 'someone else', 'spare'] as const) {
      userIds[role] = (await t.http().post('/api/users').send({ email: `${role.replace(' ', '.')}@tracker.example`, name: role }).expect(201)).body.id;
    }
  });
  afterAll(async () => {
    process.stdout.write(`\nfuzzer: ${sent.toLocaleString('en-GB')} malformed requests to ${writes.length} write routes\n`);
    await t?.close();
  });

  const writes = permissionsTable().filter((row) => ['POST', 'PUT', 'PATCH'].includes(row.method) && !row.path.includes('/imports'));

  it('covers every write route', () => {
    expect(writes.length).toBeGreaterThanOrEqual(40);
  });

  it.each(writes.map((row) => [`${row.method} ${row.path}`, row] as const))('%s', async (_, row) => {
    const register = ['contracts', 'systems', 'processes', 'assets', 'slas', 'staff-groups', 'governance-items'].find((r) => row.path.includes(`/{programmeId}/${r}`));
    const f = await routeFixture(t, userIds, Math.floor(Math.random() * 1e9), register as never);
    const { url, body } = requestFor(row.method, row.path, f, userIds);
    const valid = (body ?? {}) as Record<string, unknown>;
    const head = await t.store.headPosition();

    const refusals: string[] = [];
    for (const attempt of malformed(valid)) {
      let call = request(t.app.getHttpServer())[row.method.toLowerCase() as 'post' | 'put' | 'patch'](url).set('authorization', `Bearer ${ADMIN_TOKEN}`);
      if (attempt.contentType) call = call.set('content-type', attempt.contentType);
      const response = await call.send(attempt.raw);
      sent++;
      const after = await t.store.headPosition();
      if (response.status >= 500 || response.status < 400 || after !== head) {
        refusals.push(`${attempt.what}: ${response.status} ${after !== head ? `(wrote ${after - head} events) ` : ''}${JSON.stringify(response.body).slice(0, 200)}`);
        break;
      }
    }
    expect(refusals).toEqual([]);
  });
});

interface Attempt {
  readonly what: string;
  readonly raw: string;
  readonly contentType?: string;
}

const JSON_TYPE = 'application/json';
const HUGE = 'x'.repeat(100_000);
/** Nested deeper than any request goes, and deep enough to overflow a recursive validator's stack. */
const DEEP = JSON.parse('['.repeat(500) + ']'.repeat(500));
const DEEPER = JSON.parse('['.repeat(2_000) + ']'.repeat(2_000));

/** Wrong in a way no rule may accept, for a field whose valid value is like `value`. */
function wrongValuesFor(value: unknown): [string, unknown][] {
  const junk: [string, unknown][] = [
    ['null', null],
    ['an object', { $gt: '' }],
    ['nested arrays', DEEP],
    ['arrays nested 2,000 deep', DEEPER],
  ];
  if (typeof value === 'string') {
    return [...junk, ['a number', 12345], ['true', true], ['a list', [value]], ['100,000 characters', HUGE], ['full-width digits and a right-to-left mark', '\u202e２０２７-０１-３２'], ['an emoji', '\u{1F4A5}'.repeat(3)], ['control characters', `${value}\u0000\u0007\u001b[2J`]];
  }
  if (typeof value === 'number') return [...junk, ['text', String(value)], ['text in Arabic-Indic digits', '١٢٣'], ['true', true], ['a list', [value]]];
  if (typeof value === 'boolean') return [...junk, ['text', 'yes'], ['a number', 1]];
  if (Array.isArray(value)) return [...junk, ['text', 'x'], ['a list of nulls', [null]], ['a list of lists', [[value[0]]]]];
  return [...junk, ['text', 'x'], ['a list', [value]], ['an object with unknown keys', { '\u0000key': 1 }]];
}

/** Fields whose valid value is free text may take any text: only their wrong types are tried. */
const isFreeText = (value: unknown) => typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}|^[a-z]+(-[a-z0-9]+)*$|^https?:|@|^[0-9a-f-]{36}$/.test(value);

function* malformed(valid: Record<string, unknown>): Generator<Attempt> {
  const json = (what: string, value: unknown): Attempt => ({ what, raw: JSON.stringify(value), contentType: JSON_TYPE });
  for (const [what, value] of [['null', null], ['a list', []], ['a list of the body', [valid]], ['text', 'hello'], ['a number', 42], ['true', true]] as const) {
    yield json(`a body that is ${what}`, value);
  }
  yield { what: 'broken JSON', raw: '{"title": "unterminated', contentType: JSON_TYPE };
  yield { what: 'single-quoted JSON', raw: "{'title': 'x'}", contentType: JSON_TYPE };
  yield { what: 'a __proto__ key', raw: `{"__proto__": {"administrator": true}, ${JSON.stringify(valid).slice(1)}`.replace(/, }$/, '}'), contentType: JSON_TYPE };
  yield { what: 'a constructor.prototype key', raw: JSON.stringify({ ...valid, constructor: { prototype: { administrator: true } } }), contentType: JSON_TYPE };
  yield json('an unknown field', { ...valid, 'unknown\u202efield': 'x' });
  yield json('the author given in the body', { ...valid, userId: 'someone-else', recordedAt: '2020-01-01T00:00:00Z' });
  yield { what: 'JSON sent as text/plain', raw: JSON.stringify(valid), contentType: 'text/plain' };
  yield { what: 'XML', raw: '<contract><title>x</title></contract>', contentType: 'application/xml' };
  yield { what: 'a form with an unknown field', raw: 'junk=1&__proto__[administrator]=true', contentType: 'application/x-www-form-urlencoded' };
  yield { what: 'multipart with an unknown field', raw: '--b\r\nContent-Disposition: form-data; name="junk"\r\n\r\n1\r\n--b--\r\n', contentType: 'multipart/form-data; boundary=b' };
  yield { what: 'a broken multipart body', raw: '--b\r\nnonsense', contentType: 'multipart/form-data; boundary=b' };
  for (const [field, value] of Object.entries(valid)) {
    for (const [what, wrong] of wrongValuesFor(value)) {
      if (isFreeText(value) && ['full-width digits and a right-to-left mark', 'an emoji'].includes(what)) continue;
      yield json(`${field} as ${what}`, { ...valid, [field]: wrong });
    }
  }
}
