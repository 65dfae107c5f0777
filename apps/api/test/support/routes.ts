import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ukDateOf } from '@tracker/domain';
import { SessionStore } from '../../src/access/auth/sessions';
import { CLOCK, Clock } from '../../src/infrastructure/tokens';
import { contractBody, northshire } from './fixtures';
import { TestApp } from './test-app';

/** The roles of the README's permissions table, in its column order. */
export const ROLES = ['administrator', 'adviser', 'board', 'auditor', 'no role', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];
export const REGISTERS = ['contracts', 'systems', 'processes', 'assets', 'slas', 'staff-groups', 'governance-items'] as const;
export type Register = (typeof REGISTERS)[number];

/** The README's permissions table, one row per route (a {register} row once per register). */
export function permissionsTable(): { method: string; path: string; expected: Record<Role, string> }[] {
  const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Who may do what'), readme.indexOf('### Users, tokens and memberships'));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((line) => {
    const [route, ...cells] = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const [method, path] = route.replace(/`/g, '').split(' ');
    const expected = Object.fromEntries(ROLES.map((role, i) => [role, cells[i]])) as Record<Role, string>;
    const paths = path.includes('{register}') ? REGISTERS.map((r) => path.replace('{register}', r)) : [path];
    return paths.map((p) => ({ method, path: p, expected }));
  });
}

const registerBodies: Record<Register, object> = {
  contracts: contractBody,
  systems: { name: 'Mosaic', category: 'case-management', migrationNeeded: true },
  processes: { name: 'Payments to foster carers' },
  assets: { name: 'Lodge House', assetType: 'building', location: 'Northtown' },
  slas: { service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36 },
  'staff-groups': { team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps' },
  'governance-items': { governanceKind: 'services-contract', title: 'Services contract' },
};
const amendments: Record<Register, object> = {
  contracts: { annualValue: 1 },
  systems: { name: 'Liquidlogic' },
  processes: { name: 'Complaints' },
  assets: { name: 'Elm House' },
  slas: { annualPrice: 1 },
  'staff-groups': { headcount: 1 },
  'governance-items': { title: 'Signed services contract' },
};
const steps: Record<Register, object> = {
  contracts: { step: 'consent-requested' },
  systems: { step: 'access-confirmed' },
  processes: { step: 'owner-named', owner: 'Head of Finance' },
  assets: { step: 'transfer-mechanism-chosen', mechanism: 'lease' },
  slas: { step: 'interim-arrangement-agreed', endDate: '2027-06-30' },
  'staff-groups': { step: 'eli-received' },
  // A services contract records its own steps (a sign-off is for the kinds without them).
  'governance-items': { step: 'pension-protection-confirmed' },
};
const evidence = [{ link: 'https://documents.example/deed.pdf' }];
/** A step recorded on the fixture's item, so that step 1 may be withdrawn or corrected; none stands in the way of `steps`. */
const firstSteps: Record<Register, object> = {
  contracts: { step: 'interim-arrangement-agreed', endDate: '2027-06-30' },
  systems: { step: 'sourcing-option-chosen', option: 'transfer' },
  processes: { step: 'owner-named', owner: 'Head of Finance' },
  assets: { step: 'transfer-mechanism-chosen', mechanism: 'lease' },
  slas: { step: 'interim-arrangement-agreed', endDate: '2027-06-30' },
  'staff-groups': { step: 'headcount-confirmed', headcount: 42 },
  'governance-items': { step: 'kpis-agreed' },
};
/** A document uploaded to every fixture's programme, for the download route. */
export const FIXTURE_DOCUMENT = Buffer.from('%PDF-1.7 fixture deed');

/** The people a route fixture refers to: members of every role, and users to act on. */
export type UserIds = Record<'adviser' | 'board' | 'auditor' | 'no role' | 'someone else' | 'spare', string>;

/** A fresh programme with one of everything, so that each request meets the state it needs. */
/** `live`: the programme then goes live on the go, as the go-live picture's rows need. */
export async function routeFixture(t: TestApp, userIds: UserIds, n: number, register?: Register, live = false) {
  const admin = () => t.http();
  const programmeId = (await admin().post('/api/programmes').send({ ...northshire, name: `Programme ${n}` }).expect(201)).body.id;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  for (const role of ['adviser', 'board', 'auditor', 'spare'] as const) {
    await admin().post(at('/members')).send({ userId: userIds[role], role: role === 'spare' ? 'auditor' : role }).expect(201);
  }
  const itemId = register ? (await admin().post(at(`/${register}`)).send({ ...registerBodies[register], reference: 'R-1' }).expect(201)).body.id : undefined;
  if (register) await admin().post(at(`/${register}/${itemId}/progress`)).send(firstSteps[register]).expect(200);
  const documentSha = (await admin().post(at('/documents')).attach('file', FIXTURE_DOCUMENT, 'deed.pdf').expect(201)).body.sha256 as string;
  const slaId = (await admin().post(at('/slas')).send({ reference: 'SLA-1', ...registerBodies.slas }).expect(201)).body.id;
  // A line of the cost model and of the baseline, to remove, and for the board to agree.
  await admin().post(at('/budgets/cost-model-lines')).send({ reference: 'CM-1', financialYear: '2027-28', category: 'staff', description: 'Social workers', amount: 900000 }).expect(200);
  await admin().post(at('/budgets/baseline-lines')).send({ reference: 'BL-1', financialYear: '2026-27', costCentre: 'C1 Social work', category: 'staff', description: 'Social workers', amount: 880000 }).expect(200);
  const finding = { area: 'systems', title: 'No DSA', description: 'Missing', severity: 'high', owner: 'Head of ICT', dueDate: '2027-01-31' };
  const findingId = (await admin().post(at('/findings')).send(finding).expect(201)).body.id;
  // Medium, so that four eyes (critical and high by default) let the administrator close what they resolved here.
  const resolvedId = (await admin().post(at('/findings')).send({ ...finding, severity: 'medium' }).expect(201)).body.id;
  await admin().post(at(`/findings/${resolvedId}/resolve`)).send({ resolution: 'Signed', evidence }).expect(200);
  const tokenId = (await admin().post(`/api/users/${userIds['someone else']}/tokens`).send({}).expect(201)).body.id;
  // A browser session of someone else's, started in the store directly: signing in for every request would cost a form and a hash.
  // (The disable/enable and administrator rows act on the same person in table order: each leaves them as the next row needs.)
  const sessions = t.app.get(SessionStore);
  const now = t.app.get<Clock>(CLOCK)();
  const sessionRef = sessions.find(sessions.start(userIds['someone else'], now), now)!.ref;
  const decisionId = (await admin().post(at('/decisions')).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201)).body.id;
  // Go-live needs a go; its one condition falls due after go-live, so it holds nothing back.
  const go = { type: 'go-no-go', decision: 'go', reasons: 'Ready', conditions: [{ text: 'Interim SLAs signed', owner: 'Head of HR', dueOn: '2027-06-30' }] };
  const goId = (await admin().post(at('/decisions')).send(go).expect(201)).body.id;
  if (live) await admin().post(at('/go-live')).send({ date: ukDateOf(now) }).expect(200);
  return { programmeId, at, itemId, slaId, findingId, resolvedId, tokenId, sessionRef, decisionId, goId, documentSha, n };
}

export type RouteFixture = Awaited<ReturnType<typeof routeFixture>>;

/** A rule of each register, whose step may be given an owner of its own. */
const STEP_RULES: Record<Register, string> = {
  contracts: 'contracts.route',
  systems: 'systems.sourcing',
  processes: 'processes.owner',
  assets: 'assets.transfer',
  slas: 'slas.signed',
  'staff-groups': 'staff.eli',
  'governance-items': 'governance.signed-off',
};

/** The address and a valid body for a route of the table, against a fixture. */
export function requestFor(method: string, path: string, f: RouteFixture, userIds: UserIds): { url: string; body?: object } {
  const register = REGISTERS.find((r) => path.includes(`/{programmeId}/${r}`));
  const url = path
    .replace('{programmeId}', f.programmeId)
    .replace('{itemId}', f.itemId ?? '')
    .replace('{userId}', path.startsWith('/api/users') ? userIds['someone else'] : userIds.spare)
    .replace('{tokenId}', f.tokenId)
    .replace('{sessionRef}', f.sessionRef)
    .replace('{decisionId}', path.includes('/conditions/') ? f.goId : f.decisionId)
    .replace('{conditionId}', 'c1')
    .replace('{n}', '1')
    .replace('{reference}', path.includes('/baseline-lines/') ? 'BL-1' : 'CM-1')
    .replace('{ruleId}', register ? STEP_RULES[register] : '')
    .replace('{sha256}', f.documentSha)
    .replace('{findingId}', /\/(close|reopen)$/.test(path) ? f.resolvedId : f.findingId);
  const bodies: [RegExp, object][] = [
    [/^POST \/api\/programmes$/, { ...northshire, name: `Another ${f.n}` }],
    [/confirmation$/, { date: northshire.goLiveDate }],
    [/moves$/, { date: '2027-06-01', reasons: ['pensions'], note: 'LGPS admission late' }],
    [/go-live$/, { date: '2026-11-22' }],
    [/closure$/, { note: 'Handed over' }],
    [/^PATCH .*settings$/, { fourEyes: ['critical', 'high'] }],
    [/progress$/, register ? steps[register] : {}],
    [/withdrawal$/, { reason: 'Recorded by mistake' }],
    [/step-owners\/[^/]+$/, { owner: 'Council HR — TUPE lead', targetDate: '2027-02-26' }],
    [/correction$/, { reason: 'Recorded with the wrong evidence', evidence: [{ title: 'The right document', link: 'https://documents.example/right.pdf' }] }],
    [/^PATCH .*findings/, { title: 'Retitled' }],
    [/^PATCH /, register ? amendments[register] : {}],
    [/^POST .*\/findings$/, { area: 'contracts', title: 'Consent', description: 'Awaited', severity: 'low', owner: 'Legal', dueDate: '2027-02-01' }],
    [/evidence$/, { evidence }],
    [/mitigate$/, { note: 'Interim licence' }],
    [/resolve$/, { resolution: 'Done', evidence }],
    [/close$/, { note: 'Checked' }],
    [/reopen$/, { reason: 'Deed unsigned after all' }],
    [/decisions$/, { type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }],
    [/conditions\/[^/]+\/met$/, { note: 'Signed on 10 March', evidence }],
    [/buy-back$/, { slaId: f.slaId, financialYear: '2027-28', amount: 85000 }],
    [/envelopes$/, { financialYear: '2027-28', amount: 2400000 }],
    [/cost-model-lines$/, { reference: 'CM-2', financialYear: '2027-28', category: 'staff', description: 'Social workers', amount: 900000 }],
    [/baseline-lines$/, { reference: 'BL-2', financialYear: '2026-27', costCentre: 'C2 Placements', category: 'placements', description: 'Placements', amount: 400000 }],
    [/removal$/, { reason: 'Counted twice' }],
    [/facility$/, { amount: 1500000, lender: 'Northshire County Council', drawdown: 'On notice', repaymentTerms: 'Within 30 days of the final contract payment' }],
    [/payment-profile$/, { timing: 'monthly-in-advance' }],
    [/description$/, { region: 'north-west', deliveryModel: 'trust', leadAdviser: 'Adviser A' }],
    [/portfolio-access$/, { reads: 'all' }],
    [/agreement$/, { agreedBy: 'Shadow Trust Board' }],
    [/^POST .*notes$/, { target: { kind: 'programme' }, text: 'Board pack sent' }],
    [/^POST .*members$/, { userId: userIds['someone else'], role: 'auditor' }],
    [/^POST \/api\/users$/, { email: `new.${f.n}@tracker.example`, name: 'New Person' }],
    [/password$/, { password: 'a long enough passphrase' }],
    [/tokens$/, {}],
    [/reminders$/, { email: true, owns: ['Council HR — payroll lead'] }],
    [/digests$/, {}],
    [/verify$/, {}],
    [/^POST \/api\/programmes\/[^/]+\/(contracts|systems|processes|assets|slas|staff-groups|governance-items)$/, { ...(register ? registerBodies[register] : {}), reference: 'R-2' }],
  ];
  const line = `${method} ${path}`;
  const body = method === 'GET' || method === 'DELETE' ? undefined : bodies.find(([pattern]) => pattern.test(line))?.[1];
  return { url, body };
}

/**
 * Every route the application serves, as "METHOD /path/{param}", read from Nest's own metadata of
 * every controller the app holds: the list a table or a document is checked against, so that a
 * route added without its row fails a test.
 */
export function servedRoutes(app: INestApplication): string[] {
  const routes = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const paths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        for (const prefix of prefixes) {
          for (const path of paths) {
            const full = `/${[prefix, path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
            routes.add(`${RequestMethod[method]} ${full}`);
          }
        }
      }
    }
  }
  return [...routes].sort();
}
