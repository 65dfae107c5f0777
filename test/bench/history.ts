import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { AREA_OF_KIND, ItemKind } from '@tracker/domain';
import { DURABLE_PRAGMAS, EVENTS_SCHEMA } from '@tracker/event-store';

/** Deterministic ids, so two runs of the bench write the same history. */
function id(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Row {
  readonly streamId: string;
  readonly type: string;
  readonly data: object;
  readonly recordedAt: string;
  readonly effectiveAt?: string;
}

/** Eighteen months up to a few days before go-live is booked, ending in the recent past. */
export const HISTORY_START = Date.parse('2025-05-20T08:00:00.000Z');
const START = HISTORY_START;
const EIGHTEEN_MONTHS = 547 * 86_400_000;
const USERS = ['adviser-1', 'adviser-2', 'adviser-3', 'board-1'];

/**
 * One programme's history of `events` events over 18 months, shaped like the domain's case
 * studies: 300 contracts, 40 systems, 25 SLAs with buy-back, 12 staff groups and 200 findings,
 * then mostly amendments and finding updates, a few go-live moves and board ratings.
 */
export function* programmeHistory(seed: number, events: number): Generator<Row> {
  const programmeId = id('programme', seed);
  const stream = (suffix = '') => `programme-${programmeId}${suffix}`;
  let n = 0;
  const at = () => new Date(START + Math.floor((n++ * EIGHTEEN_MONTHS) / events)).toISOString();
  yield {
    streamId: stream(),
    type: 'ProgrammeRegistered',
    data: {
      programmeId,
      name: `Programme ${seed}`,
      council: 'Northshire County Council',
      newBody: `Trust ${seed}`,
      legalForm: 'company-limited-by-guarantee',
      servicesInScope: ['children’s social care'],
      goLiveDate: '2027-04-01',
      registeredAt: new Date(START).toISOString(),
    },
    recordedAt: at(),
  };
  const items: { itemId: string; kind: string }[] = [];
  const register = function* (kind: string, type: string, count: number, details: (i: number) => object): Generator<Row> {
    for (let i = 0; i < count; i++) {
      const itemId = id(programmeId, kind, i);
      items.push({ itemId, kind });
      yield { streamId: stream(`-item-${itemId}`), type, data: { programmeId, itemId, kind, reference: `${kind.toUpperCase()}-${i}`, details: details(i) }, recordedAt: at() };
    }
  };
  yield* register('contract', 'ContractRegistered', 300, (i) => ({ supplier: `Supplier ${i % 90}`, title: `Contract ${i}`, annualValue: 10_000 + i * 137, expiryDate: '2028-03-31', mechanism: i % 3 === 0 ? 'novate' : 'terminate-and-reprocure' }));
  yield* register('system', 'SystemRegistered', 40, (i) => ({ name: `System ${i}`, category: 'case-management', migrationNeeded: i % 2 === 0 }));
  yield* register('sla', 'SlaRegistered', 25, (i) => ({ service: i % 2 ? 'payroll' : 'hr', kpis: ['On time'], annualPrice: 50_000 + i * 1_000, termMonths: 36 }));
  yield* register('staff-group', 'StaffGroupRegistered', 12, (i) => ({ team: `Team ${i}`, headcount: 20 + i, fte: 18 + i, pensionScheme: i % 3 === 0 ? 'lgps' : 'none' }));
  for (const sla of items.filter((item) => item.kind === 'sla')) {
    yield { streamId: stream('-budgets'), type: 'BuyBackBudgetSet', data: { programmeId, slaItemId: sla.itemId, financialYear: '2027-28', amount: 60_000 }, recordedAt: at() };
  }
  yield { streamId: stream('-budgets'), type: 'BudgetEnvelopeSet', data: { programmeId, financialYear: '2027-28', amount: 2_000_000 }, recordedAt: at() };
  const findings: string[] = [];
  const severities = ['critical', 'high', 'medium', 'low'];
  while (n < events) {
    const k = n % 100;
    if (findings.length < 200 && k === 7) {
      const findingId = id(programmeId, 'finding', findings.length);
      const item = items[findings.length % items.length];
      findings.push(findingId);
      yield {
        streamId: stream(`-finding-${findingId}`),
        type: 'FindingRaised',
        data: { programmeId, findingId, target: { kind: 'item', itemId: item.itemId, area: AREA_OF_KIND[item.kind as ItemKind] }, title: `Finding ${findings.length}`, description: 'Found in due diligence', severity: severities[findings.length % 4], owner: 'Head of Service', dueDate: '2027-02-01', evidence: [] },
        recordedAt: at(),
      };
    } else if (findings.length > 0 && k % 3 === 0) {
      const findingId = findings[n % findings.length];
      yield { streamId: stream(`-finding-${findingId}`), type: 'FindingUpdated', data: { programmeId, findingId, changes: { owner: `Owner ${n % 17}` } }, recordedAt: at() };
    } else if (k === 50 && n % 20_000 === 50) {
      yield { streamId: stream(), type: 'BoardRatingRecorded', data: { programmeId, decisionId: id(programmeId, 'decision', n), rating: 'amber', rationale: 'Pensions late' }, recordedAt: at() };
    } else {
      const item = items[n % items.length];
      const recordedAt = at();
      yield { streamId: stream(`-item-${item.itemId}`), type: 'RegisterItemAmended', data: { programmeId, itemId: item.itemId, kind: item.kind, changes: changeOf(item.kind, n) }, recordedAt, effectiveAt: n % 10 === 0 ? new Date(Date.parse(recordedAt) - 86_400_000).toISOString() : undefined };
    }
  }
}

function changeOf(kind: string, n: number): object {
  if (kind === 'contract') return { annualValue: 10_000 + (n % 5_000) };
  if (kind === 'system') return { name: `System v${n % 50}` };
  if (kind === 'sla') return { annualPrice: 50_000 + (n % 900) };
  return { headcount: 20 + (n % 30) };
}

/**
 * Writes `programmes` histories of `perProgramme` events each into an event store file, interleaved
 * in time order as they would have arrived, straight into the store's own table (a bench seeds
 * history; it does not measure how it was written). Returns the programmes' ids.
 */
export function seedHistory(file: string, programmes: number, perProgramme: number, onProgress?: (written: number) => void): { programmeIds: string[] } {
  const db = new Database(file);
  for (const pragma of DURABLE_PRAGMAS) db.pragma(pragma);
  db.exec(EVENTS_SCHEMA);
  const insert = db.prepare(`INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const revisions = new Map<string, number>();
  const histories = Array.from({ length: programmes }, (_, p) => programmeHistory(p, perProgramme));
  const write = db.transaction((rows: Row[]) => {
    for (const row of rows) {
      const revision = revisions.get(row.streamId) ?? 0;
      revisions.set(row.streamId, revision + 1);
      const metadata = { userId: USERS[revision % USERS.length], role: 'adviser', correlationId: id('c', row.streamId, revision), causationId: id('c', row.streamId, revision), recordedAt: row.recordedAt, ...(row.effectiveAt ? { effectiveAt: row.effectiveAt } : {}) };
      insert.run(id('e', row.streamId, revision), row.streamId, revision, row.type, 1, JSON.stringify(row.data), JSON.stringify(metadata), row.recordedAt);
    }
  });
  let written = 0;
  let live = histories.length;
  while (live > 0) {
    const batch: Row[] = [];
    // Round-robin over the programmes keeps recorded times nearly in order across them.
    for (let i = 0; i < 1_000 && live > 0; i++) {
      live = 0;
      for (const history of histories) {
        const next = history.next();
        if (!next.done) {
          batch.push(next.value);
          live++;
        }
      }
    }
    batch.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
    write(batch);
    written += batch.length;
    onProgress?.(written);
  }
  db.close();
  return { programmeIds: Array.from({ length: programmes }, (_, p) => id('programme', p)) };
}
