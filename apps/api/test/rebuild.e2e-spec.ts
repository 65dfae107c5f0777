import type Database from 'better-sqlite3';
import { PROJECTIONS, openReadStore } from '@tracker/read-models';
import { StoredEvent } from '@tracker/event-store';
import { READ_STORE } from '../src/infrastructure/tokens';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Every projection table, sorted, as plain rows: what "the same tables" means (sessions, checkpoints, snapshots and the kept readiness days are not projections). */
function dump(db: Database.Database): Record<string, unknown[]> {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'projection_checkpoints', 'programme_snapshots', 'programme_snapshots_kept', 'readiness_days', 'readiness_days_closed') AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all().map((row) => JSON.stringify(row)).sort()]));
}

describe('read models', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    const programmeId = await registerProgramme(t);
    const at = (path: string) => `/api/programmes/${programmeId}${path}`;
    t.setNow('2026-11-22T10:00:00.000Z');
    const contract = (await t.http().post(at('/contracts')).send(contractBody).expect(201)).body.id;
    await t.http().post(at(`/contracts/${contract}/progress`)).send({ step: 'consent-received', effectiveAt: '2026-11-02' }).expect(200);
    // A novation's deed is signed party by party (DOMAIN rule 6): one signature so far.
    await t.http().post(at(`/contracts/${contract}/progress`)).send({ step: 'deed-signed-by-council', effectiveAt: '2026-11-10' }).expect(200);
    await t.http().patch(at(`/contracts/${contract}`)).send({ annualValue: 130000 }).expect(200);
    const sla = (await t.http().post(at('/slas')).send({ reference: 'SLA-1', service: 'hr', kpis: ['x'], annualPrice: 1, termMonths: 12 }).expect(201)).body.id;
    await t.http().post(at('/budgets/buy-back')).send({ slaId: sla, financialYear: '2027-28', amount: 50000 }).expect(200);
    await t.http().post(at('/budgets/envelopes')).send({ financialYear: '2027-28', amount: 900000 }).expect(200);
    const finding = (await t.http().post(at('/findings')).send({ itemId: contract, title: 'Deed', description: 'd', severity: 'critical', owner: 'o', dueDate: '2027-01-01' }).expect(201)).body.id;
    await t.http().post(at(`/findings/${finding}/mitigate`)).send({ note: 'n' }).expect(200);
    await t.http().post(at('/decisions')).send({ type: 'delivery-confidence', rating: 'red', rationale: 'x' }).expect(201);
    await t.http().post(at('/go-live-date/moves')).send({ date: '2027-05-01', reasons: ['contracts'], note: 'n' }).expect(201);
    const user = (await t.http().post('/api/users').send({ email: 'a@b.example', name: 'A' }).expect(201)).body.id;
    await t.http().post(at('/members')).send({ userId: user, role: 'adviser' }).expect(201);
    await t.http().post(at('/members')).send({ userId: user, role: 'board' }).expect(201);
  });
  afterAll(async () => t.close());

  it('rebuilt from zero equal the tables built live', async () => {
    const db = t.app.get<Database.Database>(READ_STORE);
    const live = dump(db);
    expect(Object.keys(live)).toEqual(expect.arrayContaining(['programmes', 'register_items', 'findings', 'memberships', 'audit_chain']));
    const response = await t.http().post('/api/admin/rebuild').expect(200);
    expect(response.body.events).toBeGreaterThan(10);
    expect(dump(db)).toEqual(live);
  });

  it('are unchanged by applying every event twice', async () => {
    const all: StoredEvent[] = [];
    for await (const event of t.store.readAll()) all.push(event);
    const once = openReadStore(':memory:');
    const twice = openReadStore(':memory:');
    for (const db of [once, twice]) for (const projection of PROJECTIONS) projection.setUp(db);
    once.transaction(() => all.forEach((e) => PROJECTIONS.forEach((p) => p.apply(e, once))))();
    twice.transaction(() => all.forEach((e) => PROJECTIONS.forEach((p) => (p.apply(e, twice), p.apply(e, twice)))))();
    expect(dump(twice)).toEqual(dump(once));
    expect(dump(once)).toEqual(dump(t.app.get<Database.Database>(READ_STORE)));
  });
});
