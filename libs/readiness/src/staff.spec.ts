import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';
import { POLICY, RULES } from './rules';

/*
 * Staff transfers (TUPE 2006, TULRCA 1992, LGPS Regulations 2013), on the dates of a programme that
 * went live on 1 April 2018. Each rule decides both ways; each describe names its source.
 */
const GO_LIVE = '2018-04-01';
const snapshot = (items: ItemFacts[], overrides: Partial<ProgrammeSnapshot> = {}): ProgrammeSnapshot => ({
  today: '2018-01-15',
  goLiveDate: GO_LIVE,
  items,
  findings: [],
  buyBack: new Map(),
  envelopes: new Map(),
  ...overrides,
});
const done = (on: string, fields: Record<string, unknown> = {}) => ({ on, ...fields });
const group = (details: Record<string, unknown> = {}, steps: ItemFacts['steps'] = {}, extra: Partial<ItemFacts> = {}): ItemFacts => ({
  itemId: 'g-fostering',
  kind: 'staff-group',
  reference: 'TUPE-FOST',
  details: { team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'none', ...details },
  steps,
  ...extra,
});
const judged = (s: ProgrammeSnapshot, itemId = 'g-fostering') => assessReadiness(s).items.find((i) => i.itemId === itemId)!;
const reasons = (s: ProgrammeSnapshot, ruleId: string, itemId?: string) => judged(s, itemId).reasons.filter((r) => r.ruleId === ruleId);
const statuses = (s: ProgrammeSnapshot, ruleId: string, itemId?: string) => reasons(s, ruleId, itemId).map((r) => r.status);

describe('staff.eli — TUPE 2006 reg. 11(6): ELI at least 28 days before transfer', () => {
  it('is due until 4 March 2018, overdue after, and met when received in time', () => {
    expect(statuses(snapshot([group()], { today: '2018-03-04' }), 'staff.eli')).toEqual(['due']);
    expect(statuses(snapshot([group()], { today: '2018-03-05' }), 'staff.eli')).toEqual(['overdue']);
    expect(statuses(snapshot([group({}, { 'eli-received': done('2018-02-20') })]), 'staff.eli')).toEqual(['met']);
  });
});

describe('staff.eli-update — TUPE 2006 reg. 11(5): a change after ELI was given needs an update', () => {
  const given = { 'eli-received': done('2018-01-20') };
  it('is due (at risk) when the headcount changed after ELI was given, naming the change', () => {
    const s = snapshot([group({ headcount: 44 }, given, { changedOn: { headcount: '2018-02-10' } })], { today: '2018-02-12' });
    expect(reasons(s, 'staff.eli-update')).toEqual([
      { ruleId: 'staff.eli-update', status: 'due', message: 'Updated ELI due: headcount changed on 10 February 2018, after ELI was received on 20 January 2018' },
    ]);
    expect(judged(s).status).toBe('at-risk');
  });
  it('is met by an update dated on or after the change, and not by one before it', () => {
    const changed = { changedOn: { pensionScheme: '2018-02-10', fte: '2018-02-01' } };
    expect(statuses(snapshot([group({}, { ...given, 'eli-updated': done('2018-02-10') }, changed)]), 'staff.eli-update')).toEqual(['met']);
    expect(statuses(snapshot([group({}, { ...given, 'eli-updated': done('2018-02-05') }, changed)]), 'staff.eli-update')).toEqual(['due']);
  });
  it('asks nothing for a change before ELI was given, for other details, or for a change from transfer day on', () => {
    expect(statuses(snapshot([group({}, given, { changedOn: { headcount: '2018-01-10', team: '2018-02-10' } })]), 'staff.eli-update')).toEqual([]);
    expect(statuses(snapshot([group({}, given, { changedOn: { headcount: GO_LIVE } })]), 'staff.eli-update')).toEqual([]);
    expect(statuses(snapshot([group({}, {}, { changedOn: { headcount: '2018-02-10' } })]), 'staff.eli-update')).toEqual([]);
  });
});

describe('staff.headcount — DOMAIN: headcount at transfer confirmed, a difference reconciled with a reason', () => {
  it('is met when the confirmed headcount is the registered one, and overdue when unconfirmed after transfer', () => {
    expect(statuses(snapshot([group({}, { 'headcount-confirmed': done('2018-03-20', { headcount: 42 }) })]), 'staff.headcount')).toEqual(['met']);
    expect(statuses(snapshot([group()], { today: '2018-04-02' }), 'staff.headcount')).toEqual(['overdue']);
  });
  it('is at risk while a confirmed headcount that differs is not reconciled, and met once it is', () => {
    const confirmed = { 'headcount-confirmed': done('2018-03-20', { headcount: 40 }) };
    const open = snapshot([group({}, confirmed)], { today: '2018-03-21' });
    expect(reasons(open, 'staff.headcount').map((r) => [r.status, r.message])).toEqual([
      ['met', 'Headcount at transfer confirmed: done on 20 March 2018'],
      ['due', 'Confirmed headcount 40 differs from the registered 42: to be reconciled with a reason'],
    ]);
    expect(judged(open).reasons.length).toBeGreaterThan(0);
    const reconciled = snapshot([group({}, { ...confirmed, 'headcount-reconciled': done('2018-03-22', { reason: 'Two leavers before transfer' }) })]);
    expect(reasons(reconciled, 'staff.headcount').map((r) => r.status)).toEqual(['met', 'met']);
    expect(reasons(reconciled, 'staff.headcount')[1].message).toContain('Two leavers before transfer');
  });
  it('wants another reconciliation when the registered headcount changes after it', () => {
    const steps = { 'headcount-confirmed': done('2018-03-20', { headcount: 40 }), 'headcount-reconciled': done('2018-03-22', { reason: 'Two leavers' }) };
    expect(statuses(snapshot([group({ headcount: 41 }, steps, { changedOn: { headcount: '2018-03-25' } })]), 'staff.headcount')).toEqual(['met', 'due']);
  });
});

describe('staff.inform — TUPE 2006 reg. 13(2): representatives informed "long enough before" (policy: 30 days)', () => {
  it('is due until 2 March 2018, overdue from 3 March, met when informed in time, late when after', () => {
    expect(POLICY.informLeadDays).toBe(30);
    expect(statuses(snapshot([group()], { today: '2018-03-02' }), 'staff.inform')).toEqual(['due']);
    expect(statuses(snapshot([group()], { today: '2018-03-03' }), 'staff.inform')).toEqual(['overdue']);
    expect(statuses(snapshot([group({}, { 'representatives-informed': done('2018-01-10') })]), 'staff.inform')).toEqual(['met']);
    expect(statuses(snapshot([group({}, { 'representatives-informed': done('2018-03-10') })], { today: '2018-03-12' }), 'staff.inform')).toEqual(['late']);
  });
});

describe('staff.measures-letter — TUPE 2006 reg. 13(4): the letter comes before informing or consulting, an order of two dates', () => {
  const letter = (on: string) => ({ 'measures-letter-received': done(on) });
  it('is met when the letter came before representatives were informed, even late in the day', () => {
    expect(statuses(snapshot([group({}, { ...letter('2018-01-08'), 'representatives-informed': done('2018-01-15') })]), 'staff.measures-letter')).toEqual(['met']);
    // Not a deadline: after the policy inform-by date, but still first.
    expect(statuses(snapshot([group({}, { ...letter('2018-03-20'), 'representatives-informed': done('2018-03-25') })], { today: '2018-03-26' }), 'staff.measures-letter')).toEqual(['met']);
  });
  it('is late (at risk) when the letter came after representatives were informed, and says the order was wrong', () => {
    const s = snapshot([group({}, { ...letter('2018-01-20'), 'representatives-informed': done('2018-01-15') })], { today: '2018-01-22' });
    expect(reasons(s, 'staff.measures-letter')).toEqual([
      { ruleId: 'staff.measures-letter', status: 'late', message: 'Measures letter received on 20 January 2018, after representatives were informed on 15 January 2018: the order was wrong' },
    ]);
  });
  it('compares with the earlier of informing and consultation starting', () => {
    const steps = { ...letter('2018-01-12'), 'consultation-started': done('2018-01-10'), 'representatives-informed': done('2018-01-15') };
    expect(reasons(snapshot([group({}, steps)]), 'staff.measures-letter')[0]).toMatchObject({ status: 'late', message: expect.stringContaining('after consultation started on 10 January 2018') });
  });
  it('is due while neither has happened, and not ready once representatives were informed without it', () => {
    expect(statuses(snapshot([group()], { today: '2018-03-20' }), 'staff.measures-letter')).toEqual(['due']);
    const informed = snapshot([group({}, { 'representatives-informed': done('2018-01-10') })]);
    expect(statuses(informed, 'staff.measures-letter')).toEqual(['overdue']);
    expect(judged(informed).status).toBe('not-ready');
  });
});

describe('staff.consultation — TUPE 2006 reg. 13(6): consulted where measures are envisaged (policy lead 30 days)', () => {
  it('asks nothing where no measures are envisaged', () => {
    expect(statuses(snapshot([group({ measuresEnvisaged: false })], { today: '2018-03-20' }), 'staff.consultation')).toEqual([]);
  });
  it('takes measures as envisaged when not recorded, and says so', () => {
    const r = reasons(snapshot([group()], { today: '2018-03-03' }), 'staff.consultation');
    expect(r.map((x) => x.status)).toEqual(['overdue', 'due']);
    expect(r[0].message).toBe('Consultation started (measures taken as envisaged: not recorded): due by 2 March 2018, not done');
  });
  it('is met when started 30 days before and completed by transfer', () => {
    const steps = { 'consultation-started': done('2018-01-22'), 'consultation-completed': done('2018-03-16') };
    expect(statuses(snapshot([group({ measuresEnvisaged: true }, steps)], { today: '2018-03-20' }), 'staff.consultation')).toEqual(['met', 'met']);
  });
});

describe('staff.redundancies and staff.hr1 — TULRCA 1992 s.188 and s.193: counted per establishment, back from the first dismissal', () => {
  const redundancies = (itemId: string, count: number, establishment: string, firstDismissalDate: string, steps: ItemFacts['steps'] = {}, more: Record<string, unknown> = {}): ItemFacts => ({
    ...group({ redundanciesProposed: count, establishment, dismissalsProposedOn: '2018-01-05', firstDismissalDate, dismissalsProposedBy: 'council', ...more }, steps),
    itemId,
    reference: itemId.toUpperCase(),
  });

  it('12 + 10 dismissals at one establishment within 90 days → collective consultation 30 days before the first dismissal, for both groups', () => {
    const items = [redundancies('g-a', 12, 'Sandwell Council House', '2018-06-30'), redundancies('g-b', 10, ' sandwell council house ', '2018-08-15')];
    expect(reasons(snapshot(items, { today: '2018-05-31' }), 'staff.redundancies', 'g-a')).toEqual([
      {
        ruleId: 'staff.redundancies',
        status: 'due',
        message: 'Collective consultation started (22 dismissals proposed at Sandwell Council House within 90 days, the first taking effect on 30 June 2018: 30 days before): due by 31 May 2018',
      },
    ]);
    // The establishment is the same however it is written.
    expect(reasons(snapshot(items, { today: '2018-05-31' }), 'staff.redundancies', 'g-b')[0]).toMatchObject({ status: 'due', message: expect.stringContaining('22 dismissals') });
    for (const id of ['g-a', 'g-b']) expect(statuses(snapshot(items, { today: '2018-06-01' }), 'staff.redundancies', id)).toEqual(['overdue']);
  });

  it('the same 12 + 10 split across two establishments → no collective duty', () => {
    const items = [redundancies('g-a', 12, 'Sandwell Council House', '2018-06-30'), redundancies('g-b', 10, 'Oldbury Jack Judge House', '2018-08-15')];
    for (const id of ['g-a', 'g-b']) {
      expect(statuses(snapshot(items, { today: '2018-06-01' }), 'staff.redundancies', id)).toEqual([]);
      expect(statuses(snapshot(items, { today: '2018-06-01' }), 'staff.hr1', id)).toEqual([]);
    }
  });

  it('12 + 10 at one establishment but 90 days or more apart → no collective duty', () => {
    const items = [redundancies('g-a', 12, 'Sandwell Council House', '2018-06-30'), redundancies('g-b', 10, 'Sandwell Council House', '2018-09-28')];
    expect(statuses(snapshot(items, { today: '2018-06-01' }), 'staff.redundancies', 'g-a')).toEqual([]);
    // 89 days apart is within the period of 90 days.
    const within = [redundancies('g-a', 12, 'Sandwell Council House', '2018-06-30'), redundancies('g-b', 10, 'Sandwell Council House', '2018-09-27')];
    expect(statuses(snapshot(within, { today: '2018-06-01' }), 'staff.redundancies', 'g-b')).toEqual(['overdue']);
  });

  it('100 or more at one establishment → 45 days before the first dismissal', () => {
    const items = [redundancies('g-a', 60, 'Sandwell Council House', '2018-06-30'), redundancies('g-b', 45, 'Sandwell Council House', '2018-07-31')];
    expect(POLICY.collectiveConsultationDaysLarge).toBe(45);
    expect(reasons(snapshot(items, { today: '2018-05-16' }), 'staff.redundancies', 'g-b')[0]).toMatchObject({ status: 'due', message: expect.stringContaining('105 dismissals') });
    expect(reasons(snapshot(items, { today: '2018-05-16' }), 'staff.redundancies', 'g-b')[0].message).toContain('due by 16 May 2018');
    expect(statuses(snapshot(items, { today: '2018-05-17' }), 'staff.redundancies', 'g-a')).toEqual(['overdue']);
  });

  it('measures from the first dismissal date, not from go-live: dismissals in September 2018 are not due before go-live', () => {
    const items = [redundancies('g-a', 25, 'Sandwell Council House', '2018-09-30')];
    expect(reasons(snapshot(items, { today: '2018-04-02' }), 'staff.redundancies', 'g-a')[0]).toMatchObject({ status: 'due', message: expect.stringContaining('due by 31 August 2018') });
  });

  it('is met by collective consultation started in time, and late when after', () => {
    const items = (on: string) => [redundancies('g-a', 25, 'Sandwell Council House', '2018-06-30', { 'collective-consultation-started': done(on) })];
    expect(statuses(snapshot(items('2018-05-14'), { today: '2018-06-01' }), 'staff.redundancies', 'g-a')).toEqual(['met']);
    expect(statuses(snapshot(items('2018-06-05'), { today: '2018-06-06' }), 'staff.redundancies', 'g-a')).toEqual(['late']);
  });

  it('staff.hr1 — s.193: HR1 to the Secretary of State with the same lead times, as its own rule', () => {
    const items = (steps: ItemFacts['steps'] = {}) => [redundancies('g-a', 12, 'Sandwell Council House', '2018-06-30', steps), redundancies('g-b', 10, 'Sandwell Council House', '2018-07-10')];
    expect(statuses(snapshot(items(), { today: '2018-05-31' }), 'staff.hr1', 'g-a')).toEqual(['due']);
    expect(statuses(snapshot(items(), { today: '2018-06-01' }), 'staff.hr1', 'g-a')).toEqual(['overdue']);
    expect(statuses(snapshot(items({ 'hr1-notified': done('2018-05-20') }), { today: '2018-06-01' }), 'staff.hr1', 'g-a')).toEqual(['met']);
    expect(RULES.hr1.source).toBe('TULRCA 1992 s.193');
  });

  it('asks for the establishment where dismissals are proposed without one, since s.188 counts across it', () => {
    const unplaced = [{ ...group({ redundanciesProposed: 15, firstDismissalDate: '2018-06-30' }), itemId: 'g-a' }];
    expect(reasons(snapshot(unplaced, { today: '2018-03-01' }), 'staff.redundancies', 'g-a')).toEqual([
      expect.objectContaining({ status: 'due', message: expect.stringContaining('The establishment of the proposed dismissals recorded') }),
    ]);
    const placed = [{ ...group({ redundanciesProposed: 15, firstDismissalDate: '2018-06-30', establishment: 'Oldbury Council House' }), itemId: 'g-a' }];
    expect(reasons(snapshot(placed, { today: '2018-03-01' }), 'staff.redundancies', 'g-a')).toEqual([]);
  });

  it('without a first dismissal date, takes the transfer date and says so', () => {
    const items = [{ ...group({ redundanciesProposed: 30, establishment: 'Oldbury Council House' }), itemId: 'g-a' }];
    expect(reasons(snapshot(items, { today: '2018-03-01' }), 'staff.redundancies', 'g-a')[0]).toMatchObject({
      status: 'due',
      message: expect.stringContaining('a first dismissal date not recorded is taken as the transfer date'),
    });
  });

  describe('staff.pre-transfer-consultation — TULRCA 1992 s.198A: the trust consulting before the transfer', () => {
    const byTrust = (first: string, steps: ItemFacts['steps'] = {}) => [redundancies('g-a', 25, 'Sandwell Council House', first, steps, { dismissalsProposedBy: 'trust' })];
    it('is due where the trust proposes and consultation must start before the transfer, and met when agreed first', () => {
      // First dismissal 20 April 2018: consultation by 21 March, before go-live on 1 April.
      expect(reasons(snapshot(byTrust('2018-04-20'), { today: '2018-03-01' }), 'staff.pre-transfer-consultation', 'g-a')).toEqual([
        {
          ruleId: 'staff.pre-transfer-consultation',
          status: 'due',
          message: 'Pre-transfer consultation agreed by the council and the trust, before collective consultation starts: due by 21 March 2018',
        },
      ]);
      const agreed = byTrust('2018-04-20', { 'pre-transfer-consultation-agreed': done('2018-02-20'), 'collective-consultation-started': done('2018-02-26') });
      expect(statuses(snapshot(agreed, { today: '2018-03-01' }), 'staff.pre-transfer-consultation', 'g-a')).toEqual(['met']);
    });
    it('is not asked where the council proposes, or where consultation can start after the transfer', () => {
      const byCouncil = [redundancies('g-a', 25, 'Sandwell Council House', '2018-04-20')];
      expect(statuses(snapshot(byCouncil, { today: '2018-03-01' }), 'staff.pre-transfer-consultation', 'g-a')).toEqual([]);
      expect(statuses(snapshot(byTrust('2018-06-30'), { today: '2018-03-01' }), 'staff.pre-transfer-consultation', 'g-a')).toEqual([]);
    });
  });
});

describe('staff.pensions — LGPS Regulations 2013 reg. 3 and Sch. 2 Part 3; Best Value Authorities Staff Transfers (Pensions) Direction 2007', () => {
  const parts = {
    'lgps-legal-basis-recorded': done('2017-11-01', { basis: 'Sch. 2 Part 3 para 1(d)(iii)' }),
    'actuary-report-received': done('2017-12-01'),
    'lgps-risk-assessed': done('2017-12-15'),
    'bond-decision-recorded': done('2018-01-10', { decision: 'indemnity', reasons: 'The council guarantees the trust' }),
  };
  const agreement = (on: string, fields: Record<string, unknown>) => ({ 'admission-agreement-signed': done(on, fields) });
  const signed = (trust: string, council: string, fund: string, effectiveDate: string) =>
    agreement([trust, council, fund].sort().at(-1)!, { signedByTrustOn: trust, signedByCouncilOn: council, signedByFundOn: fund, effectiveDate });
  const lgps = (steps: ItemFacts['steps']) => group({ pensionScheme: 'lgps' }, steps);

  it('applies to LGPS members only', () => {
    expect(statuses(snapshot([group({ pensionScheme: 'teachers' })]), 'staff.pensions')).toEqual([]);
    expect(statuses(snapshot([lgps({})]), 'staff.pensions')).toEqual(['due', 'due', 'due', 'due', 'due']);
  });

  it('is met, part by part, when all is in place by go-live and the agreement is effective from it', () => {
    const r = reasons(snapshot([lgps({ ...parts, ...signed('2018-03-12', '2018-03-14', '2018-03-20', '2018-04-01') })], { today: '2018-03-21' }), 'staff.pensions');
    expect(r.map((x) => x.status)).toEqual(['met', 'met', 'met', 'met', 'met']);
    expect(r[0].message).toContain('Sch. 2 Part 3 para 1(d)(iii)');
    expect(r[4].message).toBe('LGPS admission agreement signed by the trust, the council and the fund on 20 March 2018, effective from 1 April 2018');
  });

  it('is overdue, part by part, once go-live passes without them', () => {
    expect(statuses(snapshot([lgps({})], { today: '2018-04-02' }), 'staff.pensions')).toEqual(['overdue', 'overdue', 'overdue', 'overdue', 'overdue']);
  });

  it('signed after go-live but effective from it is late but effective, not missing', () => {
    const s = snapshot([lgps({ ...parts, ...signed('2018-06-01', '2018-06-08', '2018-06-15', '2018-04-01') })], { today: '2018-06-20' });
    expect(reasons(s, 'staff.pensions')[4]).toEqual({
      ruleId: 'staff.pensions',
      status: 'late',
      message: 'LGPS admission agreement signed on 15 June 2018, after go-live: late but effective from 1 April 2018',
    });
  });

  it('effective only after go-live is not ready once go-live passes', () => {
    const steps = { ...parts, ...signed('2018-03-12', '2018-03-14', '2018-03-20', '2018-07-01') };
    expect(statuses(snapshot([lgps(steps)], { today: '2018-03-25' }), 'staff.pensions')[4]).toBe('due');
    const after = snapshot([lgps(steps)], { today: '2018-04-02' });
    expect(statuses(after, 'staff.pensions')[4]).toBe('overdue');
    expect(judged(after).status).toBe('not-ready');
  });

  it('reads an agreement recorded before signatures and effective date were: signed by all three and effective on its day', () => {
    expect(statuses(snapshot([lgps({ ...parts, ...agreement('2018-03-10', {}) })]), 'staff.pensions')[4]).toBe('met');
    expect(statuses(snapshot([lgps({ ...parts, ...agreement('2018-05-01', {}) })], { today: '2018-05-02' }), 'staff.pensions')[4]).toBe('overdue');
  });
});

describe('a staff group with everything in place — TUPE 2006 regs. 11 and 13, LGPS Regulations 2013', () => {
  it('is ready', () => {
    const steps = {
      'eli-received': done('2018-01-20'),
      'measures-letter-received': done('2018-01-25'),
      'representatives-informed': done('2018-02-01'),
      'consultation-started': done('2018-02-01'),
      'consultation-completed': done('2018-03-15'),
      'lgps-legal-basis-recorded': done('2017-11-01', { basis: 'Sch. 2 Part 3 para 1(d)(iii)' }),
      'actuary-report-received': done('2017-12-01'),
      'lgps-risk-assessed': done('2017-12-15'),
      'bond-decision-recorded': done('2018-01-10', { decision: 'bond', reasons: 'Actuary advised a bond' }),
      'admission-agreement-signed': done('2018-03-20', { signedByTrustOn: '2018-03-12', signedByCouncilOn: '2018-03-14', signedByFundOn: '2018-03-20', effectiveDate: '2018-04-01' }),
      'headcount-confirmed': done('2018-03-28', { headcount: 42 }),
    };
    const s = snapshot([group({ pensionScheme: 'lgps', measuresEnvisaged: true }, steps)], { today: '2018-03-30' });
    expect(judged(s).reasons.filter((r) => r.status !== 'met')).toEqual([]);
    expect(judged(s).status).toBe('ready');
  });
});
