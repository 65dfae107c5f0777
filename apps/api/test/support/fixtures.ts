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
