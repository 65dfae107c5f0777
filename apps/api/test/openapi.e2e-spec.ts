import { servedRoutes } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

describe('OpenAPI documentation', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('documents every API route the application serves, with its method', async () => {
    const { body } = await t.http().get('/api/docs-json').expect(200);
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const served = servedRoutes(t.app).filter((route) => route.split(' ')[1].startsWith('/api/'));
    expect(served.length).toBeGreaterThanOrEqual(80);
    expect({ undocumented: served.filter((route) => !documented.includes(route)) }).toEqual({ undocumented: [] });
  });

  it('documents the fields and rules of each request', async () => {
    const { body } = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/programmes',
        '/api/programmes/{programmeId}',
        '/api/programmes/{programmeId}/go-live-date/moves',
        '/api/programmes/{programmeId}/contracts',
        '/api/programmes/{programmeId}/contracts/{itemId}/progress',
        '/api/programmes/{programmeId}/findings',
        '/api/programmes/{programmeId}/decisions',
      ]),
    );
    const contract = body.components.schemas.ContractRequest;
    expect(contract.required).toEqual(expect.arrayContaining(['reference', 'supplier', 'annualValue', 'expiryDate']));
    expect(contract.properties.mechanism.enum).toEqual(['novate', 'assign', 'new-contract', 'council-retains', 'terminate']);
  });

  it('serves the documentation page', async () => {
    const page = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger');
  });
});
