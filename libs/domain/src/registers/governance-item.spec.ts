import { SANDWELL_LIKE } from '../programmes/programme-facts.fixture';
import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { AmendItem, ItemProgress, RegisterItem, RegisterItemCommand, RegisterItemEvent, RegisteredItem, registerItemDecider } from './register-item';
import { GOVERNANCE_KINDS, GOVERNANCE_STEPS, GovernanceItemDetails, GovernanceKind, STEP_EVENT_TYPES, stepsOf } from './register-kinds';
import { givenItem as given } from '../testing/registers';

/* A Sandwell-like timetable: the programme set up in October 2016, go-live on 1 April 2018. */
const programme: ProgrammeFacts = SANDWELL_LIKE;
const now = '2018-03-28T10:00:00.000Z';
const itemId = 'gov-1';

const registration = (details: GovernanceItemDetails): RegisterItem => ({
  type: 'RegisterItem',
  data: { itemId, reference: 'GOV-7', kind: 'governance-item', details },
  programme,
  effectiveAt: '2016-11-01T00:00:00.000Z',
  metadata: { now },
});
const of = (governanceKind: GovernanceKind, more: Partial<GovernanceItemDetails> = {}) => registration({ governanceKind, title: `The ${governanceKind}`, ...more });
type GovernanceProgress = Extract<ItemProgress, { kind: 'governance-item' }>;
const step = (p: Omit<GovernanceProgress, 'kind'>, effectiveAt?: string): RegisterItemCommand => ({
  type: 'RecordItemProgress',
  data: { itemId, kind: 'governance-item', ...p } as RegisterItemCommand['data'] & GovernanceProgress,
  programme,
  effectiveAt,
  metadata: { now },
});
const amend = (changes: Partial<GovernanceItemDetails>): AmendItem => ({ type: 'AmendItem', data: { itemId, kind: 'governance-item', changes }, programme, metadata: { now } });

const refused = (when: () => unknown, message: string | RegExp) => {
  expect(when).toThrow(IllegalStateError);
  expect(when).toThrow(message);
};
const invalid = (when: () => unknown, field: string) => {
  expect(when).toThrow(InvalidCommandError);
  try {
    when();
  } catch (error) {
    expect((error as InvalidCommandError).problems.map((p) => p.field)).toEqual([field]);
  }
};
const teckalYear = (financialYear: string, activitySharePercent: number) => ({ financialYear, activitySharePercent, councilControl: true, privateCapital: false });

describe('governance items: each kind its own steps', () => {
  it('gives every governance kind a list of steps, each a step of governance items with a stable event type', () => {
    expect(Object.keys(GOVERNANCE_STEPS).sort()).toEqual([...GOVERNANCE_KINDS].sort());
    const all = new Set(Object.values(GOVERNANCE_STEPS).flat());
    expect([...all].sort()).toEqual([...stepsOf('governance-item')].sort());
    expect(STEP_EVENT_TYPES['governance-item']).toEqual({
      'signed-off': 'GovernanceItemSignedOff',
      'teckal-conditions-recorded': 'TeckalConditionsRecorded',
      'service-delivery-contract-signed': 'StatutoryDirectionContractSigned',
      'governance-agreement-signed': 'StatutoryDirectionGovernanceAgreementSigned',
      'registration-applied': 'OfstedRegistrationApplied',
      'registered-manager-appointed': 'OfstedRegisteredManagerAppointed',
      registered: 'OfstedRegistrationGranted',
      'pension-protection-confirmed': 'ServicesContractPensionProtectionConfirmed',
      'kpis-agreed': 'ServicesContractKpisAgreed',
      'change-control-agreed': 'ServicesContractChangeControlAgreed',
      'annual-review-agreed': 'ServicesContractAnnualReviewAgreed',
      signed: 'ServicesContractSigned',
      'working-capital-recorded': 'WorkingCapitalRecorded',
    });
  });

  describe('Teckal (PCR 2015 reg. 12(1); Procurement Act 2023 Sch. 2 para. 2)', () => {
    const teckal = of('teckal', { procurementBegunOn: '2017-09-01' });

    it('records the conditions for a financial year, with the procurement date kept as a detail', () => {
      const events = given(teckal).when(step({ step: 'teckal-conditions-recorded', fields: teckalYear('2018-19', 81) }, '2018-01-10'))();
      expect(events).toEqual([
        {
          type: 'TeckalConditionsRecorded',
          data: { programmeId: 'p-1', itemId, kind: 'governance-item', step: 'teckal-conditions-recorded', on: '2018-01-10', ...teckalYear('2018-19', 81) },
        },
      ]);
      expect(given(teckal).state().details.procurementBegunOn).toBe('2017-09-01');
    });

    it('keeps every year’s record, oldest first, so that each year is judged', () => {
      const item = given(
        teckal,
        step({ step: 'teckal-conditions-recorded', fields: teckalYear('2018-19', 85) }, '2018-01-10'),
        step({ step: 'teckal-conditions-recorded', fields: teckalYear('2019-20', 79) }, '2018-01-12'),
      ).state();
      expect(item.stepHistory['teckal-conditions-recorded']!.map((r) => [r.financialYear, r.activitySharePercent, r.on])).toEqual([
        ['2018-19', 85, '2018-01-10'],
        ['2019-20', 79, '2018-01-12'],
      ]);
      expect(item.steps['teckal-conditions-recorded']!.financialYear).toBe('2019-20');
    });

    it('accepts 79% (the readiness rule refuses it, not the register), and refuses 180% or a year not written like 2018-19, naming the field', () => {
      expect(given(teckal).when(step({ step: 'teckal-conditions-recorded', fields: teckalYear('2018-19', 79) }))()).toHaveLength(1);
      invalid(given(teckal).when(step({ step: 'teckal-conditions-recorded', fields: teckalYear('2018-19', 180) })), 'activitySharePercent');
      invalid(given(teckal).when(step({ step: 'teckal-conditions-recorded', fields: teckalYear('2018-2019', 81) })), 'financialYear');
    });
  });

  describe('statutory direction (Education Act 1996 s.497A, as applied by Children Act 2004 s.50)', () => {
    it('records the service delivery contract and the governance agreement as two documents, each once', () => {
      const direction = given(of('statutory-direction'), step({ step: 'service-delivery-contract-signed', fields: {} }, '2018-03-20'));
      expect(direction.history.map((e) => e.type)).toEqual(['GovernanceItemRegistered', 'StatutoryDirectionContractSigned']);
      expect(direction.when(step({ step: 'governance-agreement-signed', fields: {} }))()[0].type).toBe('StatutoryDirectionGovernanceAgreementSigned');
      refused(direction.when(step({ step: 'service-delivery-contract-signed', fields: {} })), 'This was already recorded for GOV-7 on 20 March 2018');
    });
  });

  describe('Ofsted (Care Standards Act 2000 s.11)', () => {
    const home = of('ofsted-registration', { registrationType: 'childrens-home', establishmentName: 'Lodge House' });

    it('records the application, the registered manager and the registration, in that order for the registration', () => {
      const applied = given(home, step({ step: 'registration-applied', fields: {} }, '2017-07-03'), step({ step: 'registered-manager-appointed', fields: {} }, '2017-09-04'));
      expect(applied.when(step({ step: 'registered', fields: {} }, '2018-01-08'))()[0]).toMatchObject({ type: 'OfstedRegistrationGranted', data: { on: '2018-01-08' } });
      expect(applied.state().details).toMatchObject({ registrationType: 'childrens-home', establishmentName: 'Lodge House' });
    });

    it('refuses a registration before any application, or dated before the application', () => {
      refused(given(home).when(step({ step: 'registered', fields: {} })), 'Record the application to Ofsted before the registration it led to');
      refused(
        given(home, step({ step: 'registration-applied', fields: {} }, '2017-07-03')).when(step({ step: 'registered', fields: {} }, '2017-06-01')),
        'Ofsted cannot have registered it on 1 June 2017, before the application on 3 July 2017',
      );
    });
  });

  describe('services contract (Best Value Authorities Staff Transfers (Pensions) Direction 2007)', () => {
    it('records a signature before pension protection is confirmed, as it happened (readiness does not count it until then)', () => {
      const signed = given(of('services-contract'), step({ step: 'kpis-agreed', fields: {} }), step({ step: 'signed', fields: {} }));
      expect(signed.when(step({ step: 'pension-protection-confirmed', fields: {} }))()[0].type).toBe('ServicesContractPensionProtectionConfirmed');
      expect(signed.history.map((e) => e.type)).toEqual(['GovernanceItemRegistered', 'ServicesContractKpisAgreed', 'ServicesContractSigned']);
    });
  });

  describe('cash (DOMAIN rule 10)', () => {
    it('records the working-capital facility, and renegotiated terms after it', () => {
      const facility = { facilityAmount: 2_000_000, lender: 'Sandwell Metropolitan Borough Council', repaymentTerms: 'Repaid over five years from 2019-20' };
      const cash = given(of('cash-flow-treasury'), step({ step: 'working-capital-recorded', fields: facility }, '2017-12-01'));
      const again = cash.when(step({ step: 'working-capital-recorded', fields: { ...facility, facilityAmount: 2_500_000 } }))();
      expect(again).toEqual([{ type: 'WorkingCapitalRecorded', data: expect.objectContaining({ on: '2018-03-28', facilityAmount: 2_500_000, lender: facility.lender }) }]);
    });
  });

  describe('a step on a kind it does not belong to is refused in words', () => {
    it.each([
      ['incorporation', 'teckal-conditions-recorded', { fields: teckalYear('2018-19', 90) }],
      ['teckal', 'registered', { fields: {} }],
      ['ofsted-registration', 'signed', { fields: {} }],
      ['services-contract', 'governance-agreement-signed', { fields: {} }],
    ] as const)('refuses on a %s item the step %s', (kind, name, { fields }) => {
      refused(given(of(kind)).when(step({ step: name, fields } as Omit<GovernanceProgress, 'kind'>)), /is not one of its steps/);
    });

    it.each(['teckal', 'statutory-direction', 'ofsted-registration', 'services-contract', 'cash-flow-treasury'] as const)('refuses a sign-off on a %s item, which has steps of its own', (kind) => {
      refused(given(of(kind)).when(step({ step: 'signed-off', fields: { by: 'Trust Board' } })), /“signed off” is not one of its steps/);
    });

    it('names the kind and the steps it does have', () => {
      refused(
        given(of('teckal')).when(step({ step: 'signed-off', fields: { by: 'Trust Board' } })),
        'GOV-7 is a teckal item: “signed off” is not one of its steps (they are: teckal conditions recorded)',
      );
    });

    it.each(['incorporation', 'board-appointed', 'exit-strategy', 'hq-function', 'other'] as const)('still signs off a %s item', (kind) => {
      expect(given(of(kind)).when(step({ step: 'signed-off', fields: { by: 'Trust Board' } }))()[0].type).toBe('GovernanceItemSignedOff');
    });
  });

  it('reads a sign-off stored on a Teckal item before it had steps of its own: it stays in the item’s history', () => {
    const [registered] = given(of('teckal')).history;
    const legacy = { type: 'GovernanceItemSignedOff', data: { programmeId: 'p-1', itemId, kind: 'governance-item', step: 'signed-off', on: '2017-11-01', by: 'Trust Board' } } as RegisterItemEvent;
    const item = fold(registerItemDecider, [registered, legacy]) as RegisteredItem;
    expect(item.steps['signed-off']).toEqual({ on: '2017-11-01', by: 'Trust Board' });
    expect(item.stepOrder).toEqual(['signed-off']);
  });

  it('refuses to change the kind of an item whose recorded steps the new kind does not have, and allows it otherwise', () => {
    const recorded = given(of('teckal'), step({ step: 'teckal-conditions-recorded', fields: teckalYear('2018-19', 90) }));
    refused(recorded.when(amend({ governanceKind: 'other' })), 'GOV-7 has recorded teckal conditions recorded, which an other item does not have; it cannot change kind');
    expect(given(of('other')).when(amend({ governanceKind: 'teckal' }))()).toHaveLength(1);
  });
});
