import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

describe('registers in from spreadsheets, and out again', () => {
  let t: TestApp;
  let programmeId: string;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_LIMIT_BYTES: String(1024 * 1024) });
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    programmeId = await registerProgramme(t, { name: `Import ${Math.random().toString(36).slice(2, 8)}` });
  });

  const upload = (register: string, file: Buffer, filename: string, mapping?: string) => {
    let call = t.http().post(`/api/programmes/${programmeId}/imports?register=${register}`).attach('file', file, filename);
    if (mapping !== undefined) call = call.field('mapping', mapping);
    return call;
  };
  const list = async (register: string) => (await t.http().get(`/api/programmes/${programmeId}/${register}?limit=1000`).expect(200)).body.items;
  const eventCount = async () => (await t.events()).length;

  it('records every row of a tidy CSV, as the importing user, in one go', async () => {
    const response = await upload('contracts', fixture('contracts-clean.csv'), 'contracts.csv').expect(201);

    expect(response.body).toEqual({ recorded: 12, unchanged: 0, ignoredColumns: [] });
    const items = await list('contracts');
    expect(items).toHaveLength(12);
    expect(items[0]).toMatchObject({ reference: 'NCC-C-0101', details: { supplier: 'Carefirst Ltd', annualValue: 12000, expiryDate: '2027-01-10', mechanism: 'novate' } });
    const registered = (await t.events()).filter((e) => e.type === 'ContractRegistered' && (e.data as { programmeId: string }).programmeId === programmeId);
    expect(registered).toHaveLength(12);
    expect(new Set(registered.map((e) => e.metadata.correlationId)).size).toBe(1);
    expect(new Set(registered.map((e) => e.metadata.userId))).toEqual(new Set([registered[0].metadata.userId]));
  });

  it('reads a messy workbook: title rows, merged group headers, blank rows, £ as text, UK dates, formulas, a column it has no field for', async () => {
    const response = await upload('contracts', fixture('contracts-messy.xlsx'), 'Contracts register.xlsx').expect(201);

    expect(response.body).toEqual({ recorded: 6, unchanged: 0, ignoredColumns: ['Notes'] });
    const byRef = Object.fromEntries((await list('contracts')).map((item: { reference: string; details: object }) => [item.reference, item.details]));
    expect(byRef).toEqual({
      'NCC-C-0201': { supplier: 'Carefirst Ltd', title: 'Case management system licences', annualValue: 125000, expiryDate: '2028-03-31', mechanism: 'novate' },
      'NCC-C-0202': { supplier: 'Foster Care Associates', title: 'Independent fostering placements', annualValue: 1250000, expiryDate: '2027-09-30', mechanism: 'novate' },
      'NCC-C-0203': { supplier: 'Blue Sky Transport', title: 'Home to school transport', annualValue: 310500, expiryDate: '2027-04-01', mechanism: 'new-contract' },
      'NCC-C-0204': { supplier: 'Barnardo’s', title: 'Advocacy service', annualValue: 48000, expiryDate: '2027-09-30' },
      'NCC-C-0205': { supplier: 'Rainbow Nurseries', title: 'Supervised contact centre', annualValue: 36000.5, expiryDate: '2028-01-15', mechanism: 'council-retains' },
      'NCC-C-0206': { supplier: 'Capita Business Services', title: 'Payroll bureau service', annualValue: 84000, expiryDate: '2028-03-31', mechanism: 'terminate' },
    });
  });

  it('reads a Windows-1252 CSV as Excel saves it, £ signs and two-digit years included', async () => {
    await upload('contracts', fixture('contracts-windows.csv'), 'contracts.csv').expect(201, { recorded: 3, unchanged: 0, ignoredColumns: [] });
    const items = await list('contracts');
    expect(items.map((i: { details: { annualValue: number; expiryDate: string } }) => [i.details.annualValue, i.details.expiryDate])).toEqual([
      [1000000, '2028-03-31'],
      [22400, '2029-02-28'],
      [9950, '2027-06-30'],
    ]);
  });

  it('refuses a bad file with every problem by row and column, and records nothing', async () => {
    const before = await eventCount();
    const response = await upload('contracts', fixture('contracts-bad.csv'), 'contracts.csv').expect(422);

    expect(response.body.code).toBe('IMPORT_REFUSED');
    expect(response.body.message).toBe('7 problems in the file; nothing was recorded.');
    expect(response.body.problems).toEqual([
      { row: 2, column: 'End Date', value: '31/02/2028', problem: expect.stringMatching(/^is not a real date/) },
      { row: 3, column: 'Supplier Name', value: '', problem: 'is required' },
      { row: 4, column: 'Annual Value (£)', value: 'TBC', problem: expect.stringMatching(/^must be an amount in pounds/) },
      { row: 4, column: 'Mechanism', value: 'Transfer', problem: 'must be one of: Novate, Assign, New contract, Council retains, Terminate' },
      { row: 5, column: 'Contract Ref', value: 'NCC-C-0401', problem: 'repeats the reference in row 2' },
      { row: 6, column: 'End Date', value: 'next year', problem: expect.stringMatching(/^must be a date/) },
      { row: 7, column: 'Contract Ref', value: '', problem: 'is required' },
    ]);
    expect(await eventCount()).toBe(before);
    expect(await list('contracts')).toEqual([]);
  });

  it('re-importing the same file records nothing; a changed file records only the changes', async () => {
    await upload('contracts', fixture('contracts-clean.csv'), 'contracts.csv').expect(201);
    const before = await eventCount();

    await upload('contracts', fixture('contracts-clean.csv'), 'contracts.csv').expect(201, { recorded: 0, unchanged: 12, ignoredColumns: [] });
    expect(await eventCount()).toBe(before);

    await upload('contracts', fixture('contracts-changed.csv'), 'contracts.csv').expect(201, { recorded: 3, unchanged: 10, ignoredColumns: [] });
    const added = (await t.events()).slice(before);
    expect(added.map((e) => [e.type, (e.data as { changes?: object }).changes])).toEqual([
      ['RegisterItemAmended', { annualValue: 99999 }],
      ['RegisterItemAmended', { supplier: 'Northgate Public Services Ltd' }],
      ['ContractRegistered', undefined],
    ]);
  });

  it('imports every other register, matching their own headers', async () => {
    const cases: [string, string, number][] = [
      ['systems', 'systems.xlsx', 4],
      ['assets', 'assets.csv', 3],
      ['staff-groups', 'staff-groups.xlsx', 3],
      ['slas', 'slas.csv', 3],
      ['processes', 'processes.csv', 3],
    ];
    for (const [register, file, rows] of cases) {
      await upload(register, fixture(file), file).expect(201, { recorded: rows, unchanged: 0, ignoredColumns: [] });
      expect(await list(register)).toHaveLength(rows);
    }
    const [hr] = await list('slas');
    expect(hr.details).toEqual({ service: 'hr', kpis: ['Cases opened in 2 days', 'Advice within 5 days'], annualPrice: 85000, termMonths: 36 });
    const systems = await list('systems');
    expect(systems.map((s: { details: { category: string; migrationNeeded: boolean } }) => [s.details.category, s.details.migrationNeeded])).toEqual([
      ['case-management', true],
      ['finance', false],
      ['hr-payroll', true],
      ['telephony', false],
    ]);
  });

  it('refuses every row, recording none, when the domain refuses them: a closed programme changes no more', async () => {
    await t.http().post(`/api/programmes/${programmeId}/closure`).send({ note: 'Stopped by the council' }).expect(200);
    const before = await eventCount();

    const response = await upload('contracts', fixture('contracts-clean.csv'), 'contracts.csv').expect(422);
    expect(response.body.problems).toHaveLength(12);
    expect(response.body.problems[0]).toEqual({ row: 2, column: 'Reference', value: 'NCC-C-0101', problem: expect.stringMatching(/The programme is closed/) });
    expect(await eventCount()).toBe(before);
  });

  it('imports a register after go-live: contracts found late are recorded in the tail', async () => {
    await t.http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201);
    await t.http().post(`/api/programmes/${programmeId}/go-live`).send({ date: '2026-11-22' }).expect(200);
    const before = await eventCount();
    await upload('contracts', fixture('contracts-clean.csv'), 'contracts.csv').expect(201);
    expect(await eventCount()).toBe(before + 12);
  });

  it('takes an explicit mapping for headers it does not know', async () => {
    const file = Buffer.from('Our code,Firm,Purpose,Cost a year,Ends\r\nX-1,Acme Ltd,Cleaning,"£1,200",31/12/2027\r\n');
    const unmapped = await upload('contracts', file, 'c.csv').expect(422);
    expect(unmapped.body.problems[0].problem).toMatch(/no header row was found/);

    const mapping = 'Our code = reference\nFirm = supplier\nPurpose = title\nCost a year = annualValue\nEnds = expiryDate';
    await upload('contracts', file, 'c.csv', mapping).expect(201, { recorded: 1, unchanged: 0, ignoredColumns: [] });
    await upload('contracts', file, 'c.csv', '{"Firm": "vendor"}').expect(400);
  });

  it('names a required column the file lacks', async () => {
    const file = Buffer.from('Reference,Supplier,Title\r\nX-1,Acme Ltd,Cleaning\r\n');
    const response = await upload('contracts', file, 'c.csv').expect(422);
    expect(response.body.problems.map((p: { column: string }) => p.column)).toEqual(['Annual value', 'Expiry date']);
  });

  it('refuses what is not a register file, clearly, recording nothing', async () => {
    const before = await eventCount();
    await t.http().post(`/api/programmes/${programmeId}/imports?register=contracts`).send({ file: 'x' }).expect(400);
    await upload('contracts', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), 'old.xls')
      .expect(400)
      .expect((r) => expect(r.body.details[0].problem).toMatch(/old Excel/));
    await upload('contracts', Buffer.from('PK\u0003\u0004 not really a zip'), 'broken.xlsx').expect(400);
    await upload('registers', fixture('contracts-clean.csv'), 'c.csv').expect(400);
    await upload('contracts', Buffer.alloc(2 * 1024 * 1024, 'a'), 'huge.csv').expect(413);
    expect(await list('contracts')).toEqual([]);
    expect(await eventCount()).toBe(before);
  });

  it('imports the 5,000-row register, every row', async () => {
    const response = await upload('contracts', fixture('contracts-5000.xlsx'), 'contracts.xlsx').expect(201);
    expect(response.body).toEqual({ recorded: 5000, unchanged: 0, ignoredColumns: [] });
    const items = await list('contracts');
    expect(items).toHaveLength(1000);
    expect(items[0]).toMatchObject({ reference: 'NCC-L-00001', details: { supplier: 'Carefirst Ltd', annualValue: 1000, expiryDate: '2027-01-01', mechanism: 'novate' } });
  }, 60_000);

  describe('export', () => {
    it('writes each register as XLSX and CSV, and an exported workbook re-imports with no changes', async () => {
      await upload('contracts', fixture('contracts-messy.xlsx'), 'c.xlsx').expect(201);
      const xlsx = await t.http().get(`/api/programmes/${programmeId}/exports/contracts`).responseType('blob').expect(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename="import-[a-z0-9]+-contracts-2026-11-22\.xlsx"$/);

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body);
      const sheet = workbook.worksheets[0];
      expect(sheet.getRow(1).values).toEqual([undefined, 'Reference', 'Supplier', 'What the contract is for', 'Annual value', 'Expiry date', 'How it moves to the new body', 'Restricts assignment', 'Owner', 'Target date', 'Needed on day one?', 'Readiness']);
      expect(sheet.actualRowCount).toBe(7);

      const before = await eventCount();
      await upload('contracts', xlsx.body, 'export.xlsx').expect(201, { recorded: 0, unchanged: 6, ignoredColumns: ['Readiness'] });
      expect(await eventCount()).toBe(before);

      const csv = await t.http().get(`/api/programmes/${programmeId}/exports/contracts?format=csv`).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.text.split('\r\n')[0]).toBe('\uFEFFReference,Supplier,What the contract is for,Annual value,Expiry date,How it moves to the new body,Restricts assignment,Owner,Target date,Needed on day one?,Readiness');
      await upload('contracts', Buffer.from(csv.text), 'export.csv').expect(201, { recorded: 0, unchanged: 6, ignoredColumns: ['Readiness'] });
    });

    it('round-trips every register', async () => {
      for (const [register, file] of [['systems', 'systems.xlsx'], ['assets', 'assets.csv'], ['staff-groups', 'staff-groups.xlsx'], ['slas', 'slas.csv'], ['processes', 'processes.csv']]) {
        await upload(register, fixture(file), file).expect(201);
        const xlsx = await t.http().get(`/api/programmes/${programmeId}/exports/${register}`).responseType('blob').expect(200);
        const again = await upload(register, xlsx.body, 'export.xlsx').expect(201);
        expect([register, again.body.recorded]).toEqual([register, 0]);
      }
    });

    it('keeps a value that starts like a formula as it was through a CSV export and re-import, and quotes a semicolon', async () => {
      const contract = { supplier: '-Minus Ltd', title: '=HYPERLINK("http://evil.example","Click")', annualValue: 5000, expiryDate: '2028-03-31' };
      await t.http().post(`/api/programmes/${programmeId}/contracts`).send({ reference: 'C-F1', ...contract }).expect(201);
      await t.http().post(`/api/programmes/${programmeId}/contracts`).send({ reference: 'C-F2', ...contract, supplier: 'Semi', title: ';=1+1' }).expect(201);
      const csv = (await t.http().get(`/api/programmes/${programmeId}/exports/contracts?format=csv`).expect(200)).text;
      expect(csv).toContain(`'-Minus Ltd,"'=HYPERLINK(""http://evil.example"",""Click"")"`);
      expect(csv).toContain('Semi,";=1+1"');
      const before = await eventCount();
      await upload('contracts', Buffer.from(csv), 'export.csv').expect(201);
      expect(await eventCount()).toBe(before);
      const items = await list('contracts');
      expect(items.find((i: { reference: string }) => i.reference === 'C-F1').details).toMatchObject({ supplier: '-Minus Ltd', title: contract.title });
    });

    it('answers 404 for a register that does not exist', async () => {
      await t.http().get(`/api/programmes/${programmeId}/exports/widgets`).expect(404);
    });
  });
});
