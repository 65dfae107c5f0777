import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ukDateOf, programmeOfStream } from '@tracker/domain';
import { InMemoryEventStore, NewEvent, StoredEvent } from '@tracker/event-store';
import { programmeHistory } from '../../../test/bench/history';
import { PROJECTIONS } from './index';
import { ProjectionRunner } from './projection-runner';
import { openReadStore } from './read-store';
import { isJson, ukDayOf } from './registers/programme-registers.projection';

/** Every table the projections make, each as its rows' JSON (column order and JSON key order count), sorted. */
function dump(db: Database.Database): Record<string, string[]> {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', 'projection_checkpoints') AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM ${table}`).all().map((row) => JSON.stringify(row)).sort()]));
}

const P = '11111111-2222-4333-8444-555555555555';
const metadata = (recordedAt: string, effectiveAt?: string) => ({ userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt, ...(effectiveAt ? { effectiveAt } : {}) });
const newEvent = (type: string, data: object, recordedAt: string, effectiveAt?: string): NewEvent => ({ eventId: randomUUID(), type, schemaVersion: 1, data, metadata: metadata(recordedAt, effectiveAt) });

/**
 * Two long programme histories (registrations, amendments of schema version 1 and 2, findings,
 * board ratings), then one programme's item taken through steps, a withdrawal and a correction,
 * and a finding risk-accepted, reopened, resolved and accepted again: the reopening leaves an
 * undefined behind, which JSON drops, so a batch holding the live object would write the
 * finding's keys in another order.
 */
async function history(store: InMemoryEventStore): Promise<number> {
  const streams: { streamId: string; event: NewEvent }[] = [];
  for (const seed of [1, 2]) {
    for (const row of programmeHistory(seed, 2_500)) {
      const data = row.type === 'RegisterItemAmended' && streams.length % 7 === 0 ? { ...row.data, on: '2025-06-01' } : row.data;
      streams.push({ streamId: row.streamId, event: newEvent(row.type, data, row.recordedAt, row.effectiveAt) });
    }
  }
  streams.sort((a, b) => (a.event.metadata.recordedAt < b.event.metadata.recordedAt ? -1 : 1));
  for (const { streamId, event } of streams) await store.appendToStream(streamId, [event], 'any');

  const at = (day: number) => new Date(Date.parse('2026-11-01T00:30:00.000Z') + day * 86_400_000).toISOString();
  const item = `programme-${P}-item-a`;
  const base = { programmeId: P, itemId: 'a', kind: 'contract' };
  await store.appendToStream(`programme-${P}`, [newEvent('ProgrammeRegistered', { programmeId: P, name: 'P', council: 'C', newBody: 'T', legalForm: 'company-limited-by-guarantee', servicesInScope: ['x'], goLiveDate: '2027-04-01', registeredAt: at(0) }, at(0))], 'any');
  await store.appendToStream(item, [newEvent('ContractRegistered', { ...base, reference: 'C-1', details: { supplier: 'S', title: 'T', annualValue: 1, expiryDate: '2028-03-31', mechanism: 'novate' } }, at(1), '2026-10-20T23:30:00.000Z')], 'any');
  // Registered again under another reference: the row keeps the columns of its first insert, as an upsert does.
  await store.appendToStream(item, [newEvent('ContractRegistered', { ...base, reference: 'C-1b', details: { supplier: 'S', title: 'T', annualValue: 1, expiryDate: '2028-03-31' } }, at(1))], 'any');
  await store.appendToStream(item, [newEvent('ContractConsentRequested', { ...base, step: 'consent-requested', on: '2026-11-03' }, at(2))], 'any');
  await store.appendToStream(item, [newEvent('RegisterItemAmended', { ...base, changes: { annualValue: 2 } }, at(3))], 'any');
  await store.appendToStream(item, [newEvent('ContractConsentReceived', { ...base, step: 'consent-received', on: '2026-11-05' }, at(4))], 'any');
  await store.appendToStream(item, [newEvent('ItemStepWithdrawn', { ...base, n: 2, step: 'consent-received', stepOn: '2026-11-05', reason: 'wrong', on: '2026-11-06' }, at(5))], 'any');
  await store.appendToStream(item, [newEvent('ContractConsentReceived', { ...base, step: 'consent-received', on: '2026-11-07', corrects: 2 }, at(6))], 'any');
  await store.appendToStream(item, [newEvent('RegisterItemAmended', { ...base, changes: { mechanism: 'terminate-and-reprocure' } }, at(7))], 'any');
  const finding = `programme-${P}-finding-f`;
  const ids = { programmeId: P, findingId: 'f' };
  await store.appendToStream(finding, [newEvent('FindingRaised', { ...ids, target: { kind: 'item', itemId: 'a', area: 'contracts' }, title: 'F', description: 'd', severity: 'high', owner: 'o', dueDate: '2027-01-01', evidence: [] }, at(8))], 'any');
  await store.appendToStream(finding, [newEvent('FindingRiskAccepted', { ...ids, decisionId: 'd1', reason: 'r', expiresOn: '2027-02-01' }, at(9))], 'any');
  await store.appendToStream(finding, [newEvent('FindingReopened', { ...ids, reason: 'again', reopenedFrom: 'risk-accepted' }, at(10))], 'any');
  await store.appendToStream(finding, [newEvent('FindingResolved', { ...ids, resolution: 'done', evidence: [], resolvedBy: 'x' }, at(11))], 'any');
  await store.appendToStream(finding, [newEvent('FindingUpdated', { ...ids, changes: { owner: 'p' } }, at(11))], 'any');
  await store.appendToStream(finding, [newEvent('FindingRiskAccepted', { ...ids, decisionId: 'd2', reason: 'r2', expiresOn: '2027-03-01' }, at(12))], 'any');
  // The money: a first-version cost-model line (pounds) upcast, lines of both kinds, one removed, a buy-back with its reason, an agreement.
  const budgets = `programme-${P}-budgets`;
  const money = (type: string, data: object, day: number, schemaVersion = 1) => store.appendToStream(budgets, [{ ...newEvent(type, { programmeId: P, ...data }, at(day)), schemaVersion }], 'any');
  await money('CostModelLineRecorded', { lineId: 'l-0', reference: 'CM-0', financialYear: '2027-28', category: 'staffing', description: 'd', amount: 100.5 }, 13);
  await money('CostModelLineRecorded', { lineId: 'l-1', reference: 'CM-1', financialYear: '2027-28', category: 'contract-sum', description: 'd', amountPence: 10_050 }, 13, 2);
  await money('BaselineLineRecorded', { lineId: 'b-1', reference: 'BL-1', financialYear: '2026-27', costCentre: 'C1', category: 'staff', description: 'd', amountPence: 9_000 }, 14);
  await money('BuyBackBudgetSet', { slaItemId: 's', financialYear: '2027-28', amount: 10, belowPriceReason: 'part year' }, 14);
  await money('CostModelAgreed', { version: 1, agreedOn: '2026-11-15', agreedBy: 'Board', lines: { 'l-0': { financialYear: '2027-28', category: 'staff', amountPence: 10_050 } }, deficitsAccepted: {} }, 15);
  await money('CostModelLineRemoved', { lineId: 'l-0', reference: 'CM-0', reason: 'r' }, 16);
  await money('ContractPaymentProfileSet', { timing: 'monthly-in-advance' }, 16);
  return store.headPosition();
}

describe('projections applied in batches', () => {
  let store: InMemoryEventStore;
  let head: number;
  let events: StoredEvent[];
  let eventByEvent: Record<string, string[]>;

  beforeAll(async () => {
    store = new InMemoryEventStore();
    head = await history(store);
    events = [];
    for await (const event of store.readAll()) events.push(event);
    // The reference: every projection's own apply, one event at a time.
    const db = openReadStore(':memory:');
    for (const projection of PROJECTIONS) projection.setUp(db);
    for (const event of events) db.transaction(() => PROJECTIONS.forEach((p) => p.apply(event, db)))();
    eventByEvent = dump(db);
    db.close();
  }, 60_000);

  it('leave a read store rebuilt from zero, and one built as events arrived, equal to one built event by event', async () => {
    expect(eventByEvent.register_items.length).toBeGreaterThan(700);
    expect(eventByEvent.findings.some((row) => row.includes('\\"resolvedBy\\":\\"x\\",\\"riskAcceptance\\":{\\"decisionId\\":\\"d2\\"'))).toBe(true);
    expect(eventByEvent.register_items.some((row) => row.includes('"reference":"C-1"') && row.includes('\\"reference\\":\\"C-1b\\"'))).toBe(true);

    const db = openReadStore(':memory:');
    const runner = new ProjectionRunner(store, db, PROJECTIONS);
    runner.start();
    expect(await runner.waitFor(head, 30_000)).toBe(true);
    expect(dump(db)).toEqual(eventByEvent);

    await runner.rebuild();
    expect(await runner.waitFor(head, 30_000)).toBe(true);
    expect(dump(db)).toEqual(eventByEvent);
    await runner.stop();

    // Live: the same history appended a few events at a time while the runner follows it.
    const live = new InMemoryEventStore();
    const liveDb = openReadStore(':memory:');
    const follower = new ProjectionRunner(live, liveDb, PROJECTIONS);
    follower.start();
    for (let i = 0; i < events.length; i += 37) {
      let last = 0;
      for (const event of events.slice(i, i + 37)) {
        last = (await live.appendToStream(event.streamId, [{ eventId: event.eventId, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata }], 'any')).position;
      }
      if (i % 5 === 0) expect(await follower.waitFor(last)).toBe(true);
    }
    expect(await follower.waitFor(head)).toBe(true);
    await follower.stop();
    expect(dump(liveDb)).toEqual(eventByEvent);
  }, 60_000);

  it('leave tables unchanged when a batch meets events already applied', async () => {
    const db = openReadStore(':memory:');
    for (const projection of PROJECTIONS) projection.setUp(db);
    for (const from of [0, Math.floor(events.length / 2)]) {
      db.transaction(() => {
        const batches = PROJECTIONS.map((p) => p.startBatch?.(db) ?? { apply: (e: StoredEvent) => p.apply(e, db), flush: () => {} });
        for (const event of events.slice(from)) batches.forEach((b) => b.apply(event));
        batches.forEach((b) => b.flush());
      })();
    }
    expect(dump(db)).toEqual(eventByEvent);
  });

  it('know a UK day by its hour as the time zone rules give it, which values JSON keeps as they are, and a stream’s programme', () => {
    for (const instant of ['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00.000Z', '2026-10-24T22:59:59.999Z', '2026-10-24T23:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T23:59:59.999Z', '1800-01-01T00:00:30.000Z', '1800-01-01T00:01:30.000Z', '2026-06-01T10:00:00Z']) {
      expect(ukDayOf(instant)).toBe(ukDateOf(instant));
    }
    expect(ukDayOf('2026-10-24T23:30:00.000Z')).toBe('2026-10-25');
    expect(isJson({ a: [1, 'x', null, { b: true }] })).toBe(true);
    const uuid = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    for (const stream of [`programme-${uuid}`, `programme-${uuid}-item-1`, `programme-${uuid}x`, `programme-${uuid.toUpperCase()}`, `programme-${uuid.slice(1)}`, `programme-${'-'.repeat(36)}`, `xprogramme-${uuid}`, `programme-${uuid}\n`, 'programme-', 'user-1']) {
      expect(programmeOfStream(stream)).toBe(/^programme-([0-9a-f-]{36})(-|$)/.exec(stream)?.[1]);
    }
    for (const value of [{ a: undefined }, [undefined], { a: Number.NaN }, -0, new Date(), { a: () => 1 }, new Array(2)]) expect(isJson(value)).toBe(false);
  });
});
