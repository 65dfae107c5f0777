import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { fold, programmeDecider, programmeStreamId } from '@tracker/domain';
import { AuditChain, ProjectionRunner } from '@tracker/read-models';
import { CommandRunner } from '../src/shared/command-runner';
import { Documents } from '../src/shared/documents';
import { PdfPrinter } from '../src/web/pdf-printer';
import { TabledBoardPackPrinter } from '../src/web/tabled-board-pack';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const sla = { reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 };
const finding = { area: 'contracts', title: 'Carefirst consent awaited', description: 'd', severity: 'high', owner: 'Head of Legal', dueDate: '2027-01-31' };
const conditions = [
  { text: 'Services contract signed', owner: 'Head of Legal', dueOn: '2026-12-01' },
  { text: 'Interim payroll SLA signed', owner: 'Head of HR', dueOn: '2027-06-30' },
];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const binary = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('decisions an inquiry can follow', () => {
  let t: TestApp;
  let programmeId: string;
  let boardToken: string;
  let adviserToken: string;
  let boardUserId: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const board = () => t.http(boardToken);
  const decide = (body: object) => board().post(api('/decisions')).send(body);
  const documentsIn = () => {
    const { folder } = t.app.get(Documents);
    return existsSync(folder) ? readdirSync(folder).filter((name) => !name.startsWith('.')) : [];
  };
  const decisionEvent = async (decisionId: string) => (await t.events()).find((e) => (e.data as { decisionId?: string }).decisionId === decisionId && e.type !== 'DecisionConditionMet')!;
  /** A refusal: the status given, nothing written to the history, and no document kept. */
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const kept = documentsIn().length;
    const response = await send().expect(status);
    expect((await t.events()).length).toBe(before);
    expect(documentsIn().length).toBe(kept);
    return response;
  };

  async function person(role: 'board' | 'adviser', name: string) {
    const id = (await t.http().post('/api/users').send({ email: `${role}.${Date.now()}@tracker.example`, name }).expect(201)).body.id as string;
    await t.http().post(api('/members')).send({ userId: id, role }).expect(201);
    return { id, token: (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());
  beforeEach(async () => {
    programmeId = await registerProgramme(t);
    const chair = await person('board', 'Alex Chair');
    boardToken = chair.token;
    boardUserId = chair.id;
    adviserToken = (await person('adviser', 'Sam Adviser')).token;
  });

  describe('who decided and what the board saw', () => {
    it('records the body, the attendees, the chain head seen and the pack as tabled; the digest covers exactly that head', async () => {
      const head = t.app.get(AuditChain).headAt(programmeId);
      const { id } = (await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', body: 'project-board', attendees: ['Alex Chair', 'DfE adviser'] }).expect(201)).body;
      const event = await decisionEvent(id);
      expect(event.data).toMatchObject({
        body: 'project-board',
        attendees: ['Alex Chair', 'DfE adviser'],
        seen: head,
        boardPack: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number), mediaType: 'text/html' },
      });
      const digests = (await t.http().get(api('/digests')).expect(200)).body.items;
      const digest = digests.find((d: { reason?: string }) => d.reason === `board decision ${id}`);
      expect(digest).toMatchObject({ position: head.position, eventCount: head.eventCount, headHash: head.headHash });
      // What the board saw still finds the decision and judges the state before it.
      const saw = (await t.http(adviserToken).get(api(`/decisions/${id}/dashboard`)).expect(200)).body;
      expect(saw.digest.headHash).toBe(head.headHash);
    });

    it('keeps what the board saw when a write lands while the decision is being recorded', async () => {
      const tabler = t.app.get(TabledBoardPackPrinter);
      const table = tabler.table.bind(tabler);
      // A note written while the pack is printed: after the head the board saw, before its decision.
      const spy = jest.spyOn(tabler, 'table').mockImplementationOnce(async (id, head) => {
        const printed = await table(id, head);
        await t.http().post(api('/notes')).send({ target: { kind: 'programme' }, text: 'Written meanwhile' }).expect(201);
        return printed;
      });
      const head = t.app.get(AuditChain).headAt(programmeId);
      const { id } = (await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'Not yet' }).expect(201)).body;
      spy.mockRestore();
      const event = await decisionEvent(id);
      expect(event.data).toMatchObject({ seen: head });
      const between = (await t.events()).filter((e) => e.position > head.position && e.position < event.position && e.streamId.startsWith(`programme-${programmeId}`));
      expect(between.map((e) => e.type)).toEqual(['NoteAdded']);
      const saw = (await t.http().get(api(`/decisions/${id}/dashboard`)).expect(200)).body;
      expect(saw.digest).toMatchObject({ position: head.position, headHash: head.headHash });
    });

    it('answers a retry with the same Idempotency-Key with the first decision, keeping no second pack or digest', async () => {
      const body = { type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' };
      const first = (await board().post(api('/decisions')).set('idempotency-key', 'rating-001').send(body).expect(201)).body;
      const events = (await t.events()).length;
      const kept = documentsIn().length;
      const again = (await board().post(api('/decisions')).set('idempotency-key', 'rating-001').send(body).expect(201)).body;
      expect(again).toEqual(first);
      expect((await t.events()).length).toBe(events);
      expect(documentsIn().length).toBe(kept);
    });

    it('reads a decision that names no body as the project board’s, and records no attendees', async () => {
      const { id } = (await decide({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201)).body;
      expect((await decisionEvent(id)).data).toMatchObject({ body: 'project-board' });
      expect((await decisionEvent(id)).data).not.toHaveProperty('attendees');
    });

    it('refuses a body the settings do not allow, naming those that may, and an unknown body; nothing written, no pack kept', async () => {
      await t.http().patch(api('/settings')).send({ decisionBodies: { 'project-board': ['sla-recommendation', 'risk-acceptance', 'delivery-confidence'], commissioner: ['go-no-go'] } }).expect(200);
      const notAllowed = await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }), 409);
      expect(notAllowed.body.message).toContain('Project board may not take go-no-go decisions in this programme; bodies that may: Commissioner');
      const unknown = await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', body: 'parliament' }), 400);
      expect(unknown.body.details[0]).toMatchObject({ field: 'body', problem: expect.stringContaining('must be one of') });
      await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', attendees: 'Alex' }), 400);
      await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', seen: { position: 1 } }), 400);
      await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', body: 'commissioner' }).expect(201);
    });

    it('refuses an SLA decision and a risk acceptance by a body not allowed them', async () => {
      await t.http().patch(api('/settings')).send({ decisionBodies: { 'project-board': ['go-no-go', 'delivery-confidence'], 'council-cabinet': ['sla-recommendation', 'risk-acceptance'] } }).expect(200);
      const slaId = (await t.http().post(api('/slas')).send(sla).expect(201)).body.id;
      await t.http().post(api(`/slas/${slaId}/progress`)).send({ step: 'recommendation-made', suitable: true, reasons: 'Fair price' }).expect(200);
      const findingId = (await t.http().post(api('/findings')).send(finding).expect(201)).body.id;
      const slaRefusal = await refused(() => decide({ type: 'sla-recommendation', slaId, accepted: true, reasons: 'Minute 4' }), 409);
      expect(slaRefusal.body.message).toContain('bodies that may: Council cabinet');
      await refused(() => decide({ type: 'risk-acceptance', findingId, reason: 'Interim licence', expiresOn: '2027-06-30' }), 409);
      const accepted = (await decide({ type: 'sla-recommendation', slaId, accepted: true, reasons: 'Minute 4', body: 'council-cabinet', attendees: ['Leader'] }).expect(201)).body.id;
      expect((await decisionEvent(accepted)).data).toMatchObject({ body: 'council-cabinet', attendees: ['Leader'], boardPack: expect.any(Object) });
    });
  });

  describe('the board pack as tabled', () => {
    it('downloads exactly the kept bytes, whose SHA-256 the decision recorded, to every member', async () => {
      const { id } = (await decide({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201)).body;
      const { boardPack, seen } = (await decisionEvent(id)).data as { boardPack: { sha256: string; bytes: number }; seen: { position: number } };
      for (const token of [adviserToken, boardToken, undefined]) {
        const response = await t.http(token).get(api(`/decisions/${id}/board-pack`)).buffer(true).parse(binary).expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.headers['content-disposition']).toBe(`attachment; filename="board-pack-${id}.html"`);
        expect(sha256(response.body)).toBe(boardPack.sha256);
        expect(response.body.length).toBe(boardPack.bytes);
        // The pack is drawn over the head the board saw, and carries no one's session.
        const html = response.body.toString('utf8');
        expect(html).toContain(`events up to position ${seen.position}.`);
        expect(html).not.toContain('_csrf');
        expect(html).not.toContain('Signed in as');
      }
    });

    it('refuses in words a kept pack altered or lost since, and never serves the altered bytes', async () => {
      const { id } = (await decide({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201)).body;
      const { boardPack } = (await decisionEvent(id)).data as { boardPack: { sha256: string } };
      const documents = t.app.get(Documents);
      writeFileSync(join(documents.folder, boardPack.sha256), '<p>A rosier pack</p>');
      const altered = await refused(() => t.http().get(api(`/decisions/${id}/board-pack`)), 409);
      expect(altered.body.message).toContain(`(SHA-256 ${boardPack.sha256}) no longer matches the SHA-256 its decision recorded`);
      expect(JSON.stringify(altered.body)).not.toContain('rosier');
      documents.remove(boardPack.sha256);
      const lost = await refused(() => t.http().get(api(`/decisions/${id}/board-pack`)), 409);
      expect(lost.body.message).toContain('is missing from the document store');
    });

    it('keeps the pack of a decision recorded while another at the same head, which stored it first, is refused', async () => {
      // Both print the same pack (the same programme at the same head). The refused one stored it;
      // removing it then would leave the recorded decision naming a pack that is gone.
      const slaId = (await t.http().post(api('/slas')).send({ ...sla, reference: 'SLA-RACE' }).expect(201)).body.id;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const run = CommandRunner.prototype.run;
      const spy = jest.spyOn(CommandRunner.prototype, 'run').mockImplementation(async function (this: CommandRunner, ...args: Parameters<CommandRunner['run']>) {
        if ((args[2] as { type?: string }).type === 'RecordItemProgress') {
          held();
          await gate;
        }
        return run.apply(this, args);
      });
      try {
        const refusedLater = decide({ type: 'sla-recommendation', slaId, accepted: true, reasons: 'No recommendation yet' }).then((r) => r);
        await holding; // its pack printed and stored, its record held
        const kept = await decide({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201);
        release();
        expect((await refusedLater).status).toBe(409);
        const { boardPack } = (await decisionEvent(kept.body.id)).data as { boardPack: { sha256: string } };
        expect(t.app.get(Documents).has(boardPack.sha256)).toBe(true);
        await t.http().get(api(`/decisions/${kept.body.id}/board-pack`)).expect(200);
      } finally {
        release();
        spy.mockRestore();
      }
    });

    it('answers 404 for a decision that kept no pack, and for an unknown decision', async () => {
      // A decision recorded before packs were kept: its event names no boardPack.
      const old = 'aaaaaaaa-0000-4000-8000-000000000001';
      const stream = `programme-${programmeId}`;
      const current = (await t.store.readStream(stream)).length;
      const appended = await t.store.appendToStream(
        stream,
        [{ eventId: 'bbbbbbbb-0000-4000-8000-000000000001', type: 'BoardRatingRecorded', schemaVersion: 1, data: { programmeId, decisionId: old, rating: 'red', rationale: 'Old' }, metadata: { userId: boardUserId, role: 'board', correlationId: 'c', causationId: 'c', recordedAt: '2026-11-22T10:00:00.000Z' } }],
        current - 1,
      );
      expect(await t.app.get(ProjectionRunner).waitFor(appended.position)).toBe(true);
      const none = await refused(() => t.http().get(api(`/decisions/${old}/board-pack`)), 404);
      expect(none.body.message).toBe(`No board pack kept with decision with id ${old}`);
      await refused(() => t.http().get(api('/decisions/no-such-decision/board-pack')), 404);
      const log = (await t.http().get(api('/decisions')).expect(200)).body;
      expect(log.decisions.find((d: { decisionId: string }) => d.decisionId === old)).toMatchObject({ body: 'project-board', rulesetVersion: 1, attendees: [] });
      expect(log.decisions.find((d: { decisionId: string }) => d.decisionId === old)).not.toHaveProperty('boardPack');
    });
  });

  describe('go-live needs a go', () => {
    const goLive = () => board().post(api('/go-live')).send({ date: '2026-11-22' });

    it('is refused without a go, after a no-go, and after the date moved; allowed with a go standing', async () => {
      const none = await refused(goLive, 409);
      expect(none.body.message).toContain('Go-live needs a go: the board has no go / no-go decision standing on the go-live date 1 April 2027');
      const first = (await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201)).body.id;
      const noGo = (await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'Pensions late' }).expect(201)).body.id;
      expect((await refused(goLive, 409)).body.message).toContain(`is no-go (decision ${noGo})`);
      await decide({ type: 'go-no-go', decision: 'go', reasons: 'Pensions sorted' }).expect(201);
      await board().post(api('/go-live-date/moves')).send({ date: '2027-06-01', reasons: ['pensions'], note: 'LGPS late' }).expect(201);
      expect((await refused(goLive, 409)).body.message).toContain('and the date has moved since');
      expect(first).toBeDefined();
      await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready for June' }).expect(201);
      await goLive().expect(200);
    });

    it('refuses a go / no-go effective before the board’s last one or the last move of the date, and takes one effective after both', async () => {
      const noGo = (await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'Pensions late', effectiveAt: '2026-11-22T08:00:00Z' }).expect(201)).body.id;
      // A go dated before that no-go would stand (it is recorded last) though, as the board took them, the no-go came after it.
      const before = await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', effectiveAt: '2026-11-22T07:00:00Z' }), 400);
      expect(before.body.details).toEqual([{ field: 'effectiveAt', problem: `must not be before the board’s last go / no-go decision (decision ${noGo}, effective 2026-11-22T08:00:00.000Z): a go / no-go is taken for the go-live date standing when it is taken` }]);
      await board().post(api('/go-live-date/moves')).send({ date: '2027-06-01', reasons: ['pensions'], note: 'LGPS late' }).expect(201);
      // Nor before the date moved: that go would claim to be for 1 June on a day the date was 1 April.
      const beforeMove = await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', effectiveAt: '2026-11-22T09:00:00Z' }), 400);
      expect(beforeMove.body.details[0].problem).toContain('must not be before the last move of the go-live date (effective 2026-11-22T10:00:00.000Z)');
      // Dated no earlier than both, a go is taken, and stands.
      await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready for June', effectiveAt: '2026-11-22T10:00:00Z' }).expect(201);
      await board().post(api('/go-live')).send({ date: '2026-11-22' }).expect(200);
    });

    it('is held back by a condition due by go-live until it is met, not by one due after', async () => {
      const { id } = (await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready, subject to the contract', conditions }).expect(201)).body;
      expect((await decisionEvent(id)).data).toMatchObject({ conditions: [{ conditionId: 'c1', ...conditions[0] }, { conditionId: 'c2', ...conditions[1] }] });
      const held = await refused(goLive, 409);
      expect(held.body.message).toContain(`The go (decision ${id}) is subject to conditions due by go-live that are not met: c1 "Services contract signed" (Head of Legal, due 1 December 2026)`);
      // Not the condition due after go-live (the decision's id may itself hold "c2").
      expect(held.body.message.replace(id, '')).not.toMatch(/\bc2\b|Interim payroll/);
      await board().post(api(`/decisions/${id}/conditions/c1/met`)).send({ note: 'Signed on 20 November', evidence: [{ link: 'https://documents.example/contract.pdf' }] }).expect(200);
      await goLive().expect(200);
      // A condition due after go-live is met afterwards.
      await board().post(api(`/decisions/${id}/conditions/c2/met`)).send({ note: 'Signed' }).expect(200);
    });
  });

  describe('conditions', () => {
    it('refuses conditions on a no-go, past due, or malformed', async () => {
      expect((await refused(() => decide({ type: 'go-no-go', decision: 'no-go', reasons: 'x', conditions }), 400)).body.details).toEqual([{ field: 'conditions', problem: 'may only be given on a go decision' }]);
      expect((await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'x', conditions: [{ ...conditions[0], dueOn: '2026-11-21' }] }), 400)).body.details[0]).toEqual({ field: 'conditions[0].dueOn', problem: 'must not be before today (2026-11-22)' });
      await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'x', conditions: [{ text: 'Sign', owner: 'Legal' }] }), 400);
      await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'x', conditions: 'sign it' }), 400);
      expect((await refused(() => decide({ type: 'go-no-go', decision: 'go', reasons: 'x', conditions: null }), 400)).body.details[0]).toMatchObject({ field: 'conditions' });
    });

    it('refuses a condition met for an unknown decision or condition, twice, without a note, or by an adviser', async () => {
      const { id } = (await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', conditions }).expect(201)).body;
      const met = (decisionId: string, conditionId: string, body: object = { note: 'Done' }, token = boardToken) => () => t.http(token).post(api(`/decisions/${decisionId}/conditions/${conditionId}/met`)).send(body);
      await refused(met('no-such-decision', 'c1'), 404);
      expect((await refused(met(id, 'c9'), 404)).body.message).toBe(`No condition of decision ${id} with id c9`);
      await refused(met(id, 'c1', {}), 400);
      await refused(met(id, 'c1', { note: 'Done', evidence: [{ link: 'not a link' }] }), 400);
      await refused(met(id, 'c1', { note: 'Done' }, adviserToken), 403);
      await met(id, 'c1')().expect(200);
      expect((await refused(met(id, 'c1'), 409)).body.message).toContain(`Condition c1 of decision ${id} is already recorded as met`);
      await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'Changed our minds' }).expect(201);
      expect((await refused(met(id, 'c2'), 409)).body.message).toContain('no longer stands');
    });
  });

  describe('the decision log', () => {
    it('lists every decision with who, when, body, rules, head seen, pack and conditions, newest first', async () => {
      const slaId = (await t.http().post(api('/slas')).send(sla).expect(201)).body.id;
      await t.http().post(api(`/slas/${slaId}/progress`)).send({ step: 'recommendation-made', suitable: true, reasons: 'Fair price' }).expect(200);
      const findingId = (await t.http().post(api('/findings')).send(finding).expect(201)).body.id;
      const slaDecision = (await decide({ type: 'sla-recommendation', slaId, accepted: true, reasons: 'Minute 4', attendees: ['Alex Chair'] }).expect(201)).body.id;
      const risk = (await decide({ type: 'risk-acceptance', findingId, reason: 'Interim licence', expiresOn: '2026-12-01' }).expect(201)).body.id;
      const rating = (await decide({ type: 'delivery-confidence', rating: 'amber-green', rationale: 'On track', effectiveAt: '2026-11-22' }).expect(201)).body.id;
      const go = (await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', conditions }).expect(201)).body.id;
      await board().post(api(`/decisions/${go}/conditions/c2/met`)).send({ note: 'Signed early' }).expect(200);

      const { decisions } = (await t.http(adviserToken).get(api('/decisions')).expect(200)).body;
      expect(decisions.map((d: { decisionId: string }) => d.decisionId)).toEqual([go, rating, risk, slaDecision]);
      const goEvent = await decisionEvent(go);
      const { boardPack, seen } = goEvent.data as { boardPack: { sha256: string; bytes: number; mediaType: string }; seen: object };
      expect(decisions[0]).toEqual({
        decisionId: go,
        type: 'go-no-go',
        outcome: 'go',
        reasons: 'Ready',
        subject: { kind: 'programme' },
        goLiveDate: '2027-04-01',
        standing: true,
        body: 'project-board',
        bodyLabel: 'Project board',
        attendees: [],
        recordedBy: { userId: boardUserId, name: 'Alex Chair' },
        recordedAt: goEvent.metadata.recordedAt,
        rulesetVersion: expect.any(Number),
        position: goEvent.position,
        seen,
        boardPack: { ...boardPack, href: `/api/programmes/${programmeId}/decisions/${go}/board-pack` },
        conditions: [
          { conditionId: 'c1', ...conditions[0], state: 'open' },
          { conditionId: 'c2', ...conditions[1], state: 'met', met: { note: 'Signed early', evidence: [], recordedAt: expect.any(String), recordedBy: { userId: boardUserId, name: 'Alex Chair' } } },
        ],
      });
      expect(decisions[1]).toMatchObject({ type: 'delivery-confidence', outcome: 'amber-green', reasons: 'On track', effectiveAt: '2026-11-22T00:00:00.000Z' });
      expect(decisions[2]).toMatchObject({ type: 'risk-acceptance', outcome: 'risk-accepted', reasons: 'Interim licence', expiresOn: '2026-12-01', subject: { kind: 'finding', findingId, title: finding.title } });
      expect(decisions[3]).toMatchObject({ type: 'sla-recommendation', outcome: 'accepted', reasons: 'Minute 4', attendees: ['Alex Chair'], subject: { kind: 'sla', itemId: slaId, reference: 'SLA-PAY' } });

      // Past its due date, an unmet condition is overdue.
      t.setNow('2026-12-02T10:00:00.000Z');
      const later = (await t.http().get(api('/decisions')).expect(200)).body;
      expect(later.decisions[0].conditions[0].state).toBe('overdue');
      expect(later.awaiting.conditions).toEqual([{ decisionId: go, conditionId: 'c1', text: conditions[0].text, owner: conditions[0].owner, dueOn: conditions[0].dueOn, state: 'overdue' }]);
      expect(later.awaiting.riskAcceptancesLapsing).toEqual([{ findingId, title: finding.title, decisionId: risk, expiresOn: '2026-12-01' }]);
      t.setNow('2026-11-22T10:00:00.000Z');
    });

    it('says what waits on the board: SLA recommendations undecided, and a go-live close with no go standing', async () => {
      programmeId = await registerProgramme(t, { name: 'Southshire transition', goLiveDate: '2026-12-10' });
      const member = await person('board', 'Jo Member');
      boardToken = member.token;
      const slaId = (await t.http().post(api('/slas')).send(sla).expect(201)).body.id;
      await t.http().post(api(`/slas/${slaId}/progress`)).send({ step: 'recommendation-made', suitable: false, reasons: 'KPIs unmeasurable' }).expect(200);
      const { awaiting } = (await t.http().get(api('/decisions')).expect(200)).body;
      expect(awaiting.slaRecommendations).toEqual([{ itemId: slaId, reference: 'SLA-PAY', suitable: false, recommendedOn: '2026-11-22' }]);
      expect(awaiting.goNoGo).toEqual({ goLiveDate: '2026-12-10', daysToGoLive: 18, watchDays: 28, reason: 'no go / no-go decision stands on the go-live date 10 December 2026' });

      await decide({ type: 'sla-recommendation', slaId, accepted: false, reasons: 'Revise the KPIs' }).expect(201);
      await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'Not yet' }).expect(201);
      const afterNoGo = (await t.http().get(api('/decisions')).expect(200)).body.awaiting;
      expect(afterNoGo.slaRecommendations).toEqual([]);
      expect(afterNoGo.goNoGo.reason).toBe('the decision standing on the go-live date 10 December 2026 is no-go');
      await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201);
      expect((await t.http().get(api('/decisions')).expect(200)).body.awaiting).not.toHaveProperty('goNoGo');
    });

    it('after a rebuild of the read models, answers as before, and stands where a replay of the programme’s own decider stands', async () => {
      const { id: first } = (await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready', conditions }).expect(201)).body;
      await board().post(api(`/decisions/${first}/conditions/c1/met`)).send({ note: 'Signed' }).expect(200);
      await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'Pensions late' }).expect(201);
      await board().post(api('/go-live-date/moves')).send({ date: '2027-05-04', reasons: ['pensions'], note: 'LGPS late' }).expect(201);
      const { id: last } = (await decide({ type: 'go-no-go', decision: 'go', reasons: 'Ready for May', conditions: [conditions[1]] }).expect(201)).body;
      await decide({ type: 'delivery-confidence', rating: 'amber', rationale: 'Close' }).expect(201);
      const before = (await t.http().get(api('/decisions')).expect(200)).body;

      await t.http().post('/api/admin/rebuild').expect(200);
      expect((await t.http().get(api('/decisions')).expect(200)).body).toEqual(before);

      const replayed = fold(programmeDecider, (await t.events()).filter((e) => e.streamId === programmeStreamId(programmeId)) as never[]);
      if (replayed.status === 'unregistered') throw new Error('not registered');
      const standing = before.decisions.filter((d: { standing?: boolean }) => d.standing).map((d: { decisionId: string }) => d.decisionId);
      expect(standing).toEqual([replayed.standingGoNoGo]);
      expect(standing).toEqual([last]);
      expect(before.decisions.find((d: { decisionId: string }) => d.decisionId === first).goLiveDate).toBe('2027-04-01');
      expect(before.awaiting.conditions.map((c: { decisionId: string }) => c.decisionId)).toEqual([last]);
    });

    it('is for members only', async () => {
      const stranger = (await t.http().post('/api/users').send({ email: `stranger.${Date.now()}@tracker.example`, name: 'Stranger' }).expect(201)).body.id;
      const token = (await t.http().post(`/api/users/${stranger}/tokens`).send({}).expect(201)).body.token;
      await t.http(token).get(api('/decisions')).expect(404);
      await request(t.app.getHttpServer()).get(api('/decisions')).expect(401);
    });
  });
});

describe('what waits on the board, by the UK calendar', () => {
  it('counts days to go-live and conditions overdue by the UK day, across the clocks going forward', async () => {
    const t = await startTestApp();
    try {
      const programmeId = await registerProgramme(t, { goLiveDate: '2027-04-01' });
      const decisions = () => t.http().post(`/api/programmes/${programmeId}/decisions`);
      const awaiting = async () => (await t.http().get(`/api/programmes/${programmeId}/decisions`).expect(200)).body.awaiting;
      const { id } = (await decisions().send({ type: 'go-no-go', decision: 'go', reasons: 'Ready', conditions: [{ text: 'Deed signed', owner: 'Legal', dueOn: '2027-03-28' }] }).expect(201)).body;
      // 23:30 UTC on 28 March 2027 is 00:30 on the 29th in London (BST began that morning): the condition is overdue.
      t.setNow('2027-03-28T22:59:00.000Z');
      expect((await awaiting()).conditions).toEqual([expect.objectContaining({ decisionId: id, state: 'open' })]);
      t.setNow('2027-03-28T23:30:00.000Z');
      expect((await awaiting()).conditions).toEqual([expect.objectContaining({ decisionId: id, state: 'overdue' })]);
      // A no-go then leaves the go-live date, three UK days away, waiting on the board, and the go's conditions no longer do.
      await decisions().send({ type: 'go-no-go', decision: 'no-go', reasons: 'Deed not signed' }).expect(201);
      expect(await awaiting()).toMatchObject({ goNoGo: { goLiveDate: '2027-04-01', daysToGoLive: 3 }, conditions: [] });
      // The page says how near in words that stay true on the day before, the day itself, and after it has passed.
      const warning = async () => /govuk-visually-hidden">Warning<\/span>([^<]*)/.exec((await t.http().get(`/programmes/${programmeId}/decisions`).expect(200)).text)![1].trim();
      expect(await warning()).toBe('A go / no-go is due: the decision standing on the go-live date 1 April 2027 is no-go; go-live is 3 days away.');
      t.setNow('2027-03-31T10:00:00.000Z');
      expect(await warning()).toMatch(/; go-live is 1 day away\.$/);
      t.setNow('2027-04-01T10:00:00.000Z');
      expect(await warning()).toMatch(/; go-live is today\.$/);
      t.setNow('2027-04-03T10:00:00.000Z');
      expect(await warning()).toMatch(/; the go-live date passed 2 days ago\.$/);
    } finally {
      await t.close();
    }
  });
});

describe('the board pack as tabled, printed', () => {
  it('keeps the PDF Chromium prints, and serves it as a PDF', async () => {
    const t = await startTestApp({ DECISION_BOARD_PACK: 'pdf' });
    try {
      // Chromium's part is tested with the board pack; here, what the decision keeps of what it prints.
      const pdf = Buffer.from('%PDF-1.7\n% the pack as tabled\n%%EOF\n');
      const print = jest.spyOn(t.app.get(PdfPrinter), 'print').mockResolvedValue(pdf);
      const programmeId = await registerProgramme(t);
      const { id } = (await t.http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201)).body;
      expect(print).toHaveBeenCalledTimes(1);
      expect(print.mock.calls[0][0]).toContain('<style>');
      const event = (await t.events()).find((e) => e.type === 'GoNoGoDecided')!;
      expect(event.data).toMatchObject({ boardPack: { sha256: sha256(pdf), bytes: pdf.length, mediaType: 'application/pdf' } });
      const response = await t.http().get(`/api/programmes/${programmeId}/decisions/${id}/board-pack`).buffer(true).parse(binary).expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="board-pack-${id}.pdf"`);
      expect(Buffer.compare(response.body, pdf)).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('keeps the printable page instead, and says so, when Chromium cannot print', async () => {
    const t = await startTestApp({ DECISION_BOARD_PACK: 'pdf', CHROMIUM_PATH: '/nonexistent/chromium' });
    try {
      const programmeId = await registerProgramme(t);
      const { id } = (await t.http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Late' }).expect(201)).body;
      const event = (await t.events()).find((e) => e.type === 'BoardRatingRecorded')!;
      expect(event.data).toMatchObject({ boardPack: { mediaType: 'text/html' } });
      const response = await t.http().get(`/api/programmes/${programmeId}/decisions/${id}/board-pack`).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('Board pack');
    } finally {
      await t.close();
    }
  });
});

describe('going live rests on the go', () => {
  it('is refused on a day before the go it rests on was effective, naming the date and writing nothing, and taken on the go’s day', async () => {
    const t = await startTestApp({}, '2026-11-10T09:00:00.000Z');
    try {
      const programmeId = await registerProgramme(t);
      const at = (path: string) => `/api/programmes/${programmeId}${path}`;
      t.setNow('2026-11-25T09:00:00.000Z');
      await t.http().post(at('/decisions')).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201);
      const before = (await t.events()).length;
      const refused = await t.http().post(at('/go-live')).send({ date: '2026-11-20' }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'date', problem: expect.stringMatching(/^must not be before the go it rests on \(decision .+, effective 2026-11-25\)/) }]);
      expect(await t.events()).toHaveLength(before);
      await t.http().post(at('/go-live')).send({ date: '2026-11-25' }).expect(200);
    } finally {
      await t.close();
    }
  });

  it('lets a programme go live on the day after a go recorded late but effective when the board took it', async () => {
    const t = await startTestApp({}, '2026-11-10T09:00:00.000Z');
    try {
      const programmeId = await registerProgramme(t);
      const at = (path: string) => `/api/programmes/${programmeId}${path}`;
      t.setNow('2026-11-25T09:00:00.000Z');
      await t.http().post(at('/decisions')).send({ type: 'go-no-go', decision: 'go', reasons: 'Taken on 19 November', effectiveAt: '2026-11-19' }).expect(201);
      await t.http().post(at('/go-live')).send({ date: '2026-11-20' }).expect(200);
    } finally {
      await t.close();
    }
  });
});
