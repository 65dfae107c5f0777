import request from 'supertest';
import { contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

const UNKNOWN = '5b0c4a3e-1111-4222-8333-444455556666';
const NOW = '2026-11-22T10:00:00.000Z';

/** A finding about a whole area, as an adviser would raise it. */
const finding = {
  area: 'staff',
  title: 'No ELI received for the fostering team',
  description: 'The council has not yet supplied employee liability information for the fostering team.',
  severity: 'critical',
  owner: 'Head of HR, Northshire County Council',
  dueDate: '2027-01-31',
};

const eliReturn = {
  link: 'https://northshire.sharepoint.com/sites/transition/eli-fostering.pdf',
  sha256: 'ab'.repeat(32),
  description: 'ELI return for the fostering team',
};
const minutes = { link: 'https://northshire.sharepoint.com/sites/transition/hr-minutes.pdf' };

type Status = 'open' | 'mitigated' | 'resolved' | 'closed';

describe('findings over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const http = () => t.http();
  const findings = (programme = programmeId) => `/api/programmes/${programme}/findings`;

  /** A second adviser: four eyes let the administrator close only what someone else resolved. */
  let resolverToken: string;
  const resolver = () => t.http(resolverToken);

  // One app for the file, a programme of its own for each test.
  let resolvers = 0;
  beforeAll(async () => (t = await startTestApp()));
  beforeEach(async () => {
    t.setNow('2026-11-22T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    const id = (await t.http().post('/api/users').send({ email: `resolver.${++resolvers}@tracker.example`, name: 'Rita Resolver' }).expect(201)).body.id as string;
    resolverToken = (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string;
    await t.http().post(`/api/programmes/${programmeId}/members`).send({ userId: id, role: 'adviser' }).expect(201);
    await t.mark();
  });
  afterAll(async () => t.close());

  const raise = async (body: object = finding): Promise<string> => (await http().post(findings()).send(body).expect(201)).body.id;

  /** A finding brought to the given status through the API. */
  const findingIn = async (status: Status): Promise<string> => {
    const id = await raise();
    if (status === 'mitigated') await http().post(`${findings()}/${id}/mitigate`).send({ note: 'Interim cover agreed' }).expect(200);
    if (status === 'resolved' || status === 'closed') {
      await resolver().post(`${findings()}/${id}/resolve`).send({ resolution: 'ELI received', evidence: [eliReturn] }).expect(200);
    }
    if (status === 'closed') await http().post(`${findings()}/${id}/close`).send({}).expect(200);
    return id;
  };

  const registerContract = async (): Promise<string> =>
    (await http().post(`/api/programmes/${programmeId}/contracts`).send(contractBody).expect(201)).body.id;

  const lastEvent = async () => (await t.events()).at(-1)!;

  /** A refused request must leave the store exactly as it was. */
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const response = await send().expect(status);
    expect(await t.events()).toHaveLength(before);
    return response;
  };

  /** Every write on an existing finding: a valid body, and a status from which the move is legal. */
  const moves: [string, 'post' | 'patch', string, object, Status][] = [
    ['add evidence', 'post', '/evidence', { evidence: [minutes] }, 'open'],
    ['update', 'patch', '', { severity: 'high' }, 'open'],
    ['mitigate', 'post', '/mitigate', { note: 'Interim cover agreed' }, 'open'],
    ['resolve', 'post', '/resolve', { resolution: 'ELI received', evidence: [eliReturn] }, 'open'],
    ['close', 'post', '/close', { note: 'Checked the return against the staff list' }, 'resolved'],
    ['reopen', 'post', '/reopen', { reason: 'Two starters are missing from the ELI' }, 'closed'],
  ];
  const send = (method: 'post' | 'patch', path: string) => (method === 'post' ? http().post(path) : http().patch(path));

  describe('POST /api/programmes/{id}/findings', () => {
    it('raises a finding about an area: 201 with id, version, ETag and Location, and records it', async () => {
      const response = await http().post(findings()).send(finding).expect(201);

      const id = response.body.id;
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers.location).toBe(`${findings()}/${id}`);
      const event = await lastEvent();
      expect(event).toMatchObject({
        streamId: `programme-${programmeId}-finding-${id}`,
        streamRevision: 0,
        type: 'FindingRaised',
        schemaVersion: 1,
        metadata: { userId: ADMIN_USER_ID, recordedAt: NOW },
      });
      expect(event.data).toEqual({
        programmeId,
        findingId: id,
        target: { kind: 'area', area: 'staff' },
        title: finding.title,
        description: finding.description,
        severity: 'critical',
        owner: finding.owner,
        dueDate: '2027-01-31',
        evidence: [],
      });
      expect(event.metadata).not.toHaveProperty('effectiveAt');
    });

    it('raises a finding about a register item in the item’s area, with evidence and the day it became true', async () => {
      const itemId = await registerContract();
      t.setNow('2026-11-25T10:00:00.000Z');
      const { body } = await http()
        .post(findings())
        .send({ ...finding, itemId, area: undefined, evidence: [{ ...eliReturn, sha256: 'AB'.repeat(32) }, minutes], effectiveAt: '2026-11-24' })
        .expect(201);

      const event = await lastEvent();
      expect(event).toMatchObject({
        type: 'FindingRaised',
        data: { findingId: body.id, target: { kind: 'item', itemId, area: 'contracts' }, evidence: [eliReturn, minutes] },
        metadata: { recordedAt: '2026-11-25T10:00:00.000Z', effectiveAt: '2026-11-24T00:00:00.000Z' },
      });
      // Absent evidence fields stay absent: nothing undefined is stored.
      expect(Object.keys((event.data as { evidence: object[] }).evidence[1])).toEqual(['link']);
    });

    it('trims text fields', async () => {
      await raise({ ...finding, title: '  No ELI  ', owner: ' Head of HR ' });
      expect((await lastEvent()).data).toMatchObject({ title: 'No ELI', owner: 'Head of HR' });
    });

    it('answers a retried request (same Idempotency-Key) with the first answer and records it once', async () => {
      const first = await http().post(findings()).set('idempotency-key', 'finding-001').send(finding).expect(201);
      const retry = await http().post(findings()).set('idempotency-key', 'finding-001').send(finding).expect(201);

      expect(retry.body).toEqual(first.body);
      expect(retry.headers.location).toBe(first.headers.location);
      expect((await t.events()).filter((e) => e.type === 'FindingRaised')).toHaveLength(1);
    });

    it.each([
      ['neither itemId nor area', { ...finding, area: undefined }, 'itemId', expect.stringContaining('is required')],
      ['both itemId and area', { ...finding, itemId: UNKNOWN }, 'area', expect.stringContaining('must not be given with itemId')],
      ['an item id that is not an id', { ...finding, area: undefined, itemId: 'NCC-0412' }, 'itemId', 'must be the id of a register item'],
      ['an unknown area', { ...finding, area: 'pensions' }, 'area', expect.stringContaining('must be one of: systems, processes')],
      ['a missing title', { ...finding, title: undefined }, 'title', 'is required'],
      ['an empty title', { ...finding, title: '  ' }, 'title', 'must not be empty'],
      ['a title too long', { ...finding, title: 'x'.repeat(201) }, 'title', 'must be at most 200 characters'],
      ['a missing description', { ...finding, description: undefined }, 'description', 'is required'],
      ['a description too long', { ...finding, description: 'x'.repeat(5001) }, 'description', 'must be at most 5000 characters'],
      ['an unknown severity', { ...finding, severity: 'urgent' }, 'severity', 'must be one of: critical, high, medium, low'],
      ['a missing owner', { ...finding, owner: undefined }, 'owner', 'is required'],
      ['an owner too long', { ...finding, owner: 'x'.repeat(201) }, 'owner', 'must be at most 200 characters'],
      ['a missing due date', { ...finding, dueDate: undefined }, 'dueDate', 'is required'],
      ['a UK-style due date', { ...finding, dueDate: '31/01/2027' }, 'dueDate', 'must be a real date written YYYY-MM-DD'],
      ['evidence that is not a list', { ...finding, evidence: eliReturn }, 'evidence', 'must be a list of evidence'],
      ['more than 20 pieces of evidence', { ...finding, evidence: Array(21).fill(minutes) }, 'evidence', 'must list at most 20 pieces of evidence'],
      ['evidence that is not an object', { ...finding, evidence: ['https://x.org/a.pdf'] }, 'evidence', expect.stringContaining('as an object')],
      ['evidence without a link', { ...finding, evidence: [{ description: 'minutes' }] }, 'evidence[0].link', 'is required'],
      ['an ftp link', { ...finding, evidence: [{ link: 'ftp://files.northshire.gov.uk/eli.pdf' }] }, 'evidence[0].link', expect.stringContaining('http')],
      ['a link without its protocol', { ...finding, evidence: [{ link: 'northshire.gov.uk/eli.pdf' }] }, 'evidence[0].link', expect.stringContaining('http')],
      ['a short hash', { ...finding, evidence: [minutes, { ...eliReturn, sha256: 'ab'.repeat(31) }] }, 'evidence[1].sha256', expect.stringContaining('64 hexadecimal')],
      ['a hash that is not hex', { ...finding, evidence: [{ ...eliReturn, sha256: 'g'.repeat(64) }] }, 'evidence[0].sha256', expect.stringContaining('64 hexadecimal')],
      ['a field evidence does not have', { ...finding, evidence: [{ ...minutes, file: 'eli.pdf' }] }, 'evidence[0].file', 'property file should not exist'],
      ['an effectiveAt that is not a date', { ...finding, effectiveAt: 'last Tuesday' }, 'effectiveAt', expect.stringContaining('must be a date')],
      ['an effectiveAt in the future', { ...finding, effectiveAt: '2026-11-23' }, 'effectiveAt', 'must not be in the future'],
      ['an effectiveAt before the programme', { ...finding, effectiveAt: '2026-11-01' }, 'effectiveAt', expect.stringContaining('before the programme began')],
      ['a field the API does not know', { ...finding, status: 'closed' }, 'status', 'property status should not exist'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field, problem) => {
      const response = await refused(() => http().post(findings()).send(body), 400);
      expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: [{ field, problem }] });
    });

    it('answers 404 for an item that is not in the register, writing nothing', async () => {
      const response = await refused(() => http().post(findings()).send({ ...finding, area: undefined, itemId: UNKNOWN }), 404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No register item with id ${UNKNOWN}`, details: [] });
    });

    it('answers 404 for an item of another programme', async () => {
      const itemId = await registerContract();
      const other = await registerProgramme(t, { name: 'Southshire' });
      await refused(() => http().post(findings(other)).send({ ...finding, area: undefined, itemId }), 404);
    });

    it('refuses If-Match on a finding that does not exist yet with 412', async () => {
      const response = await refused(() => http().post(findings()).set('if-match', '"1"').send(finding), 412);
      expect(response.body).toMatchObject({ code: 'PRECONDITION_FAILED', details: [{ expectedVersion: 1, actualVersion: 0 }] });
    });
  });

  describe('each write on a finding', () => {
    it.each(moves)('%s answers 200 with the new version as body and ETag', async (_, method, path, body, from) => {
      const id = await findingIn(from);
      const before = (await t.events()).length;
      const version = (await http().get(`${findings()}/${id}`).expect(200)).body.version;

      const response = await send(method, `${findings()}/${id}${path}`).send(body).expect(200);

      expect(response.body).toEqual({ id, version: version + 1 });
      expect(response.headers.etag).toBe(`"${version + 1}"`);
      expect(await t.events()).toHaveLength(before + 1);
    });

    it.each(moves)('%s records the day it became true as effectiveAt', async (_, method, path, body, from) => {
      const id = await findingIn(from);
      t.setNow('2026-11-25T10:00:00.000Z');
      await send(method, `${findings()}/${id}${path}`).send({ ...body, effectiveAt: '2026-11-24T09:30:00+00:00' }).expect(200);
      expect((await lastEvent()).metadata).toMatchObject({ effectiveAt: '2026-11-24T09:30:00.000Z', recordedAt: '2026-11-25T10:00:00.000Z' });
    });

    it.each(moves)('%s refuses an effectiveAt in the future with 400, writing nothing', async (_, method, path, body, from) => {
      const id = await findingIn(from);
      const response = await refused(() => send(method, `${findings()}/${id}${path}`).send({ ...body, effectiveAt: '2026-12-01' }), 400);
      expect(response.body.details).toEqual([{ field: 'effectiveAt', problem: 'must not be in the future' }]);
    });

    it.each(moves)('%s answers 404 for an unknown finding, writing nothing', async (_, method, path, body) => {
      const response = await refused(() => send(method, `${findings()}/${UNKNOWN}${path}`).send(body), 404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No finding with id ${UNKNOWN}`, details: [] });
    });

    it.each(moves)('%s answers 404 for an unknown programme, writing nothing', async (_, method, path, body, from) => {
      const id = await findingIn(from);
      const response = await refused(() => send(method, `${findings(UNKNOWN)}/${id}${path}`).send(body), 404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No programme with id ${UNKNOWN}`, details: [] });
    });

    it.each(moves)('%s refuses a stale If-Match with 412, writing nothing', async (_, method, path, body, from) => {
      const id = await findingIn(from);
      const { version } = (await http().get(`${findings()}/${id}`).expect(200)).body;
      const response = await refused(() => send(method, `${findings()}/${id}${path}`).set('if-match', `"${version - 1}"`).send(body), 412);
      expect(response.body).toMatchObject({ code: 'PRECONDITION_FAILED', details: [{ expectedVersion: version - 1, actualVersion: version }] });
    });

    it.each(moves)('%s accepts a current If-Match', async (_, method, path, body, from) => {
      const id = await findingIn(from);
      const { headers } = await http().get(`${findings()}/${id}`).expect(200);
      await send(method, `${findings()}/${id}${path}`).set('if-match', headers.etag).send(body).expect(200);
    });

    it.each(moves)('%s is refused with 409 once the programme is closed, writing nothing', async (_, method, path, body, from) => {
      const id = await findingIn(from);
      await http().post(`/api/programmes/${programmeId}/closure`).send({ note: 'Stopped' }).expect(200);
      const response = await refused(() => send(method, `${findings()}/${id}${path}`).send(body), 409);
      expect(response.body).toEqual({ code: 'ILLEGAL_STATE', message: expect.stringContaining('The programme is closed'), details: [] });
    });

    it.each(moves)('%s refuses a body that is not a JSON object with 400', async (_, method, path, _body, from) => {
      const id = await findingIn(from);
      const response = await refused(() => send(method, `${findings()}/${id}${path}`).set('content-type', 'application/json').send('[]'), 400);
      expect(response.body.details).toEqual([{ field: 'body', problem: 'must be a JSON object' }]);
    });

    it('raising is refused with 409 once the programme is closed, writing nothing', async () => {
      await http().post(`/api/programmes/${programmeId}/closure`).send({ note: 'Stopped' }).expect(200);
      await refused(() => http().post(findings()).send(finding), 409);
    });

    it('raising answers 404 for an unknown programme, writing nothing', async () => {
      const response = await refused(() => http().post(findings(UNKNOWN)).send(finding), 404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No programme with id ${UNKNOWN}`, details: [] });
    });

    it.each<[string, string, object, Status, string]>([
      ['add evidence to a closed finding', '/evidence', { evidence: [minutes] }, 'closed', 'This finding is closed; reopen it before adding evidence'],
      ['update a resolved finding', '', { owner: 'Someone else' }, 'resolved', 'This finding is resolved; reopen it before changing it'],
      ['update a closed finding', '', { owner: 'Someone else' }, 'closed', 'This finding is closed; reopen it before changing it'],
      ['mitigate a mitigated finding', '/mitigate', { note: 'More cover' }, 'mitigated', 'This finding is already mitigated'],
      ['mitigate a resolved finding', '/mitigate', { note: 'More cover' }, 'resolved', 'This finding is already resolved'],
      ['mitigate a closed finding', '/mitigate', { note: 'More cover' }, 'closed', 'This finding is closed'],
      ['resolve a resolved finding', '/resolve', { resolution: 'Again', evidence: [minutes] }, 'resolved', 'This finding is already resolved'],
      ['resolve a closed finding', '/resolve', { resolution: 'Again', evidence: [minutes] }, 'closed', 'This finding is closed; reopen it before resolving it again'],
      ['close an open finding', '/close', {}, 'open', 'This finding is not resolved yet; resolve it with evidence before closing it'],
      ['close a mitigated finding', '/close', {}, 'mitigated', 'This finding is not resolved yet'],
      ['close a closed finding', '/close', {}, 'closed', 'This finding is already closed'],
      ['reopen an open finding', '/reopen', { reason: 'Why not' }, 'open', 'This finding is already open'],
      ['reopen a mitigated finding', '/reopen', { reason: 'Why not' }, 'mitigated', 'This finding is already open'],
    ])('refuses to %s with 409 saying why, writing nothing', async (_, path, body, from, why) => {
      const id = await findingIn(from);
      const response = await refused(() => send(path === '' ? 'patch' : 'post', `${findings()}/${id}${path}`).send(body), 409);
      expect(response.body).toEqual({ code: 'ILLEGAL_STATE', message: expect.stringContaining(why), details: [] });
    });
  });

  describe('POST …/findings/{id}/evidence', () => {
    it('adds evidence, keeping what was there', async () => {
      const id = await raise({ ...finding, evidence: [eliReturn] });
      await http().post(`${findings()}/${id}/evidence`).send({ evidence: [minutes] }).expect(200);

      expect(await lastEvent()).toMatchObject({ type: 'FindingEvidenceAdded', data: { programmeId, findingId: id, evidence: [minutes] } });
      expect((await http().get(`${findings()}/${id}`)).body.evidence).toEqual([eliReturn, minutes]);
    });

    it.each([
      ['no evidence', {}, 'evidence', 'is required'],
      ['an empty list', { evidence: [] }, 'evidence', 'must list at least 1 piece of evidence'],
      ['more than 20', { evidence: Array(21).fill(minutes) }, 'evidence', 'must list at most 20 pieces of evidence'],
      ['a bad link', { evidence: [{ link: 'javascript:alert(1)' }] }, 'evidence[0].link', expect.stringContaining('http')],
      ['a description too long', { evidence: [{ ...minutes, description: 'x'.repeat(501) }] }, 'evidence[0].description', 'must be at most 500 characters'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field, problem) => {
      const id = await raise();
      const response = await refused(() => http().post(`${findings()}/${id}/evidence`).send(body), 400);
      expect(response.body.details).toEqual([{ field, problem }]);
    });
  });

  describe('PATCH …/findings/{id}', () => {
    it('records only the fields that change', async () => {
      const id = await raise();
      const response = await http()
        .patch(`${findings()}/${id}`)
        .send({ severity: 'high', owner: 'Director of HR', title: finding.title })
        .expect(200);

      expect(response.body).toEqual({ id, version: 2 });
      const event = await lastEvent();
      expect(event.type).toBe('FindingUpdated');
      expect(event.data).toEqual({ programmeId, findingId: id, changes: { severity: 'high', owner: 'Director of HR' } });
      expect((await http().get(`${findings()}/${id}`)).body).toMatchObject({ severity: 'high', owner: 'Director of HR', title: finding.title });
    });

    it('records nothing when nothing changes, and answers the version as it stands', async () => {
      const id = await raise();
      const before = (await t.events()).length;
      const response = await http().patch(`${findings()}/${id}`).send({ severity: 'critical' }).expect(200);
      expect(response.body).toEqual({ id, version: 1 });
      expect(await t.events()).toHaveLength(before);
    });

    it.each([
      ['an empty body', {}, 'body', expect.stringContaining('must change at least one of: title, description, severity, owner, dueDate')],
      ['only effectiveAt', { effectiveAt: '2026-11-22' }, 'body', expect.stringContaining('must change at least one of')],
      ['an empty title', { title: ' ' }, 'title', 'must not be empty'],
      ['a title too long', { title: 'x'.repeat(201) }, 'title', 'must be at most 200 characters'],
      ['a description too long', { description: 'x'.repeat(5001) }, 'description', 'must be at most 5000 characters'],
      ['an unknown severity', { severity: 'urgent' }, 'severity', 'must be one of: critical, high, medium, low'],
      ['an owner too long', { owner: 'x'.repeat(201) }, 'owner', 'must be at most 200 characters'],
      ['an impossible due date', { dueDate: '2027-02-30' }, 'dueDate', 'must be a real date written YYYY-MM-DD'],
      ['a new area', { area: 'systems' }, 'area', 'property area should not exist'],
      ['a new item', { itemId: UNKNOWN }, 'itemId', 'property itemId should not exist'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field, problem) => {
      const id = await raise();
      const response = await refused(() => http().patch(`${findings()}/${id}`).send(body), 400);
      expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: [{ field, problem }] });
    });
  });

  describe('POST …/findings/{id}/mitigate', () => {
    it('records the mitigation', async () => {
      const id = await raise();
      await http().post(`${findings()}/${id}/mitigate`).send({ note: 'Interim cover agreed' }).expect(200);
      expect(await lastEvent()).toMatchObject({ type: 'FindingMitigated', data: { programmeId, findingId: id, note: 'Interim cover agreed' } });
    });

    it.each([
      ['no note', {}, 'note', 'is required'],
      ['a note too long', { note: 'x'.repeat(2001) }, 'note', 'must be at most 2000 characters'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field, problem) => {
      const id = await raise();
      const response = await refused(() => http().post(`${findings()}/${id}/mitigate`).send(body), 400);
      expect(response.body.details).toEqual([{ field, problem }]);
    });
  });

  describe('POST …/findings/{id}/resolve', () => {
    it('resolves with evidence, from open or mitigated', async () => {
      for (const from of ['open', 'mitigated'] as const) {
        const id = await findingIn(from);
        await http().post(`${findings()}/${id}/resolve`).send({ resolution: 'ELI received', evidence: [eliReturn] }).expect(200);
        expect(await lastEvent()).toMatchObject({
          type: 'FindingResolved',
          data: { programmeId, findingId: id, resolution: 'ELI received', evidence: [eliReturn] },
        });
      }
    });

    it('resolves without new evidence when evidence was added earlier', async () => {
      const id = await raise({ ...finding, evidence: [eliReturn] });
      await http().post(`${findings()}/${id}/resolve`).send({ resolution: 'ELI received' }).expect(200);
      expect(await lastEvent()).toMatchObject({ type: 'FindingResolved', data: { evidence: [] } });
    });

    it.each([
      ['no evidence at all', { resolution: 'Sorted' }, 'evidence', 'must include at least one piece of evidence to resolve a finding'],
      ['no resolution', { evidence: [eliReturn] }, 'resolution', 'is required'],
      ['a resolution too long', { resolution: 'x'.repeat(5001), evidence: [eliReturn] }, 'resolution', 'must be at most 5000 characters'],
      ['a bad hash', { resolution: 'Sorted', evidence: [{ ...eliReturn, sha256: 'abc' }] }, 'evidence[0].sha256', expect.stringContaining('64 hexadecimal')],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field, problem) => {
      const id = await raise();
      const response = await refused(() => http().post(`${findings()}/${id}/resolve`).send(body), 400);
      expect(response.body.details).toEqual([{ field, problem }]);
    });
  });

  describe('POST …/findings/{id}/close', () => {
    it('closes a resolved finding with the adviser’s note', async () => {
      const id = await findingIn('resolved');
      await http().post(`${findings()}/${id}/close`).send({ note: 'Checked against the staff list' }).expect(200);
      expect(await lastEvent()).toMatchObject({ type: 'FindingClosed', data: { programmeId, findingId: id, note: 'Checked against the staff list' } });
    });

    it('closes without a note, storing none', async () => {
      const id = await findingIn('resolved');
      await http().post(`${findings()}/${id}/close`).send({}).expect(200);
      expect((await lastEvent()).data).toEqual({ programmeId, findingId: id });
    });

    it('refuses a note too long with 400, writing nothing', async () => {
      const id = await findingIn('resolved');
      const response = await refused(() => http().post(`${findings()}/${id}/close`).send({ note: 'x'.repeat(2001) }), 400);
      expect(response.body.details).toEqual([{ field: 'note', problem: 'must be at most 2000 characters' }]);
    });
  });

  describe('POST …/findings/{id}/reopen', () => {
    it.each<[Status]>([['resolved'], ['closed']])('reopens a %s finding, recording where it was', async (from) => {
      const id = await findingIn(from);
      await http().post(`${findings()}/${id}/reopen`).send({ reason: 'Two starters are missing' }).expect(200);
      expect(await lastEvent()).toMatchObject({
        type: 'FindingReopened',
        data: { programmeId, findingId: id, reason: 'Two starters are missing', reopenedFrom: from },
      });
      expect((await http().get(`${findings()}/${id}`)).body.status).toBe('open');
    });

    it.each([
      ['no reason', {}, 'reason', 'is required'],
      ['an empty reason', { reason: '' }, 'reason', 'must not be empty'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field, problem) => {
      const id = await findingIn('closed');
      const response = await refused(() => http().post(`${findings()}/${id}/reopen`).send(body), 400);
      expect(response.body.details).toEqual([{ field, problem }]);
    });
  });

  describe('GET …/findings/{id}', () => {
    it('answers the finding as it stands, with its version as body field and ETag', async () => {
      const itemId = await registerContract();
      const id = await raise({ ...finding, area: undefined, itemId });
      await http().post(`${findings()}/${id}/evidence`).send({ evidence: [minutes] }).expect(200);
      await http().post(`${findings()}/${id}/resolve`).send({ resolution: 'ELI received', evidence: [eliReturn] }).expect(200);

      const response = await http().get(`${findings()}/${id}`).expect(200);

      expect(response.body).toEqual({
        programmeId,
        findingId: id,
        status: 'resolved',
        target: { kind: 'item', itemId, area: 'contracts' },
        title: finding.title,
        description: finding.description,
        severity: 'critical',
        owner: finding.owner,
        dueDate: '2027-01-31',
        evidence: [minutes, eliReturn],
        // Who resolved it, for four eyes: the one who may not close it.
        resolvedBy: ADMIN_USER_ID,
        version: 3,
      });
      expect(response.headers.etag).toBe('"3"');
    });

    it('answers 404 for an unknown finding', async () => {
      const response = await http().get(`${findings()}/${UNKNOWN}`).expect(404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No finding with id ${UNKNOWN}`, details: [] });
    });

    it('answers 404 for an unknown programme, and for a finding asked for under another programme', async () => {
      const id = await raise();
      const unknown = await http().get(`${findings(UNKNOWN)}/${id}`).expect(404);
      expect(unknown.body.message).toBe(`No programme with id ${UNKNOWN}`);
      const other = await registerProgramme(t, { name: 'Southshire' });
      await http().get(`${findings(other)}/${id}`).expect(404);
    });
  });
});
