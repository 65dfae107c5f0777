import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** An item's and a finding's page show their own stream's history, read from that stream alone. */
describe('the history on an item’s and a finding’s page', () => {
  let t: TestApp;
  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-10-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
  });
  afterAll(async () => t.close());

  const historyOf = (html: string) => html.slice(html.indexOf('<h2 class="govuk-heading-m">History</h2>'));

  it('lists the item’s own events with who did them, none of another item’s, and only what was recorded by asOf', async () => {
    t.setNow('2026-10-02T09:00:00.000Z');
    const mine = (await t.http().post(at('/contracts')).send({ ...contractBody, reference: 'CON-MINE', mechanism: 'novate' }).expect(201)).body.id;
    const other = (await t.http().post(at('/contracts')).send({ ...contractBody, reference: 'CON-OTHER', supplier: 'Other Ltd', mechanism: 'novate' }).expect(201)).body.id;
    t.setNow('2026-10-05T09:00:00.000Z');
    await t.http().post(at(`/contracts/${other}/progress`)).send({ step: 'consent-requested' }).expect(200);
    t.setNow('2026-10-09T09:00:00.000Z');
    await t.http().post(at(`/contracts/${mine}/progress`)).send({ step: 'consent-requested' }).expect(200);
    const page = `/programmes/${programmeId}/registers/contracts/${mine}`;

    const now = historyOf((await t.http().get(page).expect(200)).text);
    expect(now).toContain('Contract registered');
    expect(now).toContain('Contract consent requested');
    expect(now).toContain('Administrator');
    expect(now.match(/govuk-table__row/g)).toHaveLength(3); // the header and two events
    const then = historyOf((await t.http().get(`${page}?asOf=2026-10-06`).expect(200)).text);
    expect(then).toContain('Contract registered');
    expect(then).not.toContain('Contract consent requested');
  });

  it('lists a finding’s own events', async () => {
    const finding = (await t.http().post(at('/findings')).send({ area: 'contracts', title: 'Consent slow', description: 'd', severity: 'medium', owner: 'Legal', dueDate: '2027-01-31' }).expect(201)).body.id;
    const html = historyOf((await t.http().get(`/programmes/${programmeId}/findings/${finding}`).expect(200)).text);
    expect(html).toContain('Finding raised');
    expect(html).not.toContain('Contract registered');
  });
});
