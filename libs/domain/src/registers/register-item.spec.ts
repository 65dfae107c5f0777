import { programmeFactsOf } from '../programmes/programme-facts.fixture';
import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import {
  AmendItem,
  AssignStepOwner,
  ImportItem,
  ItemProgress,
  RecordItemProgress,
  RegisterItem,
  RegisterItemEvent,
  registerItemDecider,
} from './register-item';
import { givenItem as given } from '../testing/registers';

const programme: ProgrammeFacts = programmeFactsOf({
  programmeId: 'p-1',
  status: 'active',
  registeredAt: '2026-01-05T09:00:00.000Z',
  goLiveDate: '2027-04-01',
});
const now = '2026-11-22T10:00:00.000Z';
const itemId = 'item-1';

const register = (registration: Pick<RegisterItem['data'], 'kind' | 'details'>, facts = programme): RegisterItem => ({
  type: 'RegisterItem',
  data: { itemId, reference: 'C-0012', ...registration } as RegisterItem['data'],
  programme: facts,
  metadata: { now },
});
const progress = (p: ItemProgress, effectiveAt?: string, facts = programme): RecordItemProgress => ({
  type: 'RecordItemProgress',
  data: { itemId, ...p },
  programme: facts,
  effectiveAt,
  metadata: { now },
});
const amend = (data: Omit<AmendItem['data'], 'itemId'>): AmendItem => ({
  type: 'AmendItem',
  data: { itemId, ...data } as AmendItem['data'],
  programme,
  metadata: { now },
});


const stepOwner = (ruleId: string, owner?: string, targetDate?: string): AssignStepOwner => ({
  type: 'AssignStepOwner',
  data: { itemId, kind: 'sla', ruleId, ...(owner ? { owner } : {}), ...(targetDate ? { targetDate } : {}) },
  programme,
  metadata: { now },
});
const contract = (mechanism?: 'novate' | 'assign' | 'new-contract' | 'council-retains' | 'terminate') =>
  register({
    kind: 'contract',
    details: { supplier: 'Carefirst Ltd', title: 'Case management licences', annualValue: 120000, expiryDate: '2028-03-31', mechanism },
  });
const sla = register({ kind: 'sla', details: { service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 } });
const step = (p: ItemProgress) => progress(p);
const refusal = (when: () => unknown, message: string | RegExp) => {
  expect(when).toThrow(IllegalStateError);
  expect(when).toThrow(message);
};

describe('register items', () => {
  describe('registering', () => {
    it('records a contract with its reference and details', () => {
      expect(given().when(contract('novate'))()).toEqual([
        {
          type: 'ContractRegistered',
          data: {
            programmeId: 'p-1',
            itemId,
            kind: 'contract',
            reference: 'C-0012',
            details: { supplier: 'Carefirst Ltd', title: 'Case management licences', annualValue: 120000, expiryDate: '2028-03-31', mechanism: 'novate' },
            on: '2026-11-22',
          },
        },
      ]);
    });

    it('takes a route given at registration as chosen on the registration’s effective day, not on the day it is read', () => {
      const backdated = { ...contract('novate'), effectiveAt: '2026-06-01T09:00:00.000Z' };
      const state = fold(registerItemDecider, given().when(backdated)());
      expect(state.status === 'registered' && state.steps['mechanism-chosen']).toEqual({ on: '2026-06-01', mechanism: 'novate' });
      expect(state.status === 'registered' && state.registeredOn).toBe('2026-06-01');
    });

    it('reads a version-1 registration, which did not record its day, with the day its metadata gives', () => {
      const [event] = given().when(contract('assign'))();
      const { on: _on, ...v1 } = event.data as typeof event.data & { on?: string };
      void _on;
      const stored = { ...event, data: v1, metadata: { recordedAt: '2026-02-10T23:30:00.000Z', effectiveAt: '2026-01-31T12:00:00.000Z' } };
      const state = fold(registerItemDecider, [stored as unknown as RegisterItemEvent]);
      expect(state.status === 'registered' && [state.registeredOn, state.steps['mechanism-chosen']?.on]).toEqual(['2026-01-31', '2026-01-31']);
    });

    it('names each kind’s registration event on its own', () => {
      expect(given().when(sla)()[0].type).toBe('SlaRegistered');
      const staff = register({ kind: 'staff-group', details: { team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps' } });
      expect(given().when(staff)()[0].type).toBe('StaffGroupRegistered');
    });

    it('refuses a duplicate reference', () => {
      refusal(given(contract()).when(contract()), 'A contract with reference C-0012 is already registered in this programme');
    });

    it('registers an item found after go-live, and refuses any change once the programme is closed', () => {
      expect(given().when(register(contract().data, { ...programme, status: 'live' }))()).toHaveLength(1);
      refusal(given().when(register(contract().data, { ...programme, status: 'closed' })), 'The programme is closed');
    });
  });

  describe('owners of steps', () => {
    const detailsAfter = (...commands: Parameters<typeof given>) => {
      const state = fold(registerItemDecider, given(...commands).history);
      return state.status === 'registered' ? state.details : undefined;
    };

    it('names one step’s owner beside the others’, and hands it back with no owner', () => {
      expect(detailsAfter(sla, stepOwner('slas.signed', 'Council HR — payroll lead', '2027-02-01'), stepOwner('slas.budget', 'Trust finance'))?.stepOwners).toEqual({
        'slas.signed': { owner: 'Council HR — payroll lead', targetDate: '2027-02-01' },
        'slas.budget': { owner: 'Trust finance' },
      });
      expect(detailsAfter(sla, stepOwner('slas.signed', 'Council HR — payroll lead'), stepOwner('slas.budget', 'Trust finance'), stepOwner('slas.signed'))?.stepOwners).toEqual({ 'slas.budget': { owner: 'Trust finance' } });
    });

    it('records nothing when the step’s owner is as named already, and refuses an item that is not there', () => {
      expect(given(sla, stepOwner('slas.signed', 'Trust finance')).when(stepOwner('slas.signed', 'Trust finance'))()).toEqual([]);
      expect(given(sla).when(stepOwner('slas.signed'))()).toEqual([]);
      expect(given().when(stepOwner('slas.signed', 'Trust finance'))).toThrow(NotFoundError);
    });
  });

  describe('amending', () => {
    it('records only the fields that changed', () => {
      const events = given(contract()).when(amend({ kind: 'contract', changes: { annualValue: 125000, supplier: 'Carefirst Ltd' } }))();
      expect(events).toEqual([
        { type: 'RegisterItemAmended', data: { programmeId: 'p-1', itemId, kind: 'contract', changes: { annualValue: 125000 }, on: '2026-11-22' } },
      ]);
    });

    it('keeps the day each detail last changed, and a route amended in is chosen that day', () => {
      const later = { ...amend({ kind: 'contract', changes: { mechanism: 'terminate' } }), effectiveAt: '2026-09-01T10:00:00.000Z' };
      const { history } = given(contract('novate'), later);
      const state = fold(registerItemDecider, history);
      expect(state.status === 'registered' && state.changedOn).toEqual({ mechanism: '2026-09-01' });
      expect(state.status === 'registered' && state.steps['mechanism-chosen']).toEqual({ on: '2026-09-01', mechanism: 'terminate' });
    });

    it('records nothing when nothing changed', () => {
      expect(given(contract()).when(amend({ kind: 'contract', changes: { annualValue: 120000 } }))()).toEqual([]);
    });

    it('treats an unknown item, or an item of another kind, as not found', () => {
      expect(given().when(amend({ kind: 'contract', changes: { annualValue: 1 } }))).toThrow(NotFoundError);
      expect(given(sla).when(amend({ kind: 'contract', changes: { annualValue: 1 } }))).toThrow(new NotFoundError('contract', itemId));
    });
  });

  describe('importing a row of a register', () => {
    const row = (details: Record<string, unknown>, facts = programme): ImportItem => ({
      type: 'ImportItem',
      data: { itemId, reference: 'C-0012', kind: 'contract', details } as unknown as ImportItem['data'],
      programme: facts,
      metadata: { now },
    });
    const details = { supplier: 'Carefirst Ltd', title: 'Case management licences', annualValue: 120000, expiryDate: '2028-03-31' };

    it('registers an item the register does not hold yet, as registering it would', () => {
      expect(given().when(row(details))()).toEqual(given().when(contract())());
    });

    it('records nothing for a row that says what is already recorded', () => {
      expect(given(contract()).when(row(details))()).toEqual([]);
    });

    it('records only the details that changed, as an amendment', () => {
      expect(given(contract()).when(row({ ...details, annualValue: 125000 }))()).toEqual([
        { type: 'RegisterItemAmended', data: { programmeId: 'p-1', itemId, kind: 'contract', changes: { annualValue: 125000 }, on: '2026-11-22' } },
      ]);
    });

    it('leaves a recorded detail alone when the row leaves it blank', () => {
      expect(given(contract('novate')).when(row({ ...details, mechanism: undefined }))()).toEqual([]);
    });

    it('is imported after go-live, and refused once the programme is closed, like any other change to the registers', () => {
      expect(given().when(row(details, { ...programme, status: 'live' } as ProgrammeFacts))()).toHaveLength(1);
      expect(given().when(row(details, { ...programme, status: 'closed' } as ProgrammeFacts))).toThrow(IllegalStateError);
    });
  });

  describe('recording progress', () => {
    it('records the day a step happened, from when it became true', () => {
      const events = given(contract('novate')).when(progress({ kind: 'contract', step: 'consent-requested', fields: {} }, '2026-03-01T09:30:00.000Z'))();
      expect(events).toEqual([
        { type: 'ContractConsentRequested', data: { programmeId: 'p-1', itemId, kind: 'contract', step: 'consent-requested', on: '2026-03-01' } },
      ]);
    });

    it('refuses a time in the future or before the programme was registered', () => {
      const later = given(contract('novate')).when(progress({ kind: 'contract', step: 'consent-requested', fields: {} }, '2026-12-01T00:00:00.000Z'));
      expect(later).toThrow(new InvalidCommandError([{ field: 'effectiveAt', problem: 'must not be in the future' }]));
      const before = given(contract('novate')).when(progress({ kind: 'contract', step: 'consent-requested', fields: {} }, '2025-12-01T00:00:00.000Z'));
      expect(before).toThrow(InvalidCommandError);
    });

    it('refuses a step already recorded, unless it is a new choice', () => {
      const history = given(contract('novate'), step({ kind: 'contract', step: 'consent-received', fields: {} }));
      refusal(history.when(step({ kind: 'contract', step: 'consent-received', fields: {} })), 'already recorded for C-0012 on 22 November 2026');
      expect(history.when(step({ kind: 'contract', step: 'mechanism-chosen', fields: { mechanism: 'assign' } }))()).toHaveLength(1);
    });

    describe('contracts (rule 6)', () => {
      it('asks for consent and a deed only to novate or assign', () => {
        refusal(given(contract('new-contract')).when(step({ kind: 'contract', step: 'consent-requested', fields: {} })), /only to novate or assign/);
        refusal(given(contract()).when(step({ kind: 'contract', step: 'deed-executed', fields: {} })), /now: none chosen/);
      });

      it('executes the deed only after consent is received, and fixes the route after it', () => {
        // An assignment of a contract that may restrict it (a novation's deed is signed party by party: contract.spec.ts).
        refusal(given(contract('assign')).when(step({ kind: 'contract', step: 'deed-executed', fields: {} })), 'consent must be received before the deed');
        const executed = given(
          contract('assign'),
          step({ kind: 'contract', step: 'consent-received', fields: {} }),
          step({ kind: 'contract', step: 'deed-executed', fields: {} }),
        );
        refusal(executed.when(step({ kind: 'contract', step: 'mechanism-chosen', fields: { mechanism: 'terminate' } })), 'can no longer change');
      });

      it('replaces the route when a new mechanism is chosen', () => {
        const { history } = given(contract('novate'), step({ kind: 'contract', step: 'mechanism-chosen', fields: { mechanism: 'council-retains' } }));
        const state = fold(registerItemDecider, history);
        expect(state.status === 'registered' && state.details.mechanism).toBe('council-retains');
      });

      it('refuses an interim arrangement that ends before it is agreed', () => {
        const when = given(contract()).when(step({ kind: 'contract', step: 'interim-arrangement-agreed', fields: { endDate: '2026-11-22' } }));
        expect(when).toThrow(new InvalidCommandError([{ field: 'endDate', problem: 'must be after the day it was agreed (22 November 2026)' }]));
      });
    });

    describe('systems', () => {
      const system = (migrationNeeded: boolean) =>
        register({ kind: 'system', details: { name: 'Mosaic', category: 'case-management', supplier: 'Servelec', migrationNeeded } });

      it('needs a data-sharing agreement only where the council hosts or shares the system', () => {
        refusal(given(system(false)).when(step({ kind: 'system', step: 'data-sharing-agreement-signed', fields: {} })), /council hosts or shares/);
        const hosted = given(system(false), step({ kind: 'system', step: 'sourcing-option-chosen', fields: { option: 'council-hosted-sla' } }));
        expect(hosted.when(step({ kind: 'system', step: 'data-sharing-agreement-signed', fields: {} }))()[0].type).toBe(
          'SystemDataSharingAgreementSigned',
        );
      });

      it('tests migration only for a system whose data moves', () => {
        refusal(given(system(false)).when(step({ kind: 'system', step: 'migration-tested', fields: {} })), /needing no migration/);
        expect(given(system(true)).when(step({ kind: 'system', step: 'migration-tested', fields: {} }))()).toHaveLength(1);
      });
    });

    it('walks a process through only once its owner is named', () => {
      const process = register({ kind: 'process', details: { name: 'Payments to foster carers' } });
      refusal(given(process).when(step({ kind: 'process', step: 'walked-through', fields: {} })), /Name the process owner/);
      const owned = given(process, step({ kind: 'process', step: 'owner-named', fields: { owner: 'Head of Finance' } }));
      expect(owned.when(step({ kind: 'process', step: 'walked-through', fields: {} }))()[0].type).toBe('ProcessWalkedThrough');
    });

    it('completes an asset’s instrument only once the mechanism is chosen', () => {
      const asset = register({ kind: 'asset', details: { name: 'Lodge House', assetType: 'building', location: 'Northtown', value: 1200000 } });
      refusal(given(asset).when(step({ kind: 'asset', step: 'instrument-completed', fields: {} })), /Choose the transfer mechanism/);
    });

    describe('SLAs', () => {
      const recommend = (suitable = true) => step({ kind: 'sla', step: 'recommendation-made', fields: { suitable, reasons: 'KPIs meet need' } });
      const decide = (accepted: boolean) =>
        step({ kind: 'sla', step: accepted ? 'recommendation-accepted' : 'recommendation-rejected', fields: { decisionId: 'd-1', reasons: 'Board minute 12' } });
      const sign = step({ kind: 'sla', step: 'signed', fields: {} });

      it('goes drafted → recommended → accepted by the board → signed', () => {
        expect(given(sla, recommend(), decide(true)).when(sign)()[0].type).toBe('SlaSigned');
      });

      it('refuses a board decision before a recommendation, and signing before acceptance', () => {
        refusal(given(sla).when(decide(true)), 'no recommendation on this SLA yet');
        refusal(given(sla, recommend()).when(sign), 'must accept the advisers’ recommendation');
        refusal(given(sla, recommend(false), decide(false)).when(sign), 'found this SLA not suitable');
      });

      it('lets the advisers recommend again after a rejection, and the board decide again', () => {
        const history = given(sla, recommend(false), decide(false), recommend(true));
        expect(history.when(decide(true))()[0].type).toBe('SlaRecommendationAccepted');
        refusal(given(sla, recommend(false), decide(false)).when(decide(true)), 'already rejected the latest recommendation');
      });

      it('needs no interim arrangement once signed', () => {
        const signed = given(sla, recommend(), decide(true), sign);
        refusal(signed.when(step({ kind: 'sla', step: 'interim-arrangement-agreed', fields: { endDate: '2027-09-30' } })), /no longer needed/);
      });
    });

    it('completes staff consultation only after it started', () => {
      const staff = register({ kind: 'staff-group', details: { team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps' } });
      refusal(given(staff).when(step({ kind: 'staff-group', step: 'consultation-completed', fields: {} })), /started before it is completed/);
    });

    it('signs a governance item off once', () => {
      const item = register({ kind: 'governance-item', details: { governanceKind: 'incorporation', title: 'Trust incorporated' } });
      const signed = given(item, step({ kind: 'governance-item', step: 'signed-off', fields: { by: 'Trust Board' } }));
      refusal(signed.when(step({ kind: 'governance-item', step: 'signed-off', fields: { by: 'Trust Board' } })), /already recorded/);
    });
  });
});
