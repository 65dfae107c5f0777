import request from 'supertest';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const sla = { reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 };

describe('board decisions over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const http = () => t.http();
  const post = (path: string, body: object) => http().post(`/api/programmes/${programmeId}${path}`).send(body);
  const decide = (body: object) => post('/decisions', body);
  /** The decision itself: the digest of what the board saw is recorded just after it. */
  const decided = async () => (await t.events()).filter((e) => e.type !== 'DigestRecorded').at(-1);
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const response = await send().expect(status);
    expect((await t.events()).length).toBe(before);
    return response;
  };

  // One app for the file, a programme of its own for each test.
  beforeAll(async () => (t = await startTestApp()));
  beforeEach(async () => {
    t.setNow('2026-11-22T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    await t.mark();
  });
  afterAll(async () => t.close());

  describe('on an SLA recommendation', () => {
    let slaId: string;
    beforeEach(async () => {
      slaId = (await post('/slas', sla).expect(201)).body.id;
    });
    const recommend = () => post(`/slas/${slaId}/progress`, { step: 'recommendation-made', suitable: true, reasons: 'Meets KPIs at a fair price' }).expect(200);

    it('accepts the advisers’ recommendation, after which the SLA can be signed', async () => {
      await recommend();
      const response = await decide({ type: 'sla-recommendation', slaId, accepted: true, reasons: 'Board minute 14/3' }).expect(201);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 3 });
      expect((await decided())).toMatchObject({
        type: 'SlaRecommendationAccepted',
        data: { itemId: slaId, step: 'recommendation-accepted', decisionId: response.body.id, reasons: 'Board minute 14/3' },
      });
      await post(`/slas/${slaId}/progress`, { step: 'signed' }).expect(200);
    });

    it('rejects it, after which the SLA cannot be signed', async () => {
      await recommend();
      await decide({ type: 'sla-recommendation', slaId, accepted: false, reasons: 'Price too high' }).expect(201);
      expect((await decided())!.type).toBe('SlaRecommendationRejected');
      await refused(() => post(`/slas/${slaId}/progress`, { step: 'signed' }), 409);
    });

    it('lists the SLA as awaiting the board from the recommendation until the board decides, and again on a new recommendation', async () => {
      const awaiting = async () => (await t.http().get(`/api/programmes/${programmeId}/dashboard`).expect(200)).body.awaitingBoard as { slaId: string; kind: string; suitable: boolean | null }[];
      expect(await awaiting()).toEqual([]);
      await recommend();
      expect(await awaiting()).toEqual([expect.objectContaining({ kind: 'sla-recommendation', slaId, suitable: true, recommendedOn: '2026-11-22' })]);
      await decide({ type: 'sla-recommendation', slaId, accepted: false, reasons: 'Price too high' }).expect(201);
      expect(await awaiting()).toEqual([]);
      await post(`/slas/${slaId}/progress`, { step: 'recommendation-made', suitable: false, reasons: 'Re-priced, still short on KPIs' }).expect(200);
      expect(await awaiting()).toEqual([expect.objectContaining({ slaId, suitable: false })]);
    });

    it('refuses a decision before any recommendation with 409, and an unknown SLA with 404', async () => {
      const early = await refused(() => decide({ type: 'sla-recommendation', slaId, accepted: true, reasons: 'x' }), 409);
      expect(early.body.message).toContain('no recommendation on this SLA yet');
      await refused(() => decide({ type: 'sla-recommendation', slaId: 'no-such-sla', accepted: true, reasons: 'x' }), 404);
    });
  });

  it('records the board’s own delivery confidence rating', async () => {
    const response = await decide({ type: 'delivery-confidence', rating: 'amber-red', rationale: 'Pensions admission late' }).expect(201);
    expect((await decided())).toMatchObject({
      streamId: `programme-${programmeId}`,
      type: 'BoardRatingRecorded',
      data: { programmeId, decisionId: response.body.id, rating: 'amber-red', rationale: 'Pensions admission late' },
    });
    expect(response.body.version).toBe(2);
    expect((await t.events()).at(-1)).toMatchObject({ type: 'DigestRecorded', data: { digest: { reason: `board decision ${response.body.id}`, eventCount: 1 } } });
  });

  it('records go / no-go against the go-live date it was taken for, back-dated to the meeting', async () => {
    t.setNow('2026-01-05T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    t.setNow('2026-11-22T10:00:00.000Z');
    await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'ELI not yet received', effectiveAt: '2026-11-19' }).expect(201);
    expect((await decided())).toMatchObject({
      type: 'GoNoGoDecided',
      data: { decision: 'no-go', goLiveDate: '2027-04-01' },
      metadata: { effectiveAt: '2026-11-19T00:00:00.000Z' },
    });
  });

  it('refuses go / no-go once the programme has gone live', async () => {
    await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201);
    await post('/go-live', { date: '2026-11-22' }).expect(200);
    await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }), 409);
  });

  it.each([
    [{}, 'type', 'is required'],
    [{ type: 'vote' }, 'type', expect.stringContaining('must be one of: sla-recommendation')],
    [{ type: 'sla-recommendation', accepted: true, reasons: 'x' }, 'slaId', 'is required'],
    [{ type: 'sla-recommendation', slaId: 'x', reasons: 'x' }, 'accepted', 'is required'],
    [{ type: 'risk-acceptance', findingId: 'f', reason: 'r' }, 'expiresOn', 'is required'],
    [{ type: 'delivery-confidence', rating: 'purple', rationale: 'x' }, 'rating', expect.stringContaining('must be one of: green, amber-green')],
    [{ type: 'go-no-go', decision: 'maybe', reasons: 'x' }, 'decision', 'must be one of: go, no-go'],
    [{ type: 'go-no-go', decision: 'go' }, 'reasons', 'is required'],
  ])('refuses %j with 400 naming %s', async (body, field, problem) => {
    const response = await refused(() => decide(body), 400);
    expect(response.body.details).toEqual([{ field, problem }]);
  });

  it('refuses a decision dated in the future, and one for an unknown programme', async () => {
    const response = await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', effectiveAt: '2026-12-01' }), 400);
    expect(response.body.details).toEqual([{ field: 'effectiveAt', problem: 'must not be in the future' }]);
    await refused(() => http().post('/api/programmes/5b0c4a3e-1111-4222-8333-444455556666/decisions').send({ type: 'go-no-go', decision: 'go', reasons: 'x' }), 404);
  });

  describe('accepting the risk of a finding', () => {
    const finding = { area: 'contracts', title: 'Supplier will not consent', description: 'Carefirst refuses novation', severity: 'high', owner: 'Head of Commissioning', dueDate: '2027-02-01' };

    it('records the acceptance on the finding with its reason and expiry', async () => {
      const findingId = (await post('/findings', finding).expect(201)).body.id;
      const response = await decide({ type: 'risk-acceptance', findingId, reason: 'Interim licence covers it', expiresOn: '2027-06-30' }).expect(201);
      expect((await decided())).toMatchObject({
        type: 'FindingRiskAccepted',
        data: { findingId, decisionId: response.body.id, reason: 'Interim licence covers it', expiresOn: '2027-06-30' },
      });
    });

    it('refuses an expiry that has passed, and an unknown finding', async () => {
      const findingId = (await post('/findings', finding).expect(201)).body.id;
      const past = await refused(() => decide({ type: 'risk-acceptance', findingId, reason: 'x', expiresOn: '2026-11-01' }), 400);
      expect(past.body.details).toEqual([{ field: 'expiresOn', problem: 'must be a date after today' }]);
      await refused(() => decide({ type: 'risk-acceptance', findingId: 'nope', reason: 'x', expiresOn: '2027-06-30' }), 404);
    });
  });
});
