import { SANDWELL_LIKE } from '../programmes/programme-facts.fixture';
import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { CorrectItemStep, ItemProgress, RegisterItem, RegisterItemCommand, RegisteredItem, StepEvidence, WithdrawItemStep, registerItemDecider } from './register-item';
import { givenItem as given } from '../testing/registers';

/* Evidence behind a step, and a mistaken step withdrawn or corrected: new events, never a deletion. */
const programme: ProgrammeFacts = SANDWELL_LIKE;
const now = '2018-01-15T10:00:00.000Z';
const itemId = 'item-1';

const contract = (mechanism?: 'novate' | 'assign' | 'terminate'): RegisterItem => ({
  type: 'RegisterItem',
  data: { itemId, reference: 'SMBC-C-104', kind: 'contract', details: { supplier: 'Liquidlogic Ltd', title: 'Case management', annualValue: 180000, expiryDate: '2020-03-31', mechanism } },
  programme,
  effectiveAt: '2016-11-07T00:00:00.000Z',
  metadata: { now },
});
type ContractProgress = Extract<ItemProgress, { kind: 'contract' }>;
const step = (s: ContractProgress['step'], fields: object = {}, options: { effectiveAt?: string; evidence?: StepEvidence[]; facts?: ProgrammeFacts } = {}): RegisterItemCommand => ({
  type: 'RecordItemProgress',
  data: { itemId, kind: 'contract', step: s, fields, ...(options.evidence ? { evidence: options.evidence } : {}) } as RegisterItemCommand['data'] & ContractProgress,
  programme: options.facts ?? programme,
  effectiveAt: options.effectiveAt,
  metadata: { now },
});
const withdraw = (n: number, reason = 'Recorded against the wrong contract', facts = programme): WithdrawItemStep => ({
  type: 'WithdrawItemStep',
  data: { itemId, kind: 'contract', n, reason },
  programme: facts,
  metadata: { now },
});
const correct = (n: number, s: ContractProgress['step'], fields: object, effectiveAt?: string, reason = 'Wrong day entered'): CorrectItemStep => ({
  type: 'CorrectItemStep',
  data: { itemId, kind: 'contract', n, reason, step: s, fields } as CorrectItemStep['data'],
  programme,
  effectiveAt,
  metadata: { now },
});


const novated = [
  contract('novate'),
  step('consent-requested', {}, { effectiveAt: '2017-09-01T09:00:00.000Z' }),
  step('consent-received', {}, { effectiveAt: '2017-10-02T09:00:00.000Z' }),
  step('deed-signed-by-council', {}, { effectiveAt: '2017-12-01T09:00:00.000Z' }),
];

describe('evidence behind a step', () => {
  const deed = { title: 'Deed of novation, council signature page', link: 'https://northshire.sharepoint.com/deed.pdf', sha256: 'a'.repeat(64) };

  it('is recorded on the step event and kept with the step in the log', () => {
    const g = given(contract('novate'));
    const [event] = g.when(step('consent-requested', {}, { evidence: [deed] }))();
    expect(event.data).toMatchObject({ step: 'consent-requested', evidence: [deed] });
    const after = g.then(step('consent-requested', {}, { evidence: [deed] }));
    expect(after.log).toEqual([{ n: 1, step: 'consent-requested', record: { on: '2018-01-15' }, evidence: [deed] }]);
    // What readiness reads is the step as recorded, without the evidence mixed into its fields.
    expect(after.steps['consent-requested']).toEqual({ on: '2018-01-15' });
  });

  it('is not written at all when none is given (older events read the same)', () => {
    const [event] = given(contract('novate')).when(step('consent-requested'))();
    expect(event.data).not.toHaveProperty('evidence');
  });

  it('is refused without a title, or with neither link nor hash, or with a hash that is not SHA-256', () => {
    const g = given(contract('novate'));
    const refused = (evidence: StepEvidence[]) => g.when(step('consent-requested', {}, { evidence }));
    expect(refused([{ title: ' ', link: 'https://x.example/a.pdf' }])).toThrow(InvalidCommandError);
    expect(refused([{ title: ' ', link: 'https://x.example/a.pdf' }])).toThrow('evidence[0].title is required');
    expect(refused([{ title: 'Deed' }])).toThrow('evidence[0].link or the document’s SHA-256 is required');
    expect(refused([{ title: 'Deed', sha256: 'abc' }])).toThrow('evidence[0].sha256 must be a SHA-256 hash');
    expect(g.when(step('consent-requested', {}, { evidence: [{ title: 'Deed', sha256: 'b'.repeat(64) }] }))).not.toThrow();
  });
});

describe('withdrawing a mistaken step', () => {
  it('records ItemStepWithdrawn naming the step by number, with the reason and the day', () => {
    expect(given(...novated).when(withdraw(3, '  Signed page was for another deed  '))()).toEqual([
      {
        type: 'ItemStepWithdrawn',
        data: { programmeId: 'p-1', itemId, kind: 'contract', n: 3, step: 'deed-signed-by-council', stepOn: '2017-12-01', reason: 'Signed page was for another deed', on: '2018-01-15' },
      },
    ]);
  });

  it('keeps the step in the log, marked withdrawn, and takes it out of what counts', () => {
    const after = given(...novated).then(withdraw(3));
    expect(after.log.map((e) => [e.n, e.step, e.withdrawn?.reason])).toEqual([
      [1, 'consent-requested', undefined],
      [2, 'consent-received', undefined],
      [3, 'deed-signed-by-council', 'Recorded against the wrong contract'],
    ]);
    expect(after.steps['deed-signed-by-council']).toBeUndefined();
    expect(after.stepOrder).toEqual(['consent-requested', 'consent-received']);
    // The route, given at registration, still stands.
    expect(after.steps['mechanism-chosen']).toEqual({ on: '2016-11-07', mechanism: 'novate' });
    expect(after.details.mechanism).toBe('novate');
  });

  it('lets a withdrawn signature be recorded again, as the domain refuses a second signature that still counts', () => {
    const g = given(...novated);
    expect(g.when(step('deed-signed-by-council'))).toThrow('This was already recorded');
    const again = given(...novated, withdraw(3));
    expect(again.when(step('deed-signed-by-council'))).not.toThrow();
  });

  it('frees the route once the only signature is withdrawn: a route change refused before is allowed after', () => {
    expect(given(...novated).when(step('mechanism-chosen', { mechanism: 'terminate' }))).toThrow('the route can no longer change');
    expect(given(...novated, withdraw(3)).when(step('mechanism-chosen', { mechanism: 'terminate' }))).not.toThrow();
  });

  it('puts back the route the details gave when a route chosen as a step is withdrawn', () => {
    const after = given(contract('novate'), step('mechanism-chosen', { mechanism: 'terminate' }, { effectiveAt: '2017-03-01T09:00:00.000Z' })).then(withdraw(1));
    expect(after.details.mechanism).toBe('novate');
    expect(after.steps['mechanism-chosen']).toEqual({ on: '2016-11-07', mechanism: 'novate' });
    const none = given(contract(undefined), step('mechanism-chosen', { mechanism: 'terminate' })).then(withdraw(1));
    expect(none.details).not.toHaveProperty('mechanism');
    expect(none.steps['mechanism-chosen']).toBeUndefined();
  });

  it('refuses a step withdrawn already, saying when and why', () => {
    const g = given(...novated, withdraw(3, 'Wrong deed'));
    expect(g.when(withdraw(3))).toThrow(IllegalStateError);
    expect(g.when(withdraw(3))).toThrow('Step 3 (deed signed by council) of SMBC-C-104 was withdrawn on 15 January 2018: “Wrong deed”');
  });

  it('refuses an unknown step number, saying how many there are', () => {
    const g = given(...novated);
    for (const n of [0, 4, 1.5, -1]) expect(g.when(withdraw(n))).toThrow(NotFoundError);
    expect(g.when(withdraw(4))).toThrow('No step 4 of SMBC-C-104 (it has 3 steps recorded)');
  });

  it('refuses an empty reason', () => {
    expect(given(...novated).when(withdraw(3, '   '))).toThrow(InvalidCommandError);
    expect(given(...novated).when(withdraw(3, '   '))).toThrow('reason is required');
  });

  it('refuses once the programme is closed, and allows it while the programme is open', () => {
    const closed = { ...programme, status: 'closed' } as ProgrammeFacts;
    expect(given(...novated).when(withdraw(3, 'Wrong deed', closed))).toThrow(IllegalStateError);
    expect(given(...novated).when(withdraw(3, 'Wrong deed', programme))).not.toThrow();
  });
});

describe('correcting a mistaken step', () => {
  it('withdraws the step and records it again, linked both ways, in one decision', () => {
    const events = given(...novated).when(correct(2, 'consent-received', {}, '2017-10-09T09:00:00.000Z'))();
    expect(events.map((e) => e.type)).toEqual(['ItemStepWithdrawn', 'ContractConsentReceived']);
    expect(events[0].data).toMatchObject({ n: 2, step: 'consent-received', reason: 'Wrong day entered', correction: true });
    expect(events[1].data).toMatchObject({ step: 'consent-received', on: '2017-10-09', corrects: 2 });
    const after = given(...novated).then(correct(2, 'consent-received', {}, '2017-10-09T09:00:00.000Z'));
    expect(after.log[1].withdrawn).toEqual({ on: '2018-01-15', reason: 'Wrong day entered', correctedBy: 4 });
    expect(after.log[3]).toMatchObject({ n: 4, corrects: 2, record: { on: '2017-10-09' } });
    expect(after.steps['consent-received']).toEqual({ on: '2017-10-09' });
    // The corrected step stands where the one it corrects stood.
    expect(after.stepOrder).toEqual(['consent-requested', 'consent-received', 'deed-signed-by-council']);
  });

  it('keeps the original day when the correction gives none, and the original evidence when it gives none', () => {
    const evidence = [{ title: 'Consent letter', link: 'https://x.example/consent.pdf' }];
    const g = given(contract('assign'), step('consent-received', {}, { effectiveAt: '2017-10-02T09:00:00.000Z', evidence }));
    const [, corrected] = g.when(correct(1, 'consent-received', {}))();
    expect(corrected.data).toMatchObject({ on: '2017-10-02', evidence, corrects: 1 });
  });

  it('corrects a field: the route chosen wrongly is replaced by the right one', () => {
    const after = given(contract(undefined), step('mechanism-chosen', { mechanism: 'assign' })).then(correct(1, 'mechanism-chosen', { mechanism: 'novate' }, undefined, 'Novation, not assignment'));
    expect(after.details.mechanism).toBe('novate');
    expect(after.steps['mechanism-chosen']).toMatchObject({ mechanism: 'novate' });
  });

  it('is checked as if the mistake had never been recorded: a correction the rules forbid is refused', () => {
    // The route cannot become "terminate" while the council's signature (step 3) stands.
    const g = given(contract(undefined), step('mechanism-chosen', { mechanism: 'novate' }), step('consent-received'), step('deed-signed-by-council'));
    expect(g.when(correct(1, 'mechanism-chosen', { mechanism: 'terminate' }))).toThrow('the route can no longer change');
    const unsigned = given(contract(undefined), step('mechanism-chosen', { mechanism: 'novate' }), step('consent-received'), step('deed-signed-by-council'), withdraw(3));
    expect(unsigned.when(correct(1, 'mechanism-chosen', { mechanism: 'terminate' }))).not.toThrow();
  });

  it('refuses a different step than the one corrected, a step withdrawn already, and an empty reason', () => {
    const g = given(...novated);
    expect(g.when(correct(2, 'consent-requested', {}))).toThrow('step must be the step being corrected (consent received)');
    expect(given(...novated, withdraw(2)).when(correct(2, 'consent-received', {}))).toThrow(IllegalStateError);
    expect(g.when(correct(2, 'consent-received', {}, undefined, ''))).toThrow('reason is required');
    expect(g.when(correct(2, 'consent-received', {}))).not.toThrow();
  });

  it('a correction of a correction follows the chain back to where the first stood', () => {
    const after = given(...novated, correct(2, 'consent-received', {}, '2017-10-05T09:00:00.000Z'), correct(4, 'consent-received', {}, '2017-10-06T09:00:00.000Z')).state();
    expect(after.log.map((e) => [e.n, e.withdrawn?.correctedBy, e.corrects])).toEqual([
      [1, undefined, undefined],
      [2, 4, undefined],
      [3, undefined, undefined],
      [4, 5, 2],
      [5, undefined, 4],
    ]);
    expect(after.stepOrder).toEqual(['consent-requested', 'consent-received', 'deed-signed-by-council']);
    expect(after.steps['consent-received']).toEqual({ on: '2017-10-06' });
  });
});

describe('a replay that leaves out steps not yet in effect (what was true at a past instant)', () => {
  it('still withdraws and corrects the step named, though the numbers there run short', () => {
    // Step 2 took effect in December; replayed as true in November it is left out, so step 3 is the second there.
    const g = given(
      contract(undefined),
      step('mechanism-chosen', { mechanism: 'assign' }, { effectiveAt: '2017-09-01T09:00:00.000Z' }),
      step('consent-requested', {}, { effectiveAt: '2017-12-01T09:00:00.000Z' }),
      step('consent-received', {}, { effectiveAt: '2017-10-01T09:00:00.000Z' }),
    );
    const withdrawal = registerItemDecider.decide(withdraw(3), g.state());
    const skipped = g.history.filter((e) => !(e.data as { step?: string }).step?.startsWith('consent-requested'));
    const replayed = fold(registerItemDecider, [...skipped, ...withdrawal]) as RegisteredItem;
    expect(replayed.steps['consent-received']).toBeUndefined();
    expect(replayed.steps['mechanism-chosen']).toMatchObject({ mechanism: 'assign' });
    const correction = registerItemDecider.decide(correct(1, 'mechanism-chosen', { mechanism: 'novate' }), g.state());
    const corrected = fold(registerItemDecider, [...skipped, ...correction]) as RegisteredItem;
    expect(corrected.details.mechanism).toBe('novate');
    expect(corrected.log.map((e) => [e.step, e.withdrawn?.correctedBy, e.corrects])).toEqual([
      ['mechanism-chosen', 3, undefined],
      ['consent-received', undefined, undefined],
      ['mechanism-chosen', undefined, 1],
    ]);
  });
});

describe('repeatable steps', () => {
  it('withdrawing one record of a repeatable step leaves the others in the step history', () => {
    const teckal = (year: string, share: number) => ({
      type: 'RecordItemProgress',
      data: { itemId, kind: 'governance-item', step: 'teckal-conditions-recorded', fields: { financialYear: year, activitySharePercent: share, councilControl: true, privateCapital: false } },
      programme,
      metadata: { now },
    }) as RegisterItemCommand;
    const g = given(
      { type: 'RegisterItem', data: { itemId, reference: 'G-1', kind: 'governance-item', details: { governanceKind: 'teckal', title: 'Teckal' } }, programme, metadata: { now } } as RegisterItemCommand,
      teckal('2017-18', 92),
      teckal('2018-19', 70),
    );
    const after = fold(registerItemDecider, [...g.history, ...registerItemDecider.decide({ ...withdraw(2), data: { ...withdraw(2).data, kind: 'governance-item' } }, g.state())]) as RegisteredItem;
    expect(after.stepHistory['teckal-conditions-recorded']!.map((r) => r.financialYear)).toEqual(['2017-18']);
    expect(after.steps['teckal-conditions-recorded']).toMatchObject({ financialYear: '2017-18' });
  });
});
