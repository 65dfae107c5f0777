import { SANDWELL_LIKE } from '../programmes/programme-facts.fixture';
import { IllegalStateError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { ItemProgress, RecordItemProgress, RegisterItem, recommendationAwaitingBoard } from './register-item';
import { givenItem as given } from '../testing/registers';

/*
 * DOMAIN rule 9 (SLAs): the advisers recommend, the board decides, and only then is the SLA signed.
 * A recommendation that the SLA is NOT suitable, once the board accepts it, means "revise it": it is
 * never a licence to sign. Dates are those of a programme going live on 1 April 2018.
 */
const programme: ProgrammeFacts = SANDWELL_LIKE;
const now = '2017-11-20T10:00:00.000Z';
const itemId = 'sla-payroll';

const sla: RegisterItem = {
  type: 'RegisterItem',
  data: { itemId, reference: 'SLA-PAY', kind: 'sla', details: { service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 } },
  programme,
  metadata: { now },
};
const step = (p: ItemProgress): RecordItemProgress => ({ type: 'RecordItemProgress', data: { itemId, ...p }, programme, metadata: { now } });
const recommend = (suitable: boolean) =>
  step({ kind: 'sla', step: 'recommendation-made', fields: { suitable, reasons: suitable ? 'Price in line with the market; KPIs measurable' : 'KPIs cannot be measured as written' } });
const accept = step({ kind: 'sla', step: 'recommendation-accepted', fields: { decisionId: 'd-1', reasons: 'Board minute 14/3' } });
const reject = step({ kind: 'sla', step: 'recommendation-rejected', fields: { decisionId: 'd-2', reasons: 'Board minute 15/2' } });
const sign = step({ kind: 'sla', step: 'signed', fields: {} });

const refusal = (when: () => unknown, message: string | RegExp) => {
  expect(when).toThrow(IllegalStateError);
  expect(when).toThrow(message);
};
const NOT_SUITABLE = 'The latest recommendation found this SLA not suitable; the advisers must make a new recommendation and the board accept it before it is signed';

describe('SLA recommendations and signing — DOMAIN rule 9', () => {
  describe('a not-suitable recommendation the board accepts means "revise it"', () => {
    it('refuses to sign after the board accepts a not-suitable recommendation, in words', () => {
      refusal(given(sla, recommend(false), accept).when(sign), NOT_SUITABLE);
    });

    it('refuses to sign on a not-suitable recommendation whatever the board did with it', () => {
      refusal(given(sla, recommend(false)).when(sign), NOT_SUITABLE);
      refusal(given(sla, recommend(false), reject).when(sign), NOT_SUITABLE);
      // A suitable recommendation accepted earlier does not survive a later not-suitable one.
      refusal(given(sla, recommend(true), reject, recommend(false), accept).when(sign), NOT_SUITABLE);
    });

    it('lets the advisers recommend again after the board accepts a not-suitable recommendation', () => {
      const events = given(sla, recommend(false), accept).when(recommend(true))();
      expect(events).toEqual([expect.objectContaining({ type: 'SlaRecommendationMade', data: expect.objectContaining({ suitable: true, on: '2017-11-20' }) })]);
    });

    it('signs once the board accepts the new, suitable recommendation — and not before', () => {
      const revised = given(sla, recommend(false), accept, recommend(true));
      refusal(revised.when(sign), 'The board must accept the advisers’ recommendation before the SLA is signed');
      const accepted = given(sla, recommend(false), accept, recommend(true), accept);
      expect(accepted.when(sign)()[0].type).toBe('SlaSigned');
    });

    it('records the board accepting twice, once per recommendation, but never twice on the same one', () => {
      const accepted = given(sla, recommend(false), accept, recommend(true), accept);
      expect(accepted.state().stepHistory['recommendation-accepted']).toHaveLength(2);
      refusal(accepted.when(accept), 'The board has already accepted the latest recommendation on this SLA');
    });
  });

  describe('a suitable recommendation the board accepts', () => {
    it('is signed', () => {
      expect(given(sla, recommend(true), accept).when(sign)()[0].type).toBe('SlaSigned');
    });

    it('needs no further recommendation, and none once signed', () => {
      refusal(given(sla, recommend(true), accept).when(recommend(true)), 'The board has accepted the recommendation on this SLA already; it can now be signed');
      refusal(given(sla, recommend(true), accept, sign).when(recommend(false)), 'This SLA is signed; no further recommendation is needed');
    });

    it('may still be amended by the advisers while the board has not decided on it', () => {
      expect(given(sla, recommend(false), accept, recommend(true)).when(recommend(true))()[0].type).toBe('SlaRecommendationMade');
    });
  });

  it('still refuses to sign a suitable recommendation the board rejected', () => {
    refusal(given(sla, recommend(true), reject).when(sign), 'The board must accept the advisers’ recommendation before the SLA is signed');
  });
});

describe('what awaits the board on an SLA — DOMAIN rule 9', () => {
  it('is the latest recommendation from when it is made until the board accepts or rejects it, and the next one after that', () => {
    expect(recommendationAwaitingBoard(given(sla).state())).toBeUndefined();
    expect(recommendationAwaitingBoard(given(sla, recommend(false)).state())).toEqual({ on: expect.any(String), suitable: false });
    expect(recommendationAwaitingBoard(given(sla, recommend(false), reject).state())).toBeUndefined();
    expect(recommendationAwaitingBoard(given(sla, recommend(false), reject, recommend(true)).state())).toEqual({ on: expect.any(String), suitable: true });
    expect(recommendationAwaitingBoard(given(sla, recommend(false), reject, recommend(true), accept).state())).toBeUndefined();
  });
});
