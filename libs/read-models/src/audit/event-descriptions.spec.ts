import * as domain from '@tracker/domain';
import type { StoredEvent } from '@tracker/event-store';
import { DESCRIPTIONS, EventDescriber, changesInWords } from './event-descriptions';

const P = 'b4f3c2a1-0000-4000-8000-000000000001';
const programme = `programme-${P}`;
const item = (id: string) => `programme-${P}-item-${id}`;
const finding = (id: string) => `programme-${P}-finding-${id}`;

let position = 0;
/** An event as the store hands it back, recorded on 5 March 2026 unless said otherwise. */
function stored(streamId: string, type: string, data: object, metadata: Partial<StoredEvent['metadata']> = {}): StoredEvent {
  position++;
  return {
    eventId: `e${position}`,
    streamId,
    streamRevision: 0,
    position,
    type,
    schemaVersion: 1,
    data,
    metadata: { userId: 'u1', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-03-05T10:00:00.000Z', ...metadata },
  };
}

const payroll = { programmeId: P, itemId: 'i1', kind: 'contract', reference: 'CON-014', details: { supplier: 'Acme Payroll Ltd', title: 'Payroll software', annualValue: 120000, expiryDate: '2028-03-31', mechanism: 'novate' } };
const phones = { programmeId: P, itemId: 'i2', kind: 'contract', reference: 'CON-015', details: { supplier: 'Tel Ltd', title: 'Telephony', annualValue: 9000, expiryDate: '2028-03-31' } };

describe('event descriptions', () => {
  it('has words for every event type the domain writes, so a new type cannot arrive without them', () => {
    // Every decider of the domain lists the event types it writes in schemaVersions.
    const deciders = Object.entries(domain).filter(([, value]) => typeof value === 'object' && value !== null && 'schemaVersions' in value && 'decide' in value);
    const types = deciders.flatMap(([, decider]) => Object.keys((decider as { schemaVersions: object }).schemaVersions));
    expect(deciders.map(([name]) => name)).toEqual(expect.arrayContaining(['programmeDecider', 'registerItemDecider', 'findingDecider', 'budgetsDecider', 'notesDecider', 'membershipDecider', 'userDecider']));
    expect(types.length).toBeGreaterThan(60);
    expect(types.filter((type) => !Object.hasOwn(DESCRIPTIONS, type))).toEqual([]);
  });

  it('describes a step with the item’s reference and name and the day it took effect', () => {
    const words = new EventDescriber();
    words.describe(stored(item('i1'), 'ContractRegistered', payroll));
    const step = words.describe(stored(item('i1'), 'ContractConsentReceived', { programmeId: P, itemId: 'i1', kind: 'contract', step: 'consent-received', on: '2026-03-03' }));
    expect(step).toEqual({ description: 'Recorded step ‘consent received’ on contract CON-014 (Payroll software), effective 3 March 2026', changes: [] });
  });

  it('says of a withdrawn step which step, of which day, and that it takes effect from then — not the day it was withdrawn', () => {
    const words = new EventDescriber();
    words.describe(stored(item('i1'), 'ContractRegistered', payroll));
    const withdrawn = { programmeId: P, itemId: 'i1', kind: 'contract', n: 2, step: 'consent-received', stepOn: '2026-03-03', reason: 'Another contract’s letter', on: '2026-03-05' };
    expect(words.describe(stored(item('i1'), 'ItemStepWithdrawn', withdrawn, { effectiveAt: '2026-03-03T00:00:00.000Z' })).description).toBe(
      'Withdrew step 2 ‘consent received’ of 3 March 2026 on contract CON-014 (Payroll software), effective 3 March 2026: Another contract’s letter',
    );
  });

  it('describes a move of go-live with both dates, the reasons and the note, and the date before → after', () => {
    const words = new EventDescriber();
    words.describe(stored(programme, 'ProgrammeRegistered', { programmeId: P, name: 'Northshire', council: 'Northshire CC', newBody: 'Northshire Trust', legalForm: 'other', servicesInScope: [], goLiveDate: '2027-04-01', registeredAt: '2026-01-05T09:00:00Z' }));
    const moved = words.describe(stored(programme, 'GoLiveDateMoved', { programmeId: P, from: '2027-04-01', to: '2027-07-01', direction: 'later', reasons: ['pensions'], note: 'Pension admission agreement delayed' }));
    expect(moved.description).toBe('Moved go-live from 1 April 2027 to 1 July 2027: pensions — Pension admission agreement delayed');
    expect(moved.changes).toEqual([{ field: 'goLiveDate', before: '2027-04-01', after: '2027-07-01' }]);
  });

  it('gives an amendment each changed field before → after, against the value its stream last had', () => {
    const words = new EventDescriber();
    words.describe(stored(item('i1'), 'ContractRegistered', payroll));
    words.describe(stored(item('i2'), 'ContractRegistered', phones));
    const first = words.describe(stored(item('i1'), 'RegisterItemAmended', { programmeId: P, itemId: 'i1', kind: 'contract', changes: { annualValue: 125000, mechanism: 'assign' }, on: '2026-03-02' }));
    expect(first.changes).toEqual([
      { field: 'annualValue', before: 120000, after: 125000 },
      { field: 'mechanism', before: 'novate', after: 'assign' },
    ]);
    // Effective on another day than it was recorded (5 March), so the day is said.
    expect(first.description).toBe('Amended contract CON-014 (Payroll software), effective 2 March 2026: annual value: £120,000 → £125,000; mechanism: novate → assign');
    // The other contract's stream is its own: its value is compared with its own registration.
    const other = words.describe(stored(item('i2'), 'RegisterItemAmended', { programmeId: P, itemId: 'i2', kind: 'contract', changes: { annualValue: 9500 } }));
    expect(other.changes).toEqual([{ field: 'annualValue', before: 9000, after: 9500 }]);
    const second = words.describe(stored(item('i1'), 'RegisterItemAmended', { programmeId: P, itemId: 'i1', kind: 'contract', changes: { annualValue: 130000, title: 'Payroll and HR software' } }));
    expect(second.changes).toEqual([
      { field: 'annualValue', before: 125000, after: 130000 },
      { field: 'title', before: 'Payroll software', after: 'Payroll and HR software' },
    ]);
    expect(words.describe(stored(item('i2'), 'RegisterItemAmended', { programmeId: P, itemId: 'i2', kind: 'contract', changes: { fte: 3 }, on: '2026-03-05' })).description).toBe('Amended contract CON-015 (Telephony): FTE: (none) → 3');
    expect(changesInWords(second.changes)).toBe('annual value: £125,000 → £130,000; title: Payroll software → Payroll and HR software');
    // Renamed, it is called by its new name afterwards.
    expect(words.describe(stored(item('i1'), 'ContractConsentRequested', { programmeId: P, itemId: 'i1', kind: 'contract', step: 'consent-requested', on: '2026-03-06' })).description).toContain('contract CON-014 (Payroll and HR software)');
  });

  it('gives a field first set by an amendment a change from nothing', () => {
    const words = new EventDescriber();
    words.describe(stored(item('i2'), 'ContractRegistered', phones));
    expect(words.describe(stored(item('i2'), 'RegisterItemAmended', { programmeId: P, itemId: 'i2', kind: 'contract', changes: { mechanism: 'terminate' } })).changes).toEqual([{ field: 'mechanism', after: 'terminate' }]);
  });

  it('follows a finding: severity before → after on update, status on each move, its item by reference', () => {
    const words = new EventDescriber((id) => (id === 'u2' ? 'Priya Shah' : undefined));
    words.describe(stored(item('i1'), 'ContractRegistered', payroll));
    const ids = { programmeId: P, findingId: 'f1' };
    const raised = words.describe(stored(finding('f1'), 'FindingRaised', { ...ids, target: { kind: 'item', itemId: 'i1', area: 'contracts' }, title: 'No novation route', description: 'x', severity: 'high', owner: 'Head of Legal', dueDate: '2027-01-31', evidence: [] }));
    expect(raised.description).toBe('Raised a high finding ‘No novation route’ on contract CON-014 (Payroll software): owner Head of Legal, due 31 January 2027');
    const updated = words.describe(stored(finding('f1'), 'FindingUpdated', { ...ids, changes: { severity: 'critical' } }));
    expect(updated).toEqual({ description: 'Updated finding ‘No novation route’: severity: high → critical', changes: [{ field: 'severity', before: 'high', after: 'critical' }] });
    const resolved = words.describe(stored(finding('f1'), 'FindingResolved', { ...ids, resolution: 'Deed signed', evidence: [{ link: 'https://x' }], resolvedBy: 'u2' }));
    expect(resolved.description).toBe('Resolved finding ‘No novation route’, with 1 piece of evidence (resolved by Priya Shah): Deed signed');
    expect(resolved.changes).toEqual([{ field: 'status', before: 'open', after: 'resolved' }]);
  });

  it('says which body took a decision, and leaves what the decision saw to the data', () => {
    const words = new EventDescriber();
    words.describe(stored(item('s1'), 'SlaRegistered', { programmeId: P, itemId: 's1', kind: 'sla', reference: 'SLA-HR', details: { service: 'hr', kpis: [], annualPrice: 1, termMonths: 12 } }));
    const accepted = words.describe(stored(item('s1'), 'SlaRecommendationAccepted', { programmeId: P, itemId: 's1', kind: 'sla', step: 'recommendation-accepted', on: '2026-03-05', decisionId: 'd1', reasons: 'Fair price', rulesetVersion: 2, body: 'commissioner', seen: { position: 9, headHash: 'ab' } }));
    expect(accepted.description).toBe('Recorded step ‘recommendation accepted’ on service level agreement SLA-HR (HR), effective 5 March 2026: decided by the Commissioner; reasons Fair price');
    const ids = { programmeId: P, findingId: 'f9' };
    words.describe(stored(finding('f9'), 'FindingRaised', { ...ids, target: { kind: 'area', area: 'staff' }, title: 'No ELI', severity: 'critical', owner: 'HR', dueDate: '2027-01-31', evidence: [] }));
    expect(words.describe(stored(finding('f9'), 'FindingRiskAccepted', { ...ids, decisionId: 'd2', reason: 'Interim cover', expiresOn: '2027-06-30' })).description).toBe(
      'The project board accepted the risk of finding ‘No ELI’ until 30 June 2027: Interim cover',
    );
  });

  it('names members added and removed, and their role before → after', () => {
    const words = new EventDescriber((id) => (id === 'u2' ? 'Priya Shah' : undefined));
    const members = `programme-${P}-members`;
    expect(words.describe(stored(members, 'MemberAdded', { programmeId: P, userId: 'u2', role: 'adviser' })).description).toBe('Added Priya Shah to the programme as an adviser');
    expect(words.describe(stored(members, 'MemberRoleChanged', { programmeId: P, userId: 'u2', from: 'adviser', to: 'auditor' })).changes).toEqual([{ field: 'role.u2', before: 'adviser', after: 'auditor' }]);
    expect(words.describe(stored(members, 'MemberRemoved', { programmeId: P, userId: 'u2', role: 'auditor' }))).toEqual({
      description: 'Removed Priya Shah (auditor) from the programme',
      changes: [{ field: 'role.u2', before: 'auditor' }],
    });
  });

  it('compares changed settings with the defaults a programme starts with', () => {
    const words = new EventDescriber();
    words.describe(stored(programme, 'ProgrammeRegistered', { programmeId: P, name: 'N', council: 'C', newBody: 'B', goLiveDate: '2027-04-01' }));
    const changed = words.describe(stored(programme, 'ProgrammeSettingsChanged', { programmeId: P, ...domain.DEFAULT_PROGRAMME_SETTINGS, fourEyes: ['critical'] }));
    expect(changed).toEqual({ description: 'Changed the programme’s settings: four eyes for: critical, high → critical', changes: [{ field: 'fourEyes', before: ['critical', 'high'], after: ['critical'] }] });
  });

  it('says what a budget replaced, from the amount the event carries', () => {
    const words = new EventDescriber();
    const set = words.describe(stored(`programme-${P}-budgets`, 'BudgetEnvelopeSet', { programmeId: P, financialYear: '2027-28', amount: 2_700_000, previousAmount: 2_600_000 }));
    expect(set.description).toBe('Set the trust’s budget envelope for 2027-28 to £2,700,000 (was £2,600,000)');
    expect(set.changes).toEqual([{ field: 'envelope.2027-28', before: 2_600_000, after: 2_700_000 }]);
  });

  it('never shows a password hash or a token hash', () => {
    const words = new EventDescriber((id) => (id === 'u2' ? 'Priya Shah' : undefined));
    const password = words.describe(stored('user-u2', 'UserPasswordSet', { userId: 'u2', passwordHash: '$2b$10$secret' }));
    const token = words.describe(stored('user-u2', 'ApiTokenIssued', { userId: 'u2', tokenId: 't', tokenHash: 'deadbeef', expiresAt: '2027-02-20T10:00:00Z' }));
    expect(password.description).toBe('Set a password for Priya Shah');
    expect(token.description).toBe('Issued an API token to Priya Shah, expiring 20 February 2027');
    expect(JSON.stringify([password, token])).not.toMatch(/secret|deadbeef/);
  });

  it('falls back to the type in words for a type it does not know, and to that for data it cannot read', () => {
    const words = new EventDescriber();
    expect(words.describe(stored(programme, 'SomethingNewHappened', { programmeId: P }))).toEqual({ description: 'Something new happened (the programme)', changes: [] });
    expect(words.describe(stored(item('i9'), 'ContractConsentReceived', null as unknown as object)).description).toBe('Recorded step ‘consent received’ on item i9');
    expect(words.describe(stored(programme, 'constructor', {})).description).toBe('Constructor (the programme)');
  });
});
