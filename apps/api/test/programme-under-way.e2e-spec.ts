import request from 'supertest';
import { contractBody, northshire, registerProgramme } from './support/fixtures';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { tokenIn, signInSession } from './support/browser';

// The tests' clock reads 22 November 2026; the programme began 14 months before it was registered.
const NOW = '2026-11-22T10:00:00.000Z';
const STARTED_ON = '2025-09-22';
const THIRTEEN_MONTHS_AGO = '2025-10-22';
const TWELVE_MONTHS_AGO = '2025-11-22';
const FIFTEEN_MONTHS_AGO = '2025-08-22';
const TEN_MONTHS_AGO = '2026-01-22';

/** A programme already under way: registered now with the day it began, its earlier history loaded as effective then. */
describe('a programme already under way', () => {
  let t: TestApp;
  let programmeId: string;
  let contractId: string;
  const at = (path = '') => `/api/programmes/${programmeId}${path}`;

  beforeAll(async () => {
    t = await startTestApp({}, NOW);
    programmeId = await registerProgramme(t, { startedOn: STARTED_ON } as object);
  }, 60_000);
  afterAll(async () => t?.close());

  it('is registered with the day it began, recorded now and effective from that day', async () => {
    const programme = (await t.http().get(at()).expect(200)).body;
    expect(programme).toMatchObject({ startedOn: STARTED_ON, registeredAt: NOW });
    const [registered] = await t.events().then((events) => events.filter((e) => e.type === 'ProgrammeRegistered' && e.streamId === `programme-${programmeId}`));
    expect(registered.data).toMatchObject({ startedOn: STARTED_ON });
    // 22 September 2025 began at 23:00 UTC the day before (British Summer Time).
    expect(registered.metadata).toMatchObject({ recordedAt: NOW, effectiveAt: '2025-09-21T23:00:00.000Z' });
  });

  it('a programme that begins today, or is given no start, begins on the day it is registered', async () => {
    const today = await registerProgramme(t, { name: 'Begins today', startedOn: '2026-11-22' } as object);
    const plain = await registerProgramme(t, { name: 'No start given' });
    for (const id of [today, plain]) {
      expect((await t.http().get(`/api/programmes/${id}`).expect(200)).body.startedOn).toBe('2026-11-22');
      const [event] = (await t.events()).filter((e) => e.streamId === `programme-${id}`);
      expect(event.data).not.toHaveProperty('startedOn');
      expect(event.metadata).not.toHaveProperty('effectiveAt');
    }
    // Nothing of a programme registered today can be effective before it was registered.
    await t.http().post(`/api/programmes/${plain}/contracts`).send({ ...contractBody, effectiveAt: '2026-11-21' }).expect(400);
  });

  it('refuses a start in the future or not a date, naming startedOn, and records nothing', async () => {
    const before = (await t.events()).length;
    const future = await t.http().post('/api/programmes').send({ ...northshire, startedOn: '2026-11-23' }).expect(400);
    expect(future.body.details).toEqual([{ field: 'startedOn', problem: 'must not be in the future' }]);
    const notADate = await t.http().post('/api/programmes').send({ ...northshire, startedOn: '2025-02-30' }).expect(400);
    expect(notADate.body.details).toEqual([{ field: 'startedOn', problem: 'must be a real date written YYYY-MM-DD' }]);
    expect((await t.events()).length).toBe(before);
  });

  it('takes its earlier history effective back to the day it began, and not before', async () => {
    contractId = (await t.http().post(at('/contracts')).send({ ...contractBody, effectiveAt: THIRTEEN_MONTHS_AGO }).expect(201)).body.id;
    await t.http().post(at(`/contracts/${contractId}/progress`)).send({ step: 'consent-requested', effectiveAt: TWELVE_MONTHS_AGO }).expect(200);

    const before = (await t.events()).length;
    const early = await t.http().post(at(`/contracts/${contractId}/progress`)).send({ step: 'consent-received', effectiveAt: FIFTEEN_MONTHS_AGO }).expect(400);
    expect(early.body.details).toEqual([{ field: 'effectiveAt', problem: 'must not be before the programme began (2025-09-21T23:00:00.000Z)' }]);
    expect((await t.events()).length).toBe(before);

    const recorded = (await t.events()).filter((e) => e.streamId.endsWith(contractId));
    expect(recorded.map((e) => [e.type, e.metadata.recordedAt, e.metadata.effectiveAt])).toEqual([
      ['ContractRegistered', NOW, '2025-10-21T23:00:00.000Z'],
      ['ContractConsentRequested', NOW, '2025-11-22T00:00:00.000Z'],
    ]);
  });

  it('keeps the "as known" views honest: nothing was known before registration, while what was true then shows the back-dated steps', async () => {
    // What was known the day before it was registered: nothing at all.
    await t.http().get(at('/readiness?asOf=2026-11-21')).expect(404);
    await t.http().get(at('/contracts?asOf=2026-11-21')).expect(404);

    // What is now known to have been true ten months ago: the contract, with consent requested.
    const then = (await t.http().get(at(`/readiness?validAt=${TEN_MONTHS_AGO}`)).expect(200)).body;
    expect(then).toMatchObject({ validAt: `${TEN_MONTHS_AGO}T23:59:59.999Z`, asOf: null });
    expect(then.today).toBe(TEN_MONTHS_AGO);
    const areas = then.areas as { area: string; counts: Record<string, number> }[];
    expect(Object.values(areas.find((a) => a.area === 'contracts')!.counts).reduce((a, b) => a + b, 0)).toBe(1);
    const contracts = (await t.http().get(at(`/contracts?validAt=${TEN_MONTHS_AGO}`)).expect(200)).body.items;
    expect(contracts).toHaveLength(1);
    expect(contracts[0].steps).toHaveProperty('consent-requested');

    // Before the contract became true, the programme was under way with nothing registered.
    const earlier = (await t.http().get(at(`/contracts?validAt=2025-10-01`)).expect(200)).body.items;
    expect(earlier).toEqual([]);
  });

  it('draws its trend from the day it was registered: the days before, nobody saw a readiness', async () => {
    t.setNow('2026-11-25T10:00:00.000Z');
    const { days } = (await t.http().get(at('/readiness/trend')).expect(200)).body;
    expect(days[0].date).toBe('2026-11-22');
    expect(days.at(-1).date).toBe('2026-11-25');
    t.setNow(NOW);
  });

  it('says on its dashboard when it began, and is registered from the administrator’s page with that day', async () => {
    const anonymous = () => request(t.app.getHttpServer());
      const { cookie } = await signInSession(t, 'admin@localhost', ADMIN_PASSWORD);
    const get = (path: string, status = 200) => anonymous().get(path).set('cookie', cookie).expect(status);

    const dashboard = await get(`/programmes/${programmeId}`);
    expect(dashboard.text).toContain('Began on 22 September 2025; already under way when it was registered on 22 November 2026.');

    const list = await get('/programmes');
    expect(list.text).toContain('href="/programmes/new"');
    const page = await get('/programmes/new');
    expect(page.text).toContain('When the programme began (optional)');
    const csrf = tokenIn(page.text);
    const post = (fields: Record<string, string>, status: number) =>
      anonymous().post('/programmes/new').set('cookie', cookie).type('form').send(new URLSearchParams({ _csrf: csrf, ...fields }).toString()).expect(status);
    const answers = { name: 'Southshire transition', council: 'Southshire Council', newBody: 'Southshire Children’s Trust', legalForm: 'company-limited-by-guarantee', servicesInScope: 'children’s social care\r\nearly help', goLiveDate: '2027-09-01' };

    const before = (await t.events()).length;
    const bad = await post({ ...answers, startedOn: '2027-01-01' }, 400);
    expect(bad.text).toContain('When the programme began (optional) must not be in the future');
    expect(bad.text).toContain('There is a problem');
    expect((await t.events()).length).toBe(before);

    const done = await post({ ...answers, startedOn: '2026-04-01' }, 303);
    const id = /^\/programmes\/([0-9a-f-]{36})\?done=programme$/.exec(done.headers.location)![1];
    expect((await t.http().get(`/api/programmes/${id}`).expect(200)).body).toMatchObject({ name: 'Southshire transition', startedOn: '2026-04-01', servicesInScope: ['children’s social care', 'early help'] });
    const shown = await get(done.headers.location);
    expect(shown.text).toContain('The programme has been registered.');
    expect(shown.text).toContain('Began on 1 April 2026');
  });
});
