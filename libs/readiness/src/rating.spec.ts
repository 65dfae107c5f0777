import { agreedBalancedMoney } from '../../domain/src/testing/money';
import { RATINGS, RATING_SCALE, RATING_THRESHOLDS, expectedShare, rate, rateSinceGoLive, worseRating } from './rating';
import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';

const counts = (ready: number, atRisk: number, notReady: number) => ({ ready, 'at-risk': atRisk, 'not-ready': notReady, 'not-applicable': 0 });

describe('the readiness rating before go-live — policy: ready share against a build-up from 18 months out, IPA five-point scale', () => {
  it('expects nothing 18 months out, half 6 months out and everything on go-live, in straight lines between', () => {
    expect([600, 540, 360, 180, 90, 0, -10].map(expectedShare)).toEqual([0, 0, 0.25, 0.5, 0.75, 1, 1]);
  });

  it.each([
    // days to go-live, ready, at risk, not ready, rating — each band both ways
    [600, 5, 5, 0, 'green'], // nothing expected yet, and half ready: Green
    [600, 4, 6, 0, 'amber-green'], // nothing expected yet, but under half ready: never Green
    [180, 5, 5, 0, 'green'], // half expected, half ready
    [180, 6, 4, 0, 'green'], // ahead
    [180, 4, 6, 0, 'amber-green'], // 10 points behind
    [180, 36, 64, 0, 'amber-green'], // 14 points behind
    [180, 35, 65, 0, 'amber'], // 15 points behind
    [180, 3, 7, 0, 'amber'], // 20 points behind
    [180, 2, 8, 0, 'amber-red'], // 30 points behind
    [180, 9, 0, 1, 'amber-red'], // anything not ready
    [180, 1, 9, 0, 'amber-red'], // 40 points behind
    [180, 0, 10, 0, 'red'], // 50 points behind
    [180, 8, 0, 2, 'amber-red'], // a fifth not ready
    [180, 7, 0, 3, 'red'], // a quarter or more not ready
    [90, 5, 5, 0, 'amber'], // 75% expected three months out: half ready is 25 points behind
    [29, 9, 0, 1, 'amber-red'], // not ready, before the final stretch
    [28, 9, 0, 1, 'red'], // not ready in the final 28 days
    [28, 9, 1, 0, 'amber-green'], // at risk in the final stretch
    [28, 10, 0, 0, 'green'],
    [0, 10, 0, 0, 'green'],
  ] as const)('%i days out, %i ready / %i at risk / %i not ready → %s', (days, ready, atRisk, notReady, rating) => {
    expect(rate(counts(ready, atRisk, notReady), days)).toBe(rating);
  });

  it('is never Green while under half of what is judged is ready, however far off go-live is', () => {
    for (const days of [1000, 540, 400, 200]) expect(rate(counts(49, 51, 0), days)).not.toBe('green');
    expect(rate(counts(50, 50, 0), 1000)).toBe('green');
  });

  it('has nothing to say about an empty area', () => {
    expect(rate(counts(0, 0, 0), 30)).toBeNull();
    expect(rateSinceGoLive(counts(0, 0, 0))).toBeNull();
  });
});

describe('the readiness rating since go-live — policy: judged on what is outstanding', () => {
  it.each([
    // ready, in hand (at risk), overdue, blocked by a critical finding, rating
    [10, 0, 0, 0, 'green'], // nothing outstanding
    [9, 1, 0, 0, 'amber-green'], // outstanding but covered or in hand
    [0, 1, 0, 0, 'amber-green'],
    [0, 0, 1, 0, 'amber'], // one overdue item, even alone in its area: Amber, not Red
    [9, 0, 1, 0, 'amber'],
    [7, 0, 2, 0, 'amber'], // two overdue, under a quarter
    [6, 0, 2, 0, 'amber-red'], // two overdue, a quarter
    [1, 0, 1, 0, 'amber'], // half overdue, but only one item
    [5, 0, 5, 0, 'amber-red'],
    [9, 0, 1, 1, 'red'], // an open critical finding blocks something
  ] as const)('%i ready / %i in hand / %i overdue / %i blocked → %s', (ready, atRisk, notReady, blocking, rating) => {
    expect(rateSinceGoLive(counts(ready, atRisk, notReady), blocking)).toBe(rating);
  });
});

describe('the scale and its thresholds', () => {
  it('defines each of the IPA’s five points, best first, and says which scale it is', () => {
    expect(RATING_SCALE.definitions.map((d) => d.rating)).toEqual([...RATINGS]);
    expect(RATING_SCALE.definitions[0].meaning).toContain('highly likely');
    expect(RATING_SCALE.definitions[4].meaning).toContain('unachievable');
    expect(RATING_SCALE.note).toContain('three points');
  });

  it('keeps its thresholds in one documented place', () => {
    expect(RATING_THRESHOLDS).toMatchObject({ buildUpStartDays: 540, halfwayDays: 180, greenFloor: 0.5, finalStretchDays: 28, redNotReadyShare: 0.25, redBehind: 0.5, amberRedBehind: 0.3, amberBehind: 0.15 });
  });

  it('takes the worse of two ratings', () => {
    expect(worseRating('green', 'amber')).toBe('amber');
    expect(worseRating(null, 'amber-red')).toBe('amber-red');
    expect(worseRating(null, null)).toBeNull();
  });
});

/* ---------- the whole programme, on Sandwell-like dates (go-live 1 April 2018) ---------- */

const GO_LIVE = '2018-04-01';
const process = (n: number, steps: ItemFacts['steps']): ItemFacts => ({ itemId: `p-${n}`, kind: 'process', reference: `PROC-${String(n).padStart(2, '0')}`, details: {}, steps });
const walkedThrough = (on: string) => ({ 'owner-named': { on }, 'walked-through': { on } });
const snapshot = (items: ItemFacts[], overrides: Partial<ProgrammeSnapshot> = {}): ProgrammeSnapshot => ({
  today: '2017-05-01',
  goLiveDate: GO_LIVE,
  items,
  findings: [],
  buyBack: new Map(),
  envelopes: new Map(),
  // The money in place, so what each test is about decides it (the money rules: money.spec.ts).
  money: agreedBalancedMoney(GO_LIVE),
  ...overrides,
});
const critical = (itemId: string) => ({ findingId: 'f-1', title: 'Case records unreadable after migration', target: { kind: 'item' as const, itemId, area: 'processes' }, severity: 'critical' as const, status: 'open' as const });

describe('a programme’s readiness — policy: weighs what is done against the time left', () => {
  // The replay that showed Green: 3 of 47 items ready at T-335.
  const fortySeven = Array.from({ length: 47 }, (_, i) => process(i + 1, i < 3 ? walkedThrough('2017-03-01') : {}));

  it('is not Green with 3 of 47 items ready 335 days before go-live (version 1 said Green)', () => {
    const now = assessReadiness(snapshot(fortySeven));
    expect(now.daysToGoLive).toBe(335);
    expect(now).toMatchObject({ overall: 'amber', rulesetVersion: 3, phase: 'before-go-live' });
    expect(assessReadiness(snapshot(fortySeven), 1)).toMatchObject({ overall: 'green', rulesetVersion: 1 });
  });

  it('is Green 335 days out once more than the expected share is ready, and at least half', () => {
    const most = Array.from({ length: 47 }, (_, i) => process(i + 1, i < 24 ? walkedThrough('2017-03-01') : {}));
    expect(assessReadiness(snapshot(most)).overall).toBe('green');
  });

  describe('since go-live', () => {
    const live = { today: '2018-06-01', wentLiveOn: GO_LIVE };
    const lateButDone = [process(1, walkedThrough('2018-03-01')), process(2, walkedThrough('2018-04-20'))];

    it('is Green with nothing outstanding, counting what was done late as in place, and says it is since go-live', () => {
      const judged = assessReadiness(snapshot(lateButDone, live));
      expect(judged).toMatchObject({ overall: 'green', phase: 'since-go-live', wentLiveOn: GO_LIVE });
      expect(judged.items.map((i) => i.status)).toEqual(['ready', 'ready']);
      // Without the go-live recorded, the date has passed with only half of it ready in time.
      expect(assessReadiness(snapshot(lateButDone, { today: '2018-06-01' })).overall).toBe('red');
    });

    it('is Amber, not Red for ever, with one overdue non-critical item (version 1 said Red)', () => {
      const oneOverdue = [...lateButDone, process(3, { 'owner-named': { on: '2018-01-10' } })];
      const judged = assessReadiness(snapshot(oneOverdue, live));
      expect(judged.overall).toBe('amber');
      expect(judged.blockers.map((b) => [b.reference, b.overdue])).toEqual([['PROC-03', true]]);
      expect(assessReadiness(snapshot(oneOverdue, live), 1).overall).toBe('red');
    });

    it('is Red when an open critical finding blocks something', () => {
      expect(assessReadiness(snapshot(lateButDone, { ...live, findings: [critical('p-1')] })).overall).toBe('red');
    });

    it('is judged before go-live until the day it went live', () => {
      expect(assessReadiness(snapshot(lateButDone, { today: '2018-03-31', wentLiveOn: GO_LIVE })).phase).toBe('before-go-live');
    });
  });
});
