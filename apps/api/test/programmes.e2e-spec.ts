import request from 'supertest';
import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

const northshire = {
  name: 'Northshire children’s services transition',
  council: 'Northshire County Council',
  newBody: 'Northshire Children’s Trust',
  legalForm: 'company-limited-by-guarantee',
  servicesInScope: ['children’s social care', 'early help'],
  goLiveDate: '2027-04-01',
};

describe('programmes over HTTP', () => {
  let t: TestApp;
  const http = () => t.http();

  // One app for the file; each test counts only the events it causes.
  beforeAll(async () => (t = await startTestApp()));
  beforeEach(async () => {
    t.setNow('2026-11-22T10:00:00.000Z');
    await t.mark();
  });
  afterAll(async () => t.close());

  /** A refused request must leave the store exactly as it was. */
  const expectNothingWritten = async () => expect(await t.events()).toEqual([]);

  describe('POST /api/programmes', () => {
    it('registers a programme: 201 with id, version, ETag and Location, and records who, when and why', async () => {
      const response = await http().post('/api/programmes').set('x-correlation-id', 'board-pack-42').send(northshire).expect(201);

      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers.location).toBe(`/api/programmes/${response.body.id}`);
      expect(response.headers['x-correlation-id']).toBe('board-pack-42');

      const [event] = await t.events();
      expect(event).toMatchObject({
        streamId: `programme-${response.body.id}`,
        streamRevision: 0,
        type: 'ProgrammeRegistered',
        schemaVersion: 1,
        data: { programmeId: response.body.id, ...northshire, registeredAt: '2026-11-22T10:00:00.000Z' },
        metadata: {
          userId: ADMIN_USER_ID,
          role: 'administrator',
          correlationId: 'board-pack-42',
          causationId: expect.stringMatching(/^request:/),
          recordedAt: '2026-11-22T10:00:00.000Z',
        },
      });
    });

    it('reads the programme back, alone and in the list, straight after the write', async () => {
      const { body } = await http().post('/api/programmes').send(northshire).expect(201);

      const one = await http().get(`/api/programmes/${body.id}`).expect(200);
      expect(one.body).toEqual({
        id: body.id,
        ...northshire,
        goLiveConfirmed: false,
        status: 'active',
        registeredAt: '2026-11-22T10:00:00.000Z',
        // Registered with no start of its own: it began on the day it was registered.
        startedOn: '2026-11-22',
        // Not yet described for the portfolio.
        description: {},
        version: 1,
      });
      expect(one.headers.etag).toBe('"1"');
      // The list holds the earlier tests' programmes too (one app for the file): this one is the newest.
      const list = await http().get('/api/programmes').expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id).at(-1)).toBe(body.id);
    });

    it('trims text fields', async () => {
      const { body } = await http().post('/api/programmes').send({ ...northshire, name: '  Northshire  ' }).expect(201);
      expect((await http().get(`/api/programmes/${body.id}`)).body.name).toBe('Northshire');
    });

    it('answers a retried request (same Idempotency-Key) with the first answer and records it once', async () => {
      const first = await http().post('/api/programmes').set('idempotency-key', 'reg-001').send(northshire).expect(201);
      const retry = await http().post('/api/programmes').set('idempotency-key', 'reg-001').send(northshire).expect(201);

      expect(retry.body).toEqual(first.body);
      expect(await t.events()).toHaveLength(1);
    });

    it.each([
      ['a missing field', { ...northshire, council: undefined }, [{ field: 'council', problem: 'is required' }]],
      ['an empty name', { ...northshire, name: '   ' }, [{ field: 'name', problem: 'must not be empty' }]],
      ['a number for text', { ...northshire, newBody: 42 }, [{ field: 'newBody', problem: 'must be text' }]],
      ['an unknown legal form', { ...northshire, legalForm: 'plc' }, [{ field: 'legalForm', problem: expect.stringContaining('must be one of: company-limited-by-guarantee') }]],
      ['services not a list', { ...northshire, servicesInScope: 'social care' }, [{ field: 'servicesInScope', problem: 'must be a list of services' }]],
      ['no services', { ...northshire, servicesInScope: [] }, [{ field: 'servicesInScope', problem: 'must list at least 1 service' }]],
      ['a service that is not text', { ...northshire, servicesInScope: ['care', 7] }, [{ field: 'servicesInScope', problem: 'must list each service as text' }]],
      ['a service listed twice', { ...northshire, servicesInScope: ['a', 'a'] }, [{ field: 'servicesInScope', problem: 'must not list a service twice' }]],
      ['an impossible date', { ...northshire, goLiveDate: '2027-02-30' }, [{ field: 'goLiveDate', problem: 'must be a real date written YYYY-MM-DD' }]],
      ['a UK-style date', { ...northshire, goLiveDate: '01/04/2027' }, [{ field: 'goLiveDate', problem: 'must be a real date written YYYY-MM-DD' }]],
      ['a go-live date in the past', { ...northshire, goLiveDate: '2026-11-22' }, [{ field: 'goLiveDate', problem: 'must be a date after today' }]],
      ['a field the API does not know', { ...northshire, userId: 'someone-else' }, [{ field: 'userId', problem: 'property userId should not exist' }]],
      ['a name too long', { ...northshire, name: 'x'.repeat(201) }, [{ field: 'name', problem: 'must be at most 200 characters' }]],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, details) => {
      const response = await http().post('/api/programmes').send(body).expect(400);
      expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details });
      await expectNothingWritten();
    });

    it('names every bad field at once', async () => {
      const response = await http().post('/api/programmes').send({ name: 'x' }).expect(400);
      expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
        ['council', 'goLiveDate', 'legalForm', 'newBody', 'servicesInScope'].sort(),
      );
      await expectNothingWritten();
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await http().post('/api/programmes').set('content-type', 'application/json').send('{"name": ').expect(400);
      expect(response.body).toEqual({ code: 'BAD_REQUEST', message: expect.stringContaining('JSON'), details: [] });
      await expectNothingWritten();
    });

    it.each([['a JSON array', '[1,2]'], ['a JSON string', '"programme"'], ['null', 'null']])(
      'refuses %s as the body with 400',
      async (_, body) => {
        const response = await http().post('/api/programmes').set('content-type', 'application/json').send(body).expect(400);
        expect(response.body.details).toEqual([{ field: 'body', problem: 'must be a JSON object' }]);
        await expectNothingWritten();
      },
    );

    it('refuses a body that is not JSON with 415', async () => {
      const response = await http().post('/api/programmes').set('content-type', 'text/plain').send('name=x').expect(415);
      expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      await expectNothingWritten();
    });

    it('refuses a body over the size limit with 413', async () => {
      const response = await http()
        .post('/api/programmes')
        .send({ ...northshire, name: 'x'.repeat(1_100_000) })
        .expect(413);
      expect(response.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), details: [] });
      await expectNothingWritten();
    });

    it('refuses a malformed Idempotency-Key or If-Match with 400 naming the header', async () => {
      const key = await http().post('/api/programmes').set('idempotency-key', 'has spaces').send(northshire).expect(400);
      expect(key.body.details).toEqual([{ field: 'Idempotency-Key', problem: expect.any(String) }]);
      const match = await http().post('/api/programmes').set('if-match', 'yesterday').send(northshire).expect(400);
      expect(match.body.details).toEqual([{ field: 'If-Match', problem: expect.any(String) }]);
      await expectNothingWritten();
    });

    it('refuses If-Match on a programme that does not exist yet with 412', async () => {
      const response = await http().post('/api/programmes').set('if-match', '"3"').send(northshire).expect(412);
      expect(response.body).toMatchObject({ code: 'PRECONDITION_FAILED', details: [{ expectedVersion: 3, actualVersion: 0 }] });
      await expectNothingWritten();
    });
  });

  describe('GET /api/programmes/{id}', () => {
    it('answers 404 with a clear body for an unknown id', async () => {
      const response = await http().get('/api/programmes/5b0c4a3e-1111-4222-8333-444455556666').expect(404);
      expect(response.body).toEqual({
        code: 'NOT_FOUND',
        message: 'No programme with id 5b0c4a3e-1111-4222-8333-444455556666',
        details: [],
      });
    });
  });

  it('answers 404 in the same shape for an unknown address', async () => {
    const response = await http().get('/api/nothing-here').expect(404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: [] });
  });

  describe('GET /health', () => {
    it('reports the store reachable and projections caught up', async () => {
      await http().post('/api/programmes').send(northshire).expect(201);
      const head = await t.store.headPosition();
      // No credentials: health is for load balancers.
      const response = await request(t.app.getHttpServer()).get('/health').expect(200);
      expect(response.body).toEqual({
        live: true,
        ready: true,
        store: { kind: 'sqlite', reachable: true, headPosition: head },
        projections: { position: head, caughtUp: true },
        witnesses: { configured: [], pending: 0, failing: 0 },
        snapshots: { position: expect.any(Number), caughtUp: expect.any(Boolean) },
      });
      await http().get('/health/ready').expect(200);
    });
  });
});
