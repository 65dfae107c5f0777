import { SANDWELL_LIKE } from '../programmes/programme-facts.fixture';
import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { ContractDetails, ContractMechanism, STEP_EVENT_TYPES } from './register-kinds';
import { ItemProgress, RegisterItem, RegisterItemCommand, RegisterItemEvent, RegisteredItem, registerItemDecider } from './register-item';
import { givenItem as given } from '../testing/registers';

/* Contracts (DOMAIN rule 6) on a Sandwell-like timeline: registered in 2016, go-live on 1 April 2018. */
const programme: ProgrammeFacts = SANDWELL_LIKE;
const now = '2018-01-15T10:00:00.000Z';
const itemId = 'item-1';

const contract = (mechanism?: ContractMechanism, details: Partial<ContractDetails> = {}): RegisterItem => ({
  type: 'RegisterItem',
  data: {
    itemId,
    reference: 'SMBC-C-104',
    kind: 'contract',
    details: { supplier: 'Liquidlogic Ltd', title: 'Case management system', annualValue: 180000, expiryDate: '2020-03-31', mechanism, ...details },
  },
  programme,
  effectiveAt: '2016-11-07T00:00:00.000Z',
  metadata: { now },
});
type ContractProgress = Extract<ItemProgress, { kind: 'contract' }>;
const step = (step: ContractProgress['step'], fields: object = {}, effectiveAt?: string): RegisterItemCommand => ({
  type: 'RecordItemProgress',
  data: { itemId, kind: 'contract', step, fields } as RegisterItemCommand['data'] & ContractProgress,
  programme,
  effectiveAt,
  metadata: { now },
});

const refused = (when: () => unknown, message: string | RegExp) => {
  expect(when).toThrow(IllegalStateError);
  expect(when).toThrow(message);
};
const invalid = (when: () => unknown, field: string, problem: string | RegExp) => {
  expect(when).toThrow(InvalidCommandError);
  try {
    when();
  } catch (error) {
    expect((error as InvalidCommandError).problems).toEqual([{ field, problem: typeof problem === 'string' ? problem : expect.stringMatching(problem) }]);
  }
};

describe('contract routes — DOMAIN rule 6', () => {
  it('records a route given at registration as chosen on the registration’s effective day', () => {
    expect(given(contract('novate')).state().steps['mechanism-chosen']).toEqual({ on: '2016-11-07', mechanism: 'novate' });
  });

  it('names every new step with a stable event type', () => {
    expect(STEP_EVENT_TYPES.contract).toMatchObject({
      'deed-signed-by-council': 'ContractDeedSignedByCouncil',
      'deed-signed-by-trust': 'ContractDeedSignedByTrust',
      'deed-signed-by-supplier': 'ContractDeedSignedBySupplier',
      'indemnity-given': 'ContractIndemnityGiven',
      'replacement-contract-signed': 'ContractReplacementContractSigned',
      'notice-served': 'ContractNoticeServed',
      'service-cover-confirmed': 'ContractServiceCoverConfirmed',
      'recharge-agreement-signed': 'ContractRechargeAgreementSigned',
      'expiry-decided': 'ContractExpiryDecided',
    });
  });

  describe('novation: the deed signed by council, trust and supplier', () => {
    const consented = [contract('novate'), step('consent-received', {}, '2017-11-20T00:00:00.000Z')];
    it('records each party’s signature with its own day, once the supplier has consented', () => {
      const { history } = given(...consented, step('deed-signed-by-council', {}, '2018-01-08T00:00:00.000Z'), step('deed-signed-by-supplier', {}, '2018-01-12T00:00:00.000Z'));
      expect(history.slice(-2).map((e) => [e.type, (e.data as { on: string }).on])).toEqual([
        ['ContractDeedSignedByCouncil', '2018-01-08'],
        ['ContractDeedSignedBySupplier', '2018-01-12'],
      ]);
    });
    it('refuses any signature before the supplier’s consent', () => {
      for (const party of ['deed-signed-by-council', 'deed-signed-by-trust', 'deed-signed-by-supplier'] as const) {
        refused(given(contract('novate')).when(step(party)), 'consent to the novation must be received before anyone signs the deed');
      }
    });
    it('refuses a signature on any other route', () => {
      refused(given(contract('assign')).when(step('deed-signed-by-trust')), 'A deed of novation is signed only for a contract to novate; choose that route first (now: assign)');
    });
    it('refuses the deed as executed on a novation: each party’s signature is recorded', () => {
      refused(given(...consented).when(step('deed-executed')), /record each signature/);
    });
    it('reads a stored ContractDeedExecuted on a novation as it was, and takes no signatures after it', () => {
      const legacy = given(contract('novate')).history.concat([
        { type: 'ContractConsentReceived', data: { programmeId: 'p-1', itemId, kind: 'contract', step: 'consent-received', on: '2017-06-01' } },
        { type: 'ContractDeedExecuted', data: { programmeId: 'p-1', itemId, kind: 'contract', step: 'deed-executed', on: '2017-07-01' } },
      ] as RegisterItemEvent[]);
      const state = fold(registerItemDecider, legacy) as RegisteredItem;
      expect(state.steps['deed-executed']).toEqual({ on: '2017-07-01' });
      expect(() => registerItemDecider.decide(step('deed-signed-by-council') as never, state)).toThrow('recorded as executed by all three parties on 1 July 2017');
    });
    it('fixes the route once anyone has signed, by a step, an amendment or an import', () => {
      const signed = given(...consented, step('deed-signed-by-council', {}, '2018-01-08T00:00:00.000Z'));
      refused(signed.when(step('mechanism-chosen', { mechanism: 'terminate' })), 'can no longer change');
      const amend = { type: 'AmendItem', data: { itemId, kind: 'contract', changes: { mechanism: 'assign' } }, programme, metadata: { now } } as RegisterItemCommand;
      refused(signed.when(amend), 'The deed for SMBC-C-104 was signed on 8 January 2018; its route can no longer change');
      const row = { ...contract('assign'), type: 'ImportItem' } as RegisterItemCommand;
      refused(signed.when(row), 'its route can no longer change');
      // Other details still change.
      expect(signed.when({ ...amend, data: { itemId, kind: 'contract', changes: { annualValue: 190000 } } } as RegisterItemCommand)()).toHaveLength(1);
    });
  });

  describe('assignment: the benefit passes, the council keeps the burden', () => {
    it('executes the deed without consent where the contract does not restrict assignment', () => {
      expect(given(contract('assign', { restrictsAssignment: false })).when(step('deed-executed'))()).toHaveLength(1);
    });
    it('refuses the deed before consent where it restricts assignment, or does not say', () => {
      refused(given(contract('assign', { restrictsAssignment: true })).when(step('deed-executed')), 'restricts assignment');
      refused(given(contract('assign')).when(step('deed-executed')), 'consent must be received before the deed of assignment');
    });
    it('allows consent to be recorded even where it is not required', () => {
      expect(given(contract('assign', { restrictsAssignment: false })).when(step('consent-received'))()).toHaveLength(1);
    });
    it('records the trust’s indemnity only on an assignment', () => {
      expect(given(contract('assign')).when(step('indemnity-given'))()[0].type).toBe('ContractIndemnityGiven');
      refused(given(contract('novate')).when(step('indemnity-given')), 'only for a contract to assign');
    });
  });

  describe('the other routes have substance', () => {
    it('signs a replacement only for a contract to re-procure, with its start date', () => {
      const [event] = given(contract('new-contract')).when(step('replacement-contract-signed', { startDate: '2018-04-01' }))();
      expect(event).toMatchObject({ type: 'ContractReplacementContractSigned', data: { startDate: '2018-04-01', on: '2018-01-15' } });
      refused(given(contract('terminate')).when(step('replacement-contract-signed', { startDate: '2018-04-01' })), 'only for a contract to re-procure');
    });
    it('serves notice and confirms the service only for a contract to terminate', () => {
      expect(given(contract('terminate')).when(step('notice-served', { endDate: '2018-03-31' }))()[0]).toMatchObject({ type: 'ContractNoticeServed', data: { endDate: '2018-03-31' } });
      refused(given(contract('novate')).when(step('notice-served', { endDate: '2018-03-31' })), 'only for a contract to terminate');
      refused(given(contract('novate')).when(step('service-cover-confirmed', { cover: 'not-needed-from-day-one' })), 'only for a contract to terminate or let lapse');
    });
    it('refuses a notice whose end date is not after the day it was served', () => {
      invalid(given(contract('terminate')).when(step('notice-served', { endDate: '2018-01-15' })), 'endDate', 'must be after the day notice was served (15 January 2018)');
    });
    it('wants a note when the service is covered another way', () => {
      invalid(given(contract('terminate')).when(step('service-cover-confirmed', { cover: 'covered-another-way' })), 'note', /is required when the service is covered another way/);
      expect(given(contract('terminate')).when(step('service-cover-confirmed', { cover: 'covered-another-way', note: 'Regional framework' }))()).toHaveLength(1);
    });
    it('signs a recharge agreement only where the council keeps the contract', () => {
      expect(given(contract('council-retains')).when(step('recharge-agreement-signed', { slaReference: 'SLA-ICT' }))()[0]).toMatchObject({ data: { slaReference: 'SLA-ICT' } });
      refused(given(contract('assign')).when(step('recharge-agreement-signed')), 'only for a contract to keep and recharge');
    });
  });

  describe('expiry: a contract expiring before go-live needs a decision', () => {
    const expiring = contract('novate', { expiryDate: '2018-01-31' });
    it('records extend with a new expiry after go-live', () => {
      expect(given(expiring).when(step('expiry-decided', { decision: 'extend', newExpiryDate: '2019-03-31' }))()[0]).toMatchObject({ type: 'ContractExpiryDecided' });
    });
    it('refuses an extension without a new expiry, one ending by go-live, or a new expiry with any other decision', () => {
      invalid(given(expiring).when(step('expiry-decided', { decision: 'extend' })), 'newExpiryDate', 'is required when the contract is extended');
      invalid(given(expiring).when(step('expiry-decided', { decision: 'extend', newExpiryDate: '2018-04-01' })), 'newExpiryDate', /must be after go-live \(1 April 2018\)/);
      invalid(given(expiring).when(step('expiry-decided', { decision: 'let-lapse', newExpiryDate: '2019-03-31' })), 'newExpiryDate', /only when the contract is extended/);
    });
    it('lets a decision to re-procure or let lapse take the steps that decision needs, whatever the route', () => {
      const reprocure = given(expiring, step('expiry-decided', { decision: 're-procure' }));
      expect(reprocure.when(step('replacement-contract-signed', { startDate: '2018-02-01' }))()).toHaveLength(1);
      const lapse = given(expiring, step('expiry-decided', { decision: 'let-lapse' }));
      expect(lapse.when(step('service-cover-confirmed', { cover: 'not-needed-from-day-one' }))()).toHaveLength(1);
    });
    it('may be decided again: the latest decision counts', () => {
      const again = given(expiring, step('expiry-decided', { decision: 'extend', newExpiryDate: '2018-06-30' }), step('expiry-decided', { decision: 're-procure' }));
      expect(again.state().steps['expiry-decided']).toMatchObject({ decision: 're-procure' });
    });
  });
});
