import { TestApp } from './test-app';

/** A programme as the tests' clock (2026-11-22) would accept it. */
export const northshire = {
  name: 'Northshire children’s services transition',
  council: 'Northshire County Council',
  newBody: 'Northshire Children’s Trust',
  legalForm: 'company-limited-by-guarantee',
  servicesInScope: ['children’s social care', 'early help'],
  goLiveDate: '2027-04-01',
};

/** Registers a programme through the API and answers its id. */
export async function registerProgramme(t: TestApp, overrides: Partial<typeof northshire> & { startedOn?: string } = {}): Promise<string> {
  const response = await t.http().post('/api/programmes').send({ ...northshire, ...overrides }).expect(201);
  return response.body.id as string;
}

/** A contract register entry as the API takes it. */
export const contractBody = {
  reference: 'NCC-0412',
  supplier: 'Carefirst Ltd',
  title: 'Case management system licences',
  annualValue: 120000,
  expiryDate: '2028-03-31',
  mechanism: 'novate',
};

/**
 * Closes a programme as an administrator: after go-live with a review (lessons for one area, the
 * exit strategy checked) and every outstanding thing handed over, as the closure asks.
 */
export async function closeProgramme(t: TestApp, programmeId: string, note = 'Handed over to the trust'): Promise<void> {
  const { body } = await t.http().get(`/api/programmes/${programmeId}/closure`).expect(200);
  const review = body.wentLive
    ? {
        lessons: [{ area: 'contracts', wentWell: 'Novations started early', didNotGoWell: 'Supplier consents chased too late' }],
        exitStrategy: 'Checked against the exit schedule of the services contract',
        handovers: (body.outstanding as { id: string }[]).map(({ id }) => ({ id, to: 'Trust commercial team' })),
      }
    : {};
  await t.http().post(`/api/programmes/${programmeId}/closure`).send({ note, ...review }).expect(200);
}
