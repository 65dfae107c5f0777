import { existsSync } from 'node:fs';
import request from 'supertest';
import { permissionsTable, Register, REGISTERS, requestFor, Role, ROLES, RouteFixture, routeFixture, servedRoutes, UserIds } from './support/routes';
import { ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

/**
 * The README's permissions table is the specification: this walks every route in it as every
 * role and expects exactly the status the table gives (✓ meaning any 2xx).
 */
/** The PDF board pack needs Chromium; without it, allowed callers get its 503, and that is said. */
const PDF_WITHOUT_CHROMIUM = !existsSync('/usr/bin/chromium');
if (PDF_WITHOUT_CHROMIUM) process.stdout.write('Permissions: /usr/bin/chromium is missing, so the board-pack PDF rows expect 503 where the table says ✓.\n');

describe('permissions: every route as every role, as the README says', () => {
  let t: TestApp;
  const tokens: Partial<Record<Role, string>> = {};
  const userIds: Record<string, string> = {};
  let counter = 0;

  const admin = () => t.http();
  async function createUser(name: string): Promise<{ id: string; token: string }> {
    const id = (await admin().post('/api/users').send({ email: `${name.replace(/\s/g, '.')}@tracker.example`, name }).expect(201)).body.id;
    const token = (await admin().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token;
    return { id, token };
  }

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of ['adviser', 'board', 'auditor', 'no role', 'someone else', 'spare'] as const) {
      const { id, token } = await createUser(role);
      userIds[role] = id;
      if (role !== 'someone else' && role !== 'spare') tokens[role] = token;
    }
  });
  afterAll(async () => t.close());

  const table = permissionsTable();

  const shared = new Map<string, Promise<RouteFixture>>();
  function sharedFixture(register?: Register, live = false): Promise<RouteFixture> {
    const key = `${register ?? ''}${live ? ' live' : ''}`;
    if (!shared.has(key)) shared.set(key, routeFixture(t, userIds as UserIds, ++counter, register, live));
    return shared.get(key)!;
  }

  it('reads the whole table from the README', () => {
    expect(table.length).toBeGreaterThanOrEqual(50);
  });

  // Walking the table proves only the routes it lists: this proves it lists every one there is.
  it('has a row for every API route the application serves, and none for a route it does not', () => {
    const listed = new Set(table.map((row) => `${row.method} ${row.path.split('?')[0]}`));
    const served = servedRoutes(t.app)
      .filter((route) => route.split(' ')[1].startsWith('/api/'))
      .flatMap((route) => (route.includes('{register}') ? REGISTERS.map((register) => route.replace('{register}', register)) : [route]));
    expect(served.length).toBeGreaterThanOrEqual(100);
    expect({ unlisted: served.filter((route) => !listed.has(route)), notServed: [...listed].filter((route) => !served.includes(route)) }).toEqual({ unlisted: [], notServed: [] });
  });

  describe.each(table.map((row) => [`${row.method} ${row.path}`, row] as const))('%s', (_, row) => {
    it.each(ROLES.map((role) => [role, row.expected[role]]))('as %s: %s', async (role, expected) => {
      const register = REGISTERS.find((r) => row.path.includes(`/{programmeId}/${r}`));
      // A write that is allowed changes what it acts on, so it gets a programme of its own; a read,
      // or a write that is refused, changes nothing, and shares one per register.
      // The go-live picture exists once the programme has gone live.
      const live = row.path.includes('/go-live-picture');
      const f = expected === '✓' && row.method !== 'GET' ? await routeFixture(t, userIds as UserIds, ++counter, register) : await sharedFixture(register, live);
      const { url, body } = requestFor(row.method, row.path, f, userIds as UserIds);
      const server = t.app.getHttpServer();
      let call = request(server)[row.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
      if (role !== 'anonymous') call = call.set('authorization', `Bearer ${role === 'administrator' ? ADMIN_TOKEN : tokens[role]}`);
      // An import is a file upload; a new reference each time, so an administrator's import records something.
      if (row.path.endsWith('/money/imports')) call = call.attach('file', Buffer.from(`Kind,Reference,Financial year,Category,Description,Amount\r\nCost model,IMP-${f.n},2027-28,Staff,Social workers,100\r\n`), 'money.csv');
      else if (row.path.includes('/imports')) call = call.attach('file', Buffer.from(`Reference,Supplier,Title,Annual value,Expiry date\r\nIMP-${f.n},Acme Ltd,Cleaning,100,2028-01-31\r\n`), 'contracts.csv');
      // A document upload is a file too.
      if (row.method === 'POST' && row.path.endsWith('/documents')) call = call.attach('file', Buffer.from(`%PDF-1.7 evidence ${f.n}`), 'evidence.pdf');
      const response = body === undefined ? await call : await call.send(body);
      if (expected === '✓' && PDF_WITHOUT_CHROMIUM && row.path.endsWith('.pdf')) {
        expect(response.status).toBe(503);
      } else if (expected === '✓') {
        if (response.status >= 300) throw new Error(`${row.method} ${url} as ${role}: ${response.status} ${JSON.stringify(response.body)}`);
      } else {
        expect(response.status).toBe(Number(expected));
      }
    });
  });
});
