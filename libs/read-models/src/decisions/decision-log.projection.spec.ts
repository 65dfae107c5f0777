import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, NewEvent, StoredEvent } from '@tracker/event-store';
import { ProjectionRunner } from '../projection-runner';
import { openReadStore } from '../read-store';
import { DecisionLogStore, decisionLogProjection } from './decision-log.projection';

const P = '11111111-2222-4333-8444-555555555555';
const event = (type: string, data: object, userId = 'u-board'): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { programmeId: P, ...data },
  metadata: { userId, role: 'board', correlationId: 'c', causationId: 'c', recordedAt: '2026-11-22T10:00:00.000Z' },
});

async function history(store: InMemoryEventStore): Promise<number> {
  await store.appendToStream(`programme-${P}`, [event('ProgrammeRegistered', { goLiveDate: '2027-04-01' })], 'no_stream');
  await store.appendToStream(`programme-${P}-item-s1`, [event('SlaRecommendationAccepted', { itemId: 's1', decisionId: 'd-sla', reasons: 'Fair', body: 'project-board' })], 'no_stream');
  await store.appendToStream(`programme-${P}-finding-f1`, [event('FindingRiskAccepted', { findingId: 'f1', decisionId: 'd-risk', reason: 'Interim', expiresOn: '2027-06-30' })], 'no_stream');
  await store.appendToStream(
    `programme-${P}`,
    [
      event('GoNoGoDecided', { decisionId: 'd-go', decision: 'go', reasons: 'Ready', goLiveDate: '2027-04-01', conditions: [{ conditionId: 'c1', text: 'Sign', owner: 'Legal', dueOn: '2027-03-01' }] }),
      event('DecisionConditionMet', { decisionId: 'd-go', conditionId: 'c1', note: 'Signed' }),
      event('GoLiveDateMoved', { from: '2027-04-01', to: '2027-06-01', direction: 'later', reasons: ['other'], note: 'n' }),
      event('BoardRatingRecorded', { decisionId: 'd-rating', rating: 'amber', rationale: 'Late' }),
    ],
    0,
  );
  return (await store.headPosition()) as number;
}

const tables = (db: ReturnType<typeof openReadStore>) => ({
  log: db.prepare('SELECT * FROM decision_log ORDER BY position').all(),
  met: db.prepare('SELECT * FROM decision_conditions_met ORDER BY position').all(),
  standing: db.prepare('SELECT * FROM decision_standing').all(),
});

describe('decision log projection', () => {
  it('keeps every decision, the conditions met and the standing go / no-go; a rebuild from zero and a second apply change nothing', async () => {
    const store = new InMemoryEventStore();
    const last = await history(store);
    const db = openReadStore(':memory:');
    const runner = new ProjectionRunner(store, db, [decisionLogProjection]);
    runner.start();
    await runner.waitFor(last);

    const log = new DecisionLogStore(db);
    expect(log.decisions(P).map((d) => [d.decisionId, d.type])).toEqual([
      ['d-rating', 'delivery-confidence'],
      ['d-go', 'go-no-go'],
      ['d-risk', 'risk-acceptance'],
      ['d-sla', 'sla-recommendation'],
    ]);
    expect(log.decision(P, 'd-sla')).toMatchObject({ userId: 'u-board', eventType: 'SlaRecommendationAccepted', data: { body: 'project-board' } });
    expect(log.conditionsMet(P)).toEqual([expect.objectContaining({ decisionId: 'd-go', conditionId: 'c1', note: 'Signed', evidence: [] })]);
    // The move leaves no decision standing on the new date.
    expect(log.standing(P)).toEqual({ goLiveDate: '2027-06-01', status: 'active' });

    const live = tables(db);
    const all: StoredEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    db.transaction(() => all.forEach((e) => decisionLogProjection.apply(e, db)))();
    expect(tables(db)).toEqual(live);

    await runner.rebuild();
    await runner.waitFor(last);
    expect(tables(db)).toEqual(live);
    await runner.stop();
  });

  it('knows the decision standing until the date moves', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream(`programme-${P}`, [event('ProgrammeRegistered', { goLiveDate: '2027-04-01' }), event('GoNoGoDecided', { decisionId: 'd-1', decision: 'no-go', reasons: 'x', goLiveDate: '2027-04-01' })], 'no_stream');
    const db = openReadStore(':memory:');
    const runner = new ProjectionRunner(store, db, [decisionLogProjection]);
    runner.start();
    await runner.waitFor(2);
    await runner.stop();
    expect(new DecisionLogStore(db).standing(P)).toEqual({ goLiveDate: '2027-04-01', status: 'active', standingDecisionId: 'd-1' });
  });
});
