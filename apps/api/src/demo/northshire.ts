import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dayInWords } from '@tracker/domain';
import { addMonths, financialYearOf } from '@tracker/readiness';

/*
 * The demo programme: Northshire Children's Trust, a fictional council children's service on its
 * way to becoming a trust. Eighteen months of history ending on the anchor day, told through the
 * tracker's own API (every request authenticated, validated, decided and recorded as a real one
 * would be), so the demo cannot hold anything the tracker would refuse.
 *
 * Deterministic: the same anchor day gives the same requests, at the same recorded times, with the
 * same ids (each request carries an Idempotency-Key the ids are derived from).
 */

export interface DemoOptions {
  /** The last day of the history, YYYY-MM-DD: "today" in the story. */
  readonly anchor: string;
  /** The password of the three demo users. */
  readonly password: string;
  /** The first administrator's API token, as configured for the app. */
  readonly adminToken: string;
  /** Sets what the app's clock reads. */
  readonly setNow: (instant: string) => void;
  /** Told after each request, for a progress line. */
  readonly onProgress?: (done: number) => void;
}

export interface DemoSummary {
  readonly programmeId: string;
  readonly goLiveDate: string;
  readonly requests: number;
  readonly items: Readonly<Record<string, number>>;
  readonly findings: number;
  readonly decisions: number;
  readonly users: readonly { email: string; role: string }[];
}

/** About how many requests the story makes, for a progress bar. */
export const DEMO_REQUESTS_ESTIMATE = 2650;

const DAY = 86_400_000;
const HISTORY_DAYS = 547;

/** A children's services contract portfolio: what is bought, from the kind of supplier that sells it. */
export const PORTFOLIO: readonly (readonly [string, readonly string[]])[] = [
  ['Independent fostering placements', ['Brightpath Fostering', 'Hillside Foster Care', 'Evergreen Family Placements']],
  ['Residential children’s home placements', ['Oakfield Residential Care', 'Meadowbank Children’s Homes']],
  ['Home to school transport', ['Northern Transport Services', 'Harbour Taxis']],
  ['Supported accommodation for care leavers', ['Greenway Supported Living', 'Step Forward Housing']],
  ['Interpreting and translation', ['Pennine Interpreting']],
  ['Advocacy for looked-after children', ['Elm Tree Advocacy']],
  ['Family group conferencing', ['Beacon Family Support']],
  ['Therapeutic support for children in care', ['Riverside Therapies', 'Willow Counselling']],
  ['Social work training', ['Moorland Training']],
  ['Agency social workers', ['Summit Agency Staffing', 'Keystone Social Care Recruitment']],
  ['Supervised contact centre', ['Beacon Family Support', 'Southgate Contact Services']],
  ['Secure transport', ['Atlas Secure Transport']],
  ['Parenting assessments', ['Riverside Therapies', 'Assess Family Services']],
  ['Cleaning of family centres', ['Castle Cleaning Co']],
  ['Catering at the children’s homes', ['Meridian Catering']],
  ['Care proceedings legal advice', ['Shire Legal LLP']],
  ['Case management system licences', ['Carefirst Ltd']],
  ['Office supplies', ['Fenwick Office Supplies']],
];
const SYSTEMS = [
  ['Mosaic', 'case-management', 'Servelec'], ['ContrOCC', 'finance', 'OLM Systems'], ['Liquidlogic EHM', 'case-management', 'System C'],
  ['iTrent', 'hr-payroll', 'MHR'], ['Oracle Fusion', 'finance', 'Oracle'], ['Microsoft 365 tenancy', 'ict-infrastructure', 'Microsoft'],
  ['Mitel telephony', 'telephony', 'Mitel'], ['Capita One', 'case-management', 'Capita'], ['Concerto', 'estates', 'Concerto'],
] as const;
const TEAMS = [
  'Fostering and adoption', 'Children in care', 'Leaving care', 'Assessment and intervention', 'Children with disabilities', 'Early help',
  'Youth justice', 'Safeguarding and quality assurance', 'Residential homes', 'Business support', 'Independent reviewing officers', 'Workforce development',
];
const SLA_SERVICES = [
  ['hr', 'HR advice and casework'], ['payroll', 'Payroll'], ['finance', 'Finance transactions'], ['legal', 'Legal services'], ['ict', 'ICT service desk'],
  ['procurement', 'Procurement support'], ['facilities', 'Facilities management'], ['other', 'Insurance'], ['other', 'Internal audit'],
] as const;
/** A theme of findings in an area: its title, and what the adviser wrote about the item (or the area) it is about. */
type Theme = readonly [title: string, description: (about: string) => string];

/** Findings as a due-diligence review writes them, each area with the people who own its findings. */
export const FINDINGS: Record<string, { readonly owners: readonly string[]; readonly themes: readonly Theme[] }> = {
  contracts: {
    owners: ['Head of Commissioning', 'Head of Legal', 'Procurement Manager'],
    themes: [
      ['No consent from the supplier yet', (about) => `${about}: the request to novate went out with the standard letter; the supplier has not replied, and their contract manager has changed.`],
      ['No novation clause', (about) => `${about}: the contract is silent on novation and assignment, so the supplier must agree terms before it can move to the trust.`],
      ['Deed unsigned by the supplier', (about) => `${about}: the council and the trust have signed the deed of novation; the supplier’s legal team is still reviewing it.`],
      ['Expires close to go-live', (about) => `${about}: the contract ends soon after go-live and no one has decided whether to extend or re-procure it.`],
      ['Pricing schedule missing', (about) => `${about}: the signed contract on file has no pricing schedule, so the trust cannot check what it will be invoiced.`],
    ],
  },
  systems: {
    owners: ['Head of ICT', 'Information Governance Lead', 'Systems Manager'],
    themes: [
      ['No data sharing agreement', (about) => `${about}: trust staff will use the council’s instance after go-live, and no data sharing agreement has been drafted.`],
      ['Migration not rehearsed', (about) => `${about}: the data migration plan exists but has never been run against a copy of live data.`],
      ['Licences in the council’s name', (about) => `${about}: the licences are held by the council; the vendor has not confirmed they can be assigned to the trust.`],
      ['Access for trust staff not confirmed', (about) => `${about}: user accounts for trust staff need a new security group the council has not created.`],
    ],
  },
  staff: {
    owners: ['HR Business Partner', 'Head of HR', 'Pensions Manager'],
    themes: [
      ['ELI incomplete', (about) => `${about}: the employee liability information leaves out agency workers and two staff on secondment.`],
      ['Measures letter not received', (about) => `${about}: the trust has not yet set out in writing the measures it envisages, and representatives are due to be informed.`],
      ['Pension admission not agreed', (about) => `${about}: the fund is waiting for the actuary’s report before it will agree the admission agreement.`],
      ['Headcount differs from the ELI', (about) => `${about}: the payroll extract shows different numbers from the employee liability information.`],
    ],
  },
  slas: {
    owners: ['Finance Business Partner', 'Head of Commissioning'],
    themes: [
      ['KPIs not measurable', (about) => `${about}: two of the KPIs cannot be measured from any report the council produces today.`],
      ['Price for year two not agreed', (about) => `${about}: the council has quoted year one only; year two is “to be agreed”.`],
      ['Exit terms missing', (about) => `${about}: the draft SLA says nothing about notice, exit support or handing back data.`],
    ],
  },
  budgets: {
    owners: ['Finance Business Partner', 'Chief Finance Officer (trust)'],
    themes: [
      ['Buy-back not in the medium-term financial plan', (about) => `${about}: the buy-back for later years is not yet in the trust’s medium-term financial plan.`],
      ['Working-capital terms not agreed', (about) => `${about}: the council’s cabinet has not approved the working-capital facility’s repayment terms.`],
    ],
  },
  assets: {
    owners: ['Head of Property', 'Fleet Manager'],
    themes: [
      ['Lease not drafted', (about) => `${about}: the council’s property team has not started the lease or licence to the trust.`],
      ['Still on the council’s insurance', (about) => `${about}: no insurer has been found for the trust from go-live.`],
      ['Condition survey missing', (about) => `${about}: no recent condition survey, so the trust cannot see what repairs it would take on.`],
    ],
  },
  processes: {
    owners: ['Programme Manager', 'Head of Service, Children in Care', 'Head of Quality Assurance'],
    themes: [
      ['No owner in the trust', (about) => `${about}: the process is run by a council officer who is not transferring, and no one in the trust has taken it on.`],
      ['Not walked through', (about) => `${about}: the process has not been walked through with the trust’s staff using the systems they will have.`],
      ['Depends on a council system', (about) => `${about}: a step of the process uses a council system the trust will not have access to.`],
    ],
  },
  governance: {
    owners: ['Head of Legal', 'Programme Manager', 'Company Secretary (trust)'],
    themes: [
      ['Evidence not on file', (about) => `${about}: the decision is said to have been taken, but the signed minutes are not on the programme’s file.`],
      ['Sign-off awaited', (about) => `${about}: the paper went to the council’s cabinet and was deferred to the next meeting.`],
      ['Legal advice outstanding', (about) => `${about}: the council’s legal team has been asked for advice and has not yet given it.`],
    ],
  },
};

/** Each area's register, whose items its findings are about. */
const KIND_OF_AREA: Record<string, string> = { contracts: 'contract', systems: 'system', staff: 'staff-group', slas: 'sla', assets: 'asset', processes: 'process', governance: 'governance-item' };

/** A small, seeded generator: the same story every time. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)], between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)) };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The story's first moment: the app must be created at this time, so its first administrator is recorded before the story. */
export function demoStart(anchor: string): string {
  return new Date(Date.parse(`${anchor}T17:00:00Z`) - HISTORY_DAYS * DAY - 9 * 3600_000).toISOString();
}

/**
 * The story's go-live date: the first day of a month at least eight weeks after the anchor (so 8 to
 * 12 weeks away): close enough that what is not in place yet genuinely puts areas at risk.
 */
export function demoGoLiveDate(anchor: string): string {
  const [year, month, day] = anchor.split('-').map(Number);
  const earliest = new Date(Date.UTC(year, month - 1, day) + 56 * DAY);
  const first = earliest.getUTCDate() === 1 ? earliest : new Date(Date.UTC(earliest.getUTCFullYear(), earliest.getUTCMonth() + 1, 1));
  return first.toISOString().slice(0, 10);
}

interface Item {
  readonly id: string;
  readonly kind: string;
  readonly register: string;
  readonly reference: string;
  readonly extra: Record<string, unknown>;
}

/** Loads the story into an app whose store is empty but for its first administrator. */
export async function loadNorthshire(app: NestFastifyApplication, options: DemoOptions): Promise<DemoSummary> {
  const random = generator(20270401);
  const end = Date.parse(`${options.anchor}T17:00:00Z`);
  const start = end - HISTORY_DAYS * DAY;
  let clock = Date.parse(demoStart(options.anchor));
  const goLive = demoGoLiveDate(options.anchor);
  let requests = 0;

  /** Moves the story on to a day (0 = the first): every request then is a minute after the last. */
  const on = (day: number) => {
    clock = Math.max(clock, start + Math.round(day) * DAY - 8 * 3600_000);
  };
  const dayOf = (n: number) => isoDay(start + n * DAY);

  async function call(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, token: string, body?: object): Promise<Record<string, unknown>> {
    clock += 60_000;
    options.setNow(new Date(clock).toISOString());
    requests++;
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `northshire-${requests}`, 'x-correlation-id': `demo-${requests}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    options.onProgress?.(requests);
    if (response.statusCode >= 300) throw new Error(`The demo's request ${method} ${url} was refused (${response.statusCode}): ${response.body}`);
    return response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
  }

  // The people: one administrator, and an adviser, a board member and an auditor.
  on(0);
  const expiresAt = new Date(end + 2 * DAY).toISOString();
  const me = (await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${options.adminToken}` } })).json() as { id: string };
  // The bootstrap token lasts a year from the story's first day; the story is longer.
  const adminToken = await call('POST', `/api/users/${me.id}/tokens`, options.adminToken, { expiresAt });
  const admin = adminToken.token as string;
  const people = [
    { email: 'adviser@northshire.example', name: 'Sam Adviser (demo)', role: 'adviser' },
    { email: 'board@northshire.example', name: 'Jo Board (demo)', role: 'board' },
    { email: 'auditor@northshire.example', name: 'Kit Auditor (demo)', role: 'auditor' },
  ] as const;
  const users: Record<string, { id: string; token: string; tokenId: string }> = {};
  for (const person of people) {
    const id = (await call('POST', '/api/users', admin, { email: person.email, name: person.name })).id as string;
    await call('PUT', `/api/users/${id}/password`, admin, { password: options.password });
    const issued = await call('POST', `/api/users/${id}/tokens`, admin, { expiresAt });
    users[person.role] = { id, token: issued.token as string, tokenId: issued.id as string };
  }
  const adviser = users.adviser.token;
  const board = users.board.token;

  // The programme, first meant to go live six months before it will.
  const firstGoLive = isoDay(Date.parse(`${goLive}T00:00:00Z`) - 182 * DAY);
  const programmeId = (await call('POST', '/api/programmes', admin, {
    name: 'Northshire children’s services transition',
    council: 'Northshire County Council',
    newBody: 'Northshire Children’s Trust',
    legalForm: 'company-limited-by-guarantee',
    servicesInScope: ['children’s social care', 'early help', 'youth justice'],
    goLiveDate: firstGoLive,
  })).id as string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  for (const person of people) await call('POST', at('/members'), admin, { userId: users[person.role].id, role: person.role });

  /*
   * The story is planned as things to do on days, then told in the order of those days: what is
   * planned for the same day happens in the order it was planned. An item's steps are planned when
   * it is registered, so they can name it.
   */
  const agenda: { day: number; seq: number; act: () => Promise<unknown> }[] = [];
  let planned = 0;
  const plan = (day: number, act: () => Promise<unknown>) => void agenda.push({ day, seq: planned++, act });
  const goLiveAt = Date.parse(`${goLive}T00:00:00Z`);
  const afterGoLive = (days: number) => isoDay(goLiveAt + days * DAY);
  const step = (item: Item, name: string, body: object = {}) => call('POST', at(`/${item.register}/${item.id}/progress`), adviser, { step: name, ...body });
  const items: Item[] = [];
  const registered = (kind: string) => items.filter((item) => item.kind === kind);
  let decisions = 0;

  /**
   * Who sees each register's items through, and the target they work to: a few weeks before the
   * rules' own deadline (go-live), the longest for staff, whose consultation takes longest.
   */
  const OWNERSHIP: Record<string, { owner: string; weeksBefore: number }> = {
    contracts: { owner: 'Council procurement — contracts team', weeksBefore: 4 },
    systems: { owner: 'Council ICT — applications lead', weeksBefore: 3 },
    processes: { owner: 'Trust operations lead', weeksBefore: 3 },
    assets: { owner: 'Council estates', weeksBefore: 4 },
    slas: { owner: 'Council commercial — SLA lead', weeksBefore: 5 },
    'staff-groups': { owner: 'Council HR — TUPE lead', weeksBefore: 6 },
    'governance-items': { owner: 'Trust company secretary', weeksBefore: 2 },
  };
  /** Registers an item on a day, with its owner and target, then plans its steps from then on. */
  const register = (day: number, register: string, kind: string, reference: string, body: object, then: (item: Item) => void, extra: Record<string, unknown> = {}) =>
    plan(day, async () => {
      const { owner, weeksBefore } = OWNERSHIP[register];
      const id = (await call('POST', at(`/${register}`), adviser, { reference, owner, targetDate: afterGoLive(-7 * weeksBefore), ...body })).id as string;
      const item = { id, kind, register, reference, extra };
      items.push(item);
      then(item);
    });

  /*
   * Contracts: most move by novation or assignment, which waits on the supplier's consent. Every
   * route needs something in place (DOMAIN rule 6): a novation deed signed by council, trust and
   * supplier in turn (suppliers are the slowest); for an assignment the deed and the trust's
   * indemnity, with consent only where the contract restricts assignment; a replacement contract;
   * notice and the service's cover; a recharge agreement. A few contracts expire before go-live.
   * What is new draws on its own generator, so the rest of the story is told as before.
   */
  const contractFacts = generator(20180401);
  /** Plans a step on a day of the story, if that day has come by the anchor. */
  const planBy = (day: number, act: () => Promise<unknown>) => (day <= HISTORY_DAYS ? (plan(day, act), true) : false);
  for (let i = 0; i < 300; i++) {
    const roll = random.next();
    const mechanism = roll < 0.55 ? 'novate' : roll < 0.7 ? 'assign' : roll < 0.82 ? 'new-contract' : roll < 0.93 ? 'council-retains' : 'terminate';
    const late = random.next();
    const from = 130 + (390 * i) / 300;
    const [restrictsAssignment, signs, indemnifies, gap, recharge, covered, expiresEarly, extends_] = Array.from({ length: 8 }, () => contractFacts.next());
    const [title, suppliers] = random.pick(PORTFOLIO);
    const details = { supplier: suppliers[Math.floor(random.next() * suppliers.length)], title, annualValue: random.between(2, 900) * 500, expiryDate: afterGoLive(random.between(60, 900)) };
    // One in twenty-five runs out before go-live and needs a decision: extend, mostly.
    const early = expiresEarly < 0.04;
    const body = { ...details, ...(early ? { expiryDate: afterGoLive(-Math.round(20 + expiresEarly * 1500)) } : {}), restrictsAssignment: restrictsAssignment < 0.6 };
    register(3 + (110 * i) / 300, 'contracts', 'contract', `NCC-${1001 + i}`, body, (contract) => {
      if (early && extends_ < 0.6) planBy(from + 3, () => step(contract, 'expiry-decided', { decision: 'extend', newExpiryDate: afterGoLive(365) }));
      // Expiring in the trust's first six months (contracts.expiry): half have their extension agreed already.
      if (!early && details.expiryDate <= afterGoLive(183) && extends_ < 0.5) planBy(from + 3, () => step(contract, 'expiry-decided', { decision: 'extend', newExpiryDate: afterGoLive(730) }));
      if (late < 0.04) return; // no route chosen yet
      plan(from, () => step(contract, 'mechanism-chosen', { mechanism }));
      if (mechanism === 'novate' || (mechanism === 'assign' && body.restrictsAssignment)) {
        plan(from + 1, () => step(contract, 'consent-requested'));
        if (late < 0.12 || from + 20 > HISTORY_DAYS) return; // consent awaited
        plan(from + 20, () => step(contract, 'consent-received', { effectiveAt: dayOf(from + 17) }));
      }
      if (mechanism === 'novate' && late > 0.2) {
        // The council signs first, the trust soon after; the supplier's signature is the one that drags.
        if (!planBy(from + 30, () => step(contract, 'deed-signed-by-council'))) return;
        if (signs < 0.85 && planBy(from + 33, () => step(contract, 'deed-signed-by-trust')) && signs < 0.55) planBy(from + 45, () => step(contract, 'deed-signed-by-supplier'));
      } else if (mechanism === 'assign' && late > 0.2) {
        if (planBy(from + 30, () => step(contract, 'deed-executed')) && indemnifies < 0.75) planBy(from + 35, () => step(contract, 'indemnity-given'));
      } else if (mechanism === 'new-contract' && late > 0.25) {
        // Most replacements start on go-live day; a few later, leaving a gap the board must see.
        planBy(from + 40, () => step(contract, 'replacement-contract-signed', { startDate: gap < 0.15 ? afterGoLive(30) : goLive }));
      } else if (mechanism === 'council-retains') {
        plan(from + 10, () => step(contract, 'interim-arrangement-agreed', { endDate: afterGoLive(365) }));
        if (recharge < 0.7) planBy(from + 25, () => step(contract, 'recharge-agreement-signed', recharge < 0.3 ? { slaReference: 'SLA-05' } : {}));
      } else if (mechanism === 'terminate') {
        if (planBy(from + 5, () => step(contract, 'notice-served', { endDate: afterGoLive(-1) })) && covered < 0.8) {
          planBy(from + 15, () => step(contract, 'service-cover-confirmed', covered < 0.5 ? { cover: 'not-needed-from-day-one' } : { cover: 'covered-another-way', note: 'Spot purchase through the regional framework' }));
        }
      }
    }, { label: `${details.supplier} (NCC-${1001 + i}, ${title.charAt(0).toLowerCase()}${title.slice(1)})` });
  }

  // Systems: a sourcing option each, access for trust staff, data sharing where the council hosts, migration rehearsed.
  for (let i = 0; i < 40; i++) {
    const [name, category, supplier] = SYSTEMS[i % SYSTEMS.length];
    const migrationNeeded = random.next() < 0.6;
    const option = random.pick(['council-hosted-sla', 'transfer', 'new-procurement', 'shared']);
    const [signs, tests] = [random.next() < 0.85, random.next() < 0.7];
    const from = 160 + (360 * i) / 40;
    register(10 + i, 'systems', 'system', `SYS-${String(i + 1).padStart(3, '0')}`, { name: i < SYSTEMS.length ? name : `${name} module ${Math.floor(i / SYSTEMS.length) + 1}`, category, supplier, migrationNeeded }, (system) => {
      plan(from, () => step(system, 'sourcing-option-chosen', { option }));
      plan(from + 7, () => step(system, 'access-confirmed'));
      if ((option === 'council-hosted-sla' || option === 'shared') && signs) plan(from + 14, () => step(system, 'data-sharing-agreement-signed'));
      if (migrationNeeded && tests) plan(from + 21, () => step(system, 'migration-tested'));
    }, { label: `${i < SYSTEMS.length ? name : `${name} module ${Math.floor(i / SYSTEMS.length) + 1}`} (SYS-${String(i + 1).padStart(3, '0')}, ${supplier})` });
  }

  /*
   * Staff groups (TUPE 2006, TULRCA 1992, LGPS 2013): ELI, the trust's measures letter, informing and then
   * consulting representatives, LGPS admission in its parts, headcount at transfer; the last group's ELI has
   * not come. Youth justice has no measures envisaged, so it is informed but not consulted; Residential
   * homes was informed before the measures letter came (the wrong order). Business support and the
   * independent reviewing officers, both at County Hall, face 12 + 10 redundancies the trust proposes soon
   * after go-live: counted together, collective consultation and the HR1 are owed 30 days before the first
   * dismissal, and that falls before the transfer, so the council and trust agree pre-transfer consultation.
   */
  const ESTABLISHMENTS = ['County Hall, Northtown', 'Southgate family centre', 'Northtown children’s home'];
  for (let i = 0; i < 12; i++) {
    const headcount = random.between(8, 120);
    const from = 300 + (220 * i) / 12;
    const confirmed = headcount - random.between(0, 3);
    const lgps = i !== 9;
    const redundanciesProposed = i === 9 ? 12 : i === 10 ? 10 : undefined;
    const dismissals = redundanciesProposed === undefined ? {} : { redundanciesProposed, dismissalsProposedOn: dayOf(250), firstDismissalDate: afterGoLive(i === 9 ? 20 : 50), dismissalsProposedBy: 'trust' };
    const details = {
      team: TEAMS[i],
      headcount,
      fte: Math.round(headcount * 8.6) / 10,
      pensionScheme: lgps ? 'lgps' : 'none',
      measuresEnvisaged: i !== 6,
      establishment: i === 8 ? ESTABLISHMENTS[2] : i === 0 || i === 4 ? ESTABLISHMENTS[1] : ESTABLISHMENTS[0],
    };
    register(20 + i * 3, 'staff-groups', 'staff-group', `STAFF-${String(i + 1).padStart(2, '0')}`, details, (group) => {
      // The trust's restructure of business support is proposed in the spring, and the register amended.
      if (redundanciesProposed !== undefined) plan(250, () => call('PATCH', at(`/staff-groups/${group.id}`), adviser, dismissals));
      if (i === 11) return;
      plan(from, () => step(group, 'eli-received', { effectiveAt: dayOf(from - 3) }));
      plan(from + (i === 7 ? 9 : 4), () => step(group, 'measures-letter-received'));
      plan(from + 7, () => step(group, 'representatives-informed'));
      if (i !== 6) plan(from + 10, () => step(group, 'consultation-started'));
      if (i < 8 && i !== 6) plan(from + 40, () => step(group, 'consultation-completed'));
      if (i === 3) {
        // Two more social workers join the team after the ELI was given: the trust is sent an update (reg. 11(5)).
        plan(from + 20, () => call('PATCH', at(`/staff-groups/${group.id}`), adviser, { headcount: headcount + 2, fte: Math.round((headcount + 2) * 8.6) / 10 }));
        plan(from + 24, () => step(group, 'eli-updated'));
      }
      if (lgps && i < 8) {
        plan(from + 20, () => step(group, 'lgps-legal-basis-recorded', { basis: 'Sch. 2 Part 3 para 1(d)(i): a body providing a service for the council under a contract' }));
        plan(from + 25, () => step(group, 'actuary-report-received'));
        plan(from + 30, () => step(group, 'lgps-risk-assessed'));
        plan(from + 35, () => step(group, 'bond-decision-recorded', { decision: 'indemnity', reasons: 'The council, as the letting authority, guarantees the trust’s liabilities to the fund; no bond needed' }));
      }
      if (lgps && i < 6) {
        // Signed by each party in turn; effective from the transfer.
        plan(from + 45, () => step(group, 'admission-agreement-signed', { signedByTrustOn: dayOf(from + 38), signedByCouncilOn: dayOf(from + 40), signedByFundOn: dayOf(from + 43), effectiveDate: goLive }));
      }
      if (i < 5) plan(from + 50, () => step(group, 'headcount-confirmed', { headcount: confirmed }));
      if (i < 3 && confirmed !== headcount) plan(from + 52, () => step(group, 'headcount-reconciled', { reason: 'Leavers since the register was drawn up, not replaced before transfer' }));
      if (i === 9) {
        plan(from + 30, () => step(group, 'pre-transfer-consultation-agreed'));
        plan(from + 35, () => step(group, 'collective-consultation-started'));
      }
    }, { label: `${TEAMS[i]} (STAFF-${String(i + 1).padStart(2, '0')}, ${headcount} staff)` });
  }

  // SLAs: the advisers recommend, the board decides a fortnight later, then it is signed or runs on interim terms.
  // Where the advisers find an SLA not suitable, the board accepting that means "revise it": it runs on
  // interim terms while the KPIs are rewritten; SLA-08's revised recommendation is accepted and signed.
  const boardAccepts = async (sla: Item, reasons: string) => {
    await call('POST', at('/decisions'), board, { type: 'sla-recommendation', slaId: sla.id, accepted: true, reasons });
    decisions++;
  };
  for (let i = 0; i < 25; i++) {
    const [service, name] = SLA_SERVICES[i % SLA_SERVICES.length];
    const suitable = i % 8 !== 7;
    const from = 200 + (300 * i) / 25;
    const annualPrice = random.between(8, 160) * 1000;
    const termMonths = random.pick([12, 24, 36]);
    register(40 + i * 2, 'slas', 'sla', `SLA-${String(i + 1).padStart(2, '0')}`, { service, kpis: [`${name}: requests answered within 5 working days 95%`, `${name}: quarterly performance report`], annualPrice, termMonths }, (sla) => {
      plan(from, () => step(sla, 'recommendation-made', { suitable, reasons: suitable ? `${name}: price in line with the market and the KPIs measurable` : `${name}: KPIs cannot be measured as written` }));
      if (i > 21) return; // the board has still to decide
      plan(from + 14, () => boardAccepts(sla, suitable ? 'As recommended' : 'Agreed it is not suitable as written: renegotiate the KPIs'));
      if (!suitable) {
        plan(from + 20, () => step(sla, 'interim-arrangement-agreed', { endDate: afterGoLive(183) }));
        if (i !== 7) return; // SLA-16: still on interim terms while the KPIs are renegotiated
        plan(from + 60, () => step(sla, 'recommendation-made', { suitable: true, reasons: `${name}: KPIs rewritten so each can be measured from the council’s reports` }));
        plan(from + 74, () => boardAccepts(sla, 'Revised KPIs accepted'));
        plan(from + 90, () => step(sla, 'signed'));
      } else if (i < 16) plan(from + 30, () => step(sla, 'signed'));
    }, { name, termMonths, annualPrice, label: `${name} (SLA-${String(i + 1).padStart(2, '0')})` });
  }

  // Buildings, vehicles and kit; the processes the trust will run; the governance the trust needs.
  const assets = ['Lodge House family centre', 'Northtown children’s home', 'Fleet minibuses', 'Laptops and phones', 'Office furniture at County Hall annex', 'Southgate contact centre'];
  for (const [i, name] of assets.entries()) {
    const building = i < 2 || i === 5;
    register(60 + i * 4, 'assets', 'asset', `AST-${i + 1}`, { name, assetType: building ? 'building' : i === 2 ? 'vehicle' : i === 3 ? 'ict-equipment' : 'furniture', location: random.pick(['Northtown', 'Southgate', 'County Hall']), value: random.between(20, 900) * 1000 }, (asset) => {
      plan(250 + i * 30, () => step(asset, 'transfer-mechanism-chosen', { mechanism: building ? 'lease' : 'transfer-of-title' }));
      if (i !== 0) plan(280 + i * 30, () => step(asset, 'instrument-completed'));
    }, { label: `${name} (AST-${i + 1})` });
  }
  const processes = ['Payments to foster carers', 'Out-of-hours duty rota', 'Placement finding', 'Complaints handling', 'Subject access requests', 'Court work and legal planning', 'Missing children protocol', 'Allegations management'];
  for (const [i, name] of processes.entries()) {
    const owner = random.pick(['Head of Service, Children in Care', 'Finance Business Partner', 'Head of Quality Assurance']);
    register(70 + i * 3, 'processes', 'process', `PRC-${i + 1}`, { name }, (process) => {
      plan(220 + i * 35, () => step(process, 'owner-named', { owner }));
      if (i !== 0) plan(250 + i * 35, () => step(process, 'walked-through'));
    }, { label: `${name} (PRC-${i + 1})` });
  }
  const governance = [
    ['incorporation', 'Trust incorporated at Companies House'], ['board-appointed', 'Trust board appointed'], ['services-contract', 'Services contract between council and trust'],
    ['exit-strategy', 'Exit strategy agreed'], ['hq-function', 'Trust headquarters function in place'], ['cash-flow-treasury', 'Working-capital loan and repayment terms'],
    ['ofsted-registration', 'Ofsted registration as an independent fostering agency'], ['teckal', 'Teckal exemption evidenced'],
  ] as const;
  for (const [i, [governanceKind, title]] of governance.entries()) {
    const by = random.pick(['Trust Board', 'Council Cabinet', 'Joint Programme Board']);
    const ofsted = governanceKind === 'ofsted-registration' ? { registrationType: 'fostering-agency', establishmentName: 'Northshire Children’s Trust fostering service' } : {};
    register(80 + i * 4, 'governance-items', 'governance-item', `GOV-${i + 1}`, { governanceKind, title, ...ofsted }, (item) => {
      const day = 120 + i * 50;
      switch (governanceKind) {
        case 'services-contract':
          // Its parts agreed over the summer; signed once the pension protection clause was confirmed.
          plan(day - 40, () => step(item, 'kpis-agreed'));
          plan(day - 30, () => step(item, 'change-control-agreed'));
          plan(day - 30, () => step(item, 'annual-review-agreed'));
          plan(day - 10, () => step(item, 'pension-protection-confirmed'));
          plan(day, () => step(item, 'signed'));
          return;
        case 'cash-flow-treasury':
          plan(day, () => step(item, 'working-capital-recorded', { facilityAmount: 2_000_000, lender: 'Northshire County Council', repaymentTerms: 'Revolving facility for the first three years; each drawing repaid within 12 months at the council’s cost of borrowing' }));
          return;
        case 'ofsted-registration':
          // Applied for in July, more than six months before go-live; registration still awaited.
          plan(day, () => step(item, 'registration-applied'));
          return;
        case 'teckal':
          // The trust's first year, and the business plan's forecast for the second.
          plan(day, () => step(item, 'teckal-conditions-recorded', { financialYear: financialYearOf(goLive), activitySharePercent: 94, councilControl: true, privateCapital: false }));
          plan(day + 1, () => step(item, 'teckal-conditions-recorded', { financialYear: financialYearOf(afterGoLive(366)), activitySharePercent: 91.5, councilControl: true, privateCapital: false }));
          return;
        default:
          plan(day, () => step(item, 'signed-off', { by }));
      }
    }, { label: `${title} (GOV-${i + 1})` });
  }

  // Budgets: a buy-back line for each financial year each SLA's term runs into (DOMAIN rule 9), priced
  // from the SLA: the months of the term in that year at its annual price, 2.5% a year dearer after
  // the first year; and the trust's envelope for its first year, a little above what it buys back.
  plan(150, async () => {
    const year = financialYearOf(goLive);
    const lines = registered('sla').flatMap((sla) => {
      const price = Number(sla.extra.annualPrice);
      const months = Array.from({ length: Number(sla.extra.termMonths) }, (_, n) => financialYearOf(addMonths(goLive, n)));
      return [...new Set(months)].map((financialYear, n) => ({ slaId: sla.id, financialYear, amount: Math.round((price * months.filter((m) => m === financialYear).length * 1.025 ** n) / 12 / 100) * 100 }));
    });
    const yearOne = lines.filter((line) => line.financialYear === year).reduce((sum, line) => sum + line.amount, 0);
    await call('POST', at('/budgets/envelopes'), adviser, { financialYear: year, amount: Math.ceil((yearOne * 1.04) / 50_000) * 50_000 });
    for (const line of lines) await call('POST', at('/budgets/buy-back'), adviser, line);
  });

  // The money: the council's budget for the service the year before year one, from its ledger; the
  // trust's cost model for its first three years, year one balanced by the contract sum (paid monthly
  // in arrears) and later years short of it; a working-capital facility that covers the first month.
  plan(152, async () => {
    const yearOne = financialYearOf(goLive);
    const year = (n: number) => financialYearOf(afterGoLive(366 * n));
    const before = financialYearOf(afterGoLive(-366));
    const ledger: [string, string, number][] = [['staff', 'C4100 Children’s social work', 17_900_000], ['placements', 'C4300 Placements', 9_300_000], ['transport', 'C4400 Transport', 700_000], ['premises', 'C4500 Premises', 600_000], ['other-running-costs', 'C4900 Running costs', 1_500_000], ['income', 'C4990 Fees and charges', 900_000]];
    for (const [category, costCentre, amount] of ledger) await call('POST', at('/budgets/baseline-lines'), adviser, { reference: `BL-${category}`, financialYear: before, costCentre, category, description: costCentre.slice(6), amount });
    const buyBack = registered('sla').reduce((sum, sla) => sum + Number(sla.extra.annualPrice), 0);
    for (const [n, uplift] of [[0, 1], [1, 1.03], [2, 1.06]] as const) {
      const costs: [string, number, string][] = [
        ['staff', Math.round(18_400_000 * uplift), 'The transferring establishment at the council’s pay scales, plus the pay award assumed'],
        ['placements', Math.round(9_600_000 * uplift), 'Placement numbers as this year, at framework prices'],
        ['support-services', buyBack, 'The SLAs bought back from the council, at their prices'],
        ['transport', 700_000, 'As the council spends now'],
        ['premises', 650_000, 'The lease of the headquarters'],
        ['other-running-costs', 1_300_000, 'Running costs, and the trust’s own board and audit'],
      ];
      const spend = costs.reduce((sum, [, amount]) => sum + amount, 0);
      const lines: [string, number, string?][] = [...costs, ['income', 900_000], ['contract-sum', n === 0 ? spend - 900_000 : Math.round((spend - 900_000) * 0.99)]];
      for (const [category, amount, assumption] of lines) {
        await call('POST', at('/budgets/cost-model-lines'), adviser, { reference: `CM-${n + 1}-${category}`, financialYear: n === 0 ? yearOne : year(n), category, description: `${category.replace(/-/g, ' ')}, year ${n + 1}`, amount, ...(assumption ? { assumption } : {}) });
      }
    }
    await call('PUT', at('/budgets/payment-profile'), adviser, { timing: 'monthly-in-arrears' });
    await call('PUT', at('/budgets/facility'), adviser, { amount: 3_000_000, lender: 'Northshire County Council', drawdown: 'On five working days’ notice', repaymentTerms: 'Repayable within 30 days of the final contract payment' });
  });
  plan(430, () => call('POST', at('/budgets/cost-model/agreement'), board, { agreedBy: 'Shadow Trust Board' }));

  // Findings, raised through the whole history: most put right and closed, some still open.
  const findings: { id: string; severity: string }[] = [];
  const titlesUsed = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const raisedOn = 30 + (500 * i) / 200;
    const area = random.pick(Object.keys(FINDINGS));
    const roll = random.next();
    const severity = roll < 0.04 ? 'critical' : roll < 0.24 ? 'high' : roll < 0.68 ? 'medium' : 'low';
    const { themes, owners } = FINDINGS[area];
    const [aboutItem, picked, owner, dueIn, fate, takes] = [random.next(), random.pick(themes), random.pick(owners), random.between(30, 120), random.next(), random.between(10, 40)];
    plan(raisedOn, async () => {
      // About an item of the area's register (budgets: naming the SLA bought back), or the area as a whole.
      const candidates = registered(KIND_OF_AREA[area] ?? 'sla');
      const item = candidates.length > 0 && aboutItem < 0.8 ? candidates[Math.floor(aboutItem * candidates.length)] : undefined;
      const subject = item && area !== 'budgets' ? { itemId: item.id } : { area };
      const about = item ? String(item.extra.label) : `Across ${area}`;
      // The themes in turn from the one drawn, so that no two findings share a title.
      const start = themes.indexOf(picked);
      const titleOf = (theme: Theme) => (item ? `${theme[0]}: ${String(item.extra.label).replace(/ \(.*\)$/, '')}` : `${theme[0]} (${area})`);
      const theme = [...themes.slice(start), ...themes.slice(0, start)].find((t) => !titlesUsed.has(titleOf(t))) ?? picked;
      let title = titleOf(theme);
      for (let n = 2; titlesUsed.has(title); n++) title = `${titleOf(theme)} (raised again, ${n})`;
      titlesUsed.add(title);
      const id = (await call('POST', at('/findings'), adviser, { ...subject, title, description: theme[1](about), severity, owner, dueDate: isoDay(clock + dueIn * DAY) })).id as string;
      findings.push({ id, severity });
      if (raisedOn + takes > HISTORY_DAYS - 10 || fate < 0.16) return; // still open
      const path = at(`/findings/${id}`);
      if (severity === 'critical' && fate < 0.5) {
        plan(raisedOn + takes, async () => {
          await call('POST', at('/decisions'), board, { type: 'risk-acceptance', findingId: id, reason: 'Mitigated by an interim arrangement the board has seen', expiresOn: afterGoLive(-14) });
          decisions++;
        });
        return;
      }
      plan(raisedOn + takes - 3, () => call('POST', `${path}/evidence`, adviser, { evidence: [{ link: `https://northshire.example/transition/evidence/finding-${i + 1}.pdf`, description: 'Working papers' }] }));
      plan(raisedOn + takes, () => call('POST', `${path}/resolve`, adviser, { resolution: 'Put right; the evidence shows how.' }));
      // Four eyes (the programme's default policy): a critical or high finding is closed by someone other than the adviser who resolved it.
      const verifier = severity === 'critical' || severity === 'high' ? admin : adviser;
      if (fate > 0.3) plan(raisedOn + takes + 7, () => call('POST', `${path}/close`, verifier, { note: 'Resolution checked against the evidence' }));
    });
  }

  // The go-live date moves twice and is confirmed; the board rates delivery confidence as it goes, and says no-go for now.
  plan(200, () => call('POST', at('/go-live-date/moves'), board, { date: afterGoLive(-91), reasons: ['tupe', 'pensions'], note: 'Staff consultation cannot finish in time; LGPS admission needs the actuary’s report.' }));
  plan(390, () => call('POST', at('/go-live-date/moves'), board, { date: goLive, reasons: ['contracts', 'ofsted-registration'], note: 'Supplier consents are slow and Ofsted registration takes months.' }));
  plan(500, () => call('POST', at('/go-live-date/confirmation'), board, { date: goLive }));
  const ratings = [
    [120, 'amber-red', 'Registers drawn up; most of the work is ahead'],
    [210, 'amber-red', 'Go-live moved: TUPE consultation and pensions'],
    [300, 'amber', 'Consents coming in; SLAs being recommended'],
    [400, 'amber', `Go-live moved to ${dayInWords(goLive)}; Ofsted registration is the long pole`],
    [480, 'amber-green', 'Most contracts novated; staff consultation under way'],
    [530, 'amber', 'One staff group without ELI; Ofsted registration outstanding'],
  ] as const;
  for (const [day, rating, rationale] of ratings) {
    plan(day, async () => {
      await call('POST', at('/decisions'), board, { type: 'delivery-confidence', rating, rationale });
      decisions++;
    });
  }
  plan(540, async () => {
    await call('POST', at('/decisions'), board, { type: 'go-no-go', decision: 'no-go', reasons: 'Not yet: the last staff group’s ELI and Ofsted registration are outstanding. Decide again at the next board.' });
    decisions++;
  });

  // A few notes, as advisers leave them.
  const noteTexts = ['Council cabinet approved the business case', 'Suppliers written to about novation', 'Unions briefed on the transfer', 'Trust board induction held', 'Actuary instructed for the LGPS admission'];
  for (const [i, text] of noteTexts.entries()) {
    const target = i % 2 === 0 ? { kind: 'programme' } : { kind: 'area', area: i === 1 ? 'contracts' : 'staff' };
    plan(40 + i * 100, () => call('POST', at('/notes'), adviser, { target, text }));
  }

  // The department's portfolio beside Northshire: one transition 18 months out, one 10 weeks out,
  // one just live and one closed, each typed so the portfolio can filter and compare them.
  plan(1, () => call('PUT', at('/description'), admin, { region: 'north-west', deliveryModel: 'trust', inspectionJudgement: 'Ofsted inadequate, two inspections running', leadAdviser: 'Children’s services adviser — North' }));
  const others = [
    { name: 'Southvale family services transition', council: 'Southvale District Council', region: 'south-west', model: 'community-interest-company', registerOn: 60, goLive: dayOf(330), live: true, closeOn: 420 },
    { name: 'Westmere children’s social care trust', council: 'Westmere Metropolitan Borough Council', region: 'north-west', model: 'trust', registerOn: 150, goLive: dayOf(533), live: true },
    { name: 'Riverdale youth services mutual', council: 'Riverdale City Council', region: 'yorkshire-and-the-humber', model: 'mutual', registerOn: 250, goLive: isoDay(end + 70 * DAY) },
    { name: 'Eastmoor early help trust', council: 'Eastmoor County Council', region: 'east-of-england', model: 'trust', registerOn: 520, goLive: isoDay(end + 548 * DAY) },
  ] as const;
  for (const [n, other] of others.entries()) {
    plan(other.registerOn, async () => {
      const id = (await call('POST', '/api/programmes', admin, { name: other.name, council: other.council, newBody: other.name.replace(/ transition$/, ''), legalForm: other.model === 'mutual' ? 'mutual' : 'company-limited-by-guarantee', servicesInScope: ['children’s services'], goLiveDate: other.goLive, dayOneChecklist: false })).id as string;
      const there = (path: string) => `/api/programmes/${id}${path}`;
      await call('PUT', there('/description'), admin, { region: other.region, deliveryModel: other.model, leadAdviser: n % 2 === 0 ? 'Children’s services adviser — South' : 'Children’s services adviser — North' });
      await call('POST', there('/contracts'), admin, { reference: `C-${n + 1}-01`, supplier: 'Carefirst Ltd', title: 'Case management licences', annualValue: 90_000, expiryDate: isoDay(end + 900 * DAY), mechanism: 'novate' });
      await call('POST', there('/staff-groups'), admin, { reference: `S-${n + 1}-01`, team: 'Social work', headcount: 30 + n * 12, fte: 28 + n * 10, pensionScheme: 'lgps' });
      if ('live' in other) {
        plan(other.registerOn + 20, () => call('POST', there('/decisions'), admin, { type: 'delivery-confidence', rating: 'amber', rationale: 'Early days' }));
        const goLiveDay = (Date.parse(`${other.goLive}T12:00:00Z`) - start) / DAY;
        plan(goLiveDay - 10, () => call('POST', there('/decisions'), admin, { type: 'go-no-go', decision: 'go', reasons: 'Ready enough, with the novation to follow' }));
        plan(goLiveDay, () => call('POST', there('/go-live'), admin, { date: other.goLive }));
        if ('closeOn' in other) {
          plan(other.closeOn, async () => {
            const closure = (await app.inject({ method: 'GET', url: there('/closure'), headers: { authorization: `Bearer ${admin}` } })).json() as { outstanding: { id: string }[] };
            await call('POST', there('/closure'), admin, {
              note: 'The tail is done; the trust carries on what is left',
              lessons: [{ area: 'contracts', wentWell: 'Novations started early', didNotGoWell: 'Consents were chased too late' }],
              exitStrategy: 'Checked against the services contract’s exit schedule',
              handovers: closure.outstanding.map(({ id: outstandingId }) => ({ id: outstandingId, to: 'Trust operations director' })),
            });
          });
        }
      }
    });
  }

  // Told in the order of the days; what is planned while telling joins the agenda.
  while (agenda.length > 0) {
    let next = 0;
    for (let j = 1; j < agenda.length; j++) if (agenda[j].day < agenda[next].day || (agenda[j].day === agenda[next].day && agenda[j].seq < agenda[next].seq)) next = j;
    const [{ day, act }] = agenda.splice(next, 1);
    on(day);
    await act();
  }

  // The demo's own tokens end with the story; people sign in with their passwords.
  on(HISTORY_DAYS);
  for (const person of people) await call('DELETE', `/api/users/${users[person.role].id}/tokens/${users[person.role].tokenId}`, admin);
  await call('DELETE', `/api/users/${me.id}/tokens/${adminToken.id as string}`, admin);

  const counts: Record<string, number> = {};
  for (const item of items) counts[item.register] = (counts[item.register] ?? 0) + 1;
  return { programmeId, goLiveDate: goLive, requests, items: counts, findings: findings.length, decisions, users: people.map(({ email, role }) => ({ email, role })) };
}
