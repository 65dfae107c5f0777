import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

/**
 * A Sandwell-like programme replayed through the HTTP API on its real calendar: due diligence
 * from October 2016, go-live on 1 April 2018 (a Sunday, the start of the financial year), and
 * ten months of life after it, on the registers kept open for what was outstanding (an SLA signed four
 * months late, a contract found after go-live, the last deeds), with the go-live picture unchanged
 * throughout. The registers hold what such a transition holds — five systems,
 * five processes, three assets, seven contracts (every route, one expiring before go-live), seven
 * SLAs bought back, six staff groups and eleven governance items — and the people working it
 * record what happened, often a few days after it happened (`effectiveAt`).
 *
 * The readiness the board would have seen is asserted at each checkpoint in one table below.
 * The invented programme is "Westmere"; nothing in it is Sandwell's own data.
 */

const GO_LIVE = '2018-04-01';

type Register = 'systems' | 'processes' | 'assets' | 'contracts' | 'slas' | 'staff-groups' | 'governance-items';

/** The registers as the council's advisers would enter them in October and November 2016. */
const ITEMS: [Register, string, Record<string, unknown>][] = [
  ['systems', 'SYS-MIS', { name: 'Children’s case management', category: 'case-management', supplier: 'Liquid Case Ltd', migrationNeeded: false }],
  ['systems', 'SYS-HRP', { name: 'HR and payroll', category: 'hr-payroll', supplier: 'Ledger HR plc', migrationNeeded: false }],
  ['systems', 'SYS-FIN', { name: 'Finance ledger', category: 'finance', migrationNeeded: true }],
  ['systems', 'SYS-ICT', { name: 'Network, devices and email', category: 'ict-infrastructure', migrationNeeded: false }],
  ['systems', 'SYS-TEL', { name: 'Contact centre telephony', category: 'telephony', migrationNeeded: false }],
  ['processes', 'PRO-PAY', { name: 'Monthly payroll run' }],
  ['processes', 'PRO-CAR', { name: 'Payments to foster carers' }],
  ['processes', 'PRO-REC', { name: 'Case recording' }],
  ['processes', 'PRO-CMP', { name: 'Complaints' }],
  ['processes', 'PRO-FOI', { name: 'Freedom of information requests' }],
  ['assets', 'AST-HQ', { name: 'Trust headquarters, Sandwell Council House annex', assetType: 'building', location: 'Oldbury' }],
  ['assets', 'AST-VEH', { name: 'Pool cars (14)', assetType: 'vehicle', location: 'Oldbury depot' }],
  ['assets', 'AST-ICT', { name: 'Laptops and phones (620)', assetType: 'ict-equipment', location: 'Various' }],
  ['contracts', 'CON-01', { supplier: 'Liquid Case Ltd', title: 'Case management licences', annualValue: 310000, expiryDate: '2020-03-31', mechanism: 'novate' }],
  ['contracts', 'CON-02', { supplier: 'Fostering Skills CIC', title: 'Foster carer training', annualValue: 85000, expiryDate: '2019-09-30', mechanism: 'assign', restrictsAssignment: true }],
  ['contracts', 'CON-03', { supplier: 'Voice for Children', title: 'Independent advocacy', annualValue: 120000, expiryDate: '2018-03-31', mechanism: 'new-contract' }],
  ['contracts', 'CON-04', { supplier: 'LexData Ltd', title: 'Legal case database', annualValue: 18000, expiryDate: '2021-03-31', mechanism: 'council-retains' }],
  ['contracts', 'CON-05', { supplier: 'Agency Staffing Group', title: 'Agency social workers framework', annualValue: 900000, expiryDate: '2019-03-31', mechanism: 'terminate' }],
  ['contracts', 'CON-06', { supplier: 'Midlands Homes Partnership', title: 'Residential placements framework', annualValue: 2400000, expiryDate: '2021-03-31', mechanism: 'novate' }],
  ['contracts', 'CON-07', { supplier: 'Night Line Services', title: 'Out-of-hours emergency duty', annualValue: 260000, expiryDate: '2018-01-31' }],
  ['slas', 'SLA-HR', { service: 'hr', kpis: ['Casework answered in 5 days'], annualPrice: 210000, termMonths: 36 }],
  ['slas', 'SLA-PAY', { service: 'payroll', kpis: ['Payroll paid on time 99.5%'], annualPrice: 95000, termMonths: 36 }],
  ['slas', 'SLA-FIN', { service: 'finance', kpis: ['Month-end close in 8 working days'], annualPrice: 180000, termMonths: 36 }],
  ['slas', 'SLA-LEG', { service: 'legal', kpis: ['Care proceedings advice within 24 hours'], annualPrice: 420000, termMonths: 24 }],
  ['slas', 'SLA-ICT', { service: 'ict', kpis: ['Priority 1 incidents fixed in 4 hours'], annualPrice: 640000, termMonths: 36 }],
  ['slas', 'SLA-PRC', { service: 'procurement', kpis: ['Tenders run to the agreed plan'], annualPrice: 60000, termMonths: 24 }],
  ['slas', 'SLA-FAC', { service: 'facilities', kpis: ['Buildings open 07:30–19:00'], annualPrice: 150000, termMonths: 36 }],
  ['staff-groups', 'TUPE-SAF', { team: 'Safeguarding and assessment', headcount: 212, fte: 198.4, pensionScheme: 'lgps', establishment: 'Oldbury Council House' }],
  ['staff-groups', 'TUPE-LAC', { team: 'Looked-after children', headcount: 146, fte: 139.0, pensionScheme: 'lgps', establishment: 'Oldbury Council House' }],
  ['staff-groups', 'TUPE-FOS', { team: 'Fostering and adoption', headcount: 88, fte: 80.2, pensionScheme: 'lgps', establishment: 'West Bromwich Lodge' }],
  ['staff-groups', 'TUPE-RES', { team: 'Children’s homes', headcount: 64, fte: 58.5, pensionScheme: 'lgps', establishment: 'West Bromwich Lodge' }],
  ['staff-groups', 'TUPE-BUS', { team: 'Business support', headcount: 95, fte: 81.0, pensionScheme: 'lgps', establishment: 'Oldbury Council House' }],
  ['staff-groups', 'TUPE-TCH', { team: 'Virtual school teachers', headcount: 12, fte: 11.2, pensionScheme: 'teachers', establishment: 'Oldbury Council House' }],
  ['governance-items', 'GOV-INC', { governanceKind: 'incorporation', title: 'Trust incorporated at Companies House' }],
  ['governance-items', 'GOV-BRD', { governanceKind: 'board-appointed', title: 'Chair and non-executive directors appointed' }],
  ['governance-items', 'GOV-SVC', { governanceKind: 'services-contract', title: 'Services contract between council and trust' }],
  ['governance-items', 'GOV-EXIT', { governanceKind: 'exit-strategy', title: 'Exit strategy agreed' }],
  ['governance-items', 'GOV-HQ', { governanceKind: 'hq-function', title: 'Headquarters function designed and costed' }],
  ['governance-items', 'GOV-CASH', { governanceKind: 'cash-flow-treasury', title: 'Working capital and treasury management' }],
  ['governance-items', 'GOV-OFS-F', { governanceKind: 'ofsted-registration', title: 'Fostering agency registration', registrationType: 'fostering-agency' }],
  ['governance-items', 'GOV-OFS-A', { governanceKind: 'ofsted-registration', title: 'Adoption agency registration', registrationType: 'adoption-agency' }],
  ['governance-items', 'GOV-DIR', { governanceKind: 'statutory-direction', title: 'Statutory direction documents' }],
  ['governance-items', 'GOV-TECK', { governanceKind: 'teckal', title: 'Teckal conditions', procurementBegunOn: '2016-11-01' }],
  ['governance-items', 'GOV-DPO', { governanceKind: 'other', title: 'ICO registration and data protection officer' }],
];

/** What happened, in the order it was recorded: [recorded on, effective from (if earlier), what]. */
type Action =
  | { readonly step: string; readonly ref: string; readonly fields?: Record<string, unknown> }
  | { readonly decide: Record<string, unknown> }
  | { readonly buyBack: [ref: string, year: string, amount: number] }
  | { readonly envelope: [year: string, amount: number] }
  | { readonly money: [route: string, body: Record<string, unknown>]; readonly put?: true }
  | { readonly finding: Record<string, unknown>; readonly ref?: string; readonly as: string }
  | { readonly amend: string; readonly changes: Record<string, unknown> }
  | { readonly acceptRisk: string; readonly reason: string; readonly expiresOn: string }
  | { readonly resolve: string }
  | { readonly reopen: string; readonly reason: string }
  | { readonly close: string }
  | { readonly confirmGoLive: true }
  | { readonly goLive: true }
  | { readonly register: [register: Register, reference: string, details: Record<string, unknown>] };

const step = (ref: string, name: string, fields?: Record<string, unknown>): Action => ({ step: name, ref, fields });
const sla = (ref: string, accepted: boolean, reasons: string): Action => ({ decide: { type: 'sla-recommendation', slaRef: ref, accepted, reasons } });

const budget = (ref: string, amount: number, years: string[]): Action[] => years.map((year, i) => ({ buyBack: [ref, year, Math.round(amount * 1.025 ** i)] }));
const staffGroups = ['TUPE-SAF', 'TUPE-LAC', 'TUPE-FOS', 'TUPE-RES', 'TUPE-BUS', 'TUPE-TCH'];
const lgpsGroups = staffGroups.filter((g) => g !== 'TUPE-TCH');
const each = (refs: string[], make: (ref: string) => Action) => refs.map(make);
const Y3 = ['2018-19', '2019-20', '2020-21'];
const Y2 = ['2018-19', '2019-20'];
/** The council's budget for the service, and the trust's cost model: pounds a year. */
const baseline = (year: string, lines: [category: string, costCentre: string, amount: number][]): Action[] =>
  lines.map(([category, costCentre, amount]) => ({ money: ['baseline-lines', { reference: `BL-${year}-${category}`, financialYear: year, costCentre, category, description: `${costCentre} (${category})`, amount }] }));
const costModel = (year: string, lines: [category: string, amount: number, assumption?: string][]): Action[] =>
  lines.map(([category, amount, assumption]) => ({ money: ['cost-model-lines', { reference: `CM-${year}-${category}`, financialYear: year, category, description: `${category} ${year}`, amount, ...(assumption ? { assumption } : {}) }] }));

const TIMELINE: [recordedOn: string, effectiveOn: string | null, actions: Action | Action[]][] = [
  // Winter 2016–17: sourcing options and routes, the trust incorporated, the first findings.
  ['2016-11-21', '2016-11-14', [step('SYS-MIS', 'sourcing-option-chosen', { option: 'council-hosted-sla' }), step('SYS-HRP', 'sourcing-option-chosen', { option: 'council-hosted-sla' }), step('SYS-ICT', 'sourcing-option-chosen', { option: 'shared' })]],
  ['2016-12-05', null, { finding: { title: 'No data-sharing agreement for the case management system', description: 'The council hosts Liquid Case; the trust has no agreement to process its records.', severity: 'high', owner: 'Council ICT lead', dueDate: '2017-12-31' }, ref: 'SYS-MIS', as: 'dsa' }],
  ['2017-01-16', '2017-01-09', step('GOV-INC', 'signed-off', { by: 'Companies House' })],
  ['2017-02-06', null, [step('SYS-FIN', 'sourcing-option-chosen', { option: 'transfer' }), step('SYS-TEL', 'sourcing-option-chosen', { option: 'new-procurement' })]],
  ['2017-03-13', '2017-03-08', step('GOV-BRD', 'signed-off', { by: 'Secretary of State and council' })],
  ['2017-03-20', null, [step('AST-HQ', 'transfer-mechanism-chosen', { mechanism: 'lease' }), step('AST-VEH', 'transfer-mechanism-chosen', { mechanism: 'transfer-of-title' }), step('AST-ICT', 'transfer-mechanism-chosen', { mechanism: 'transfer-of-title' })]],
  ['2017-03-27', null, { envelope: ['2018-19', 1_900_000] }],
  // The council's budget for the service, from its ledger: the baseline the cost model is set against.
  ['2017-03-27', null, baseline('2017-18', [['staff', 'C4100 Children’s social work', 38_500_000], ['placements', 'C4300 Placements', 16_200_000], ['transport', 'C4400 Transport', 1_100_000], ['premises', 'C4500 Premises', 900_000], ['other-running-costs', 'C4900 Running costs', 2_400_000], ['income', 'C4990 Income', 1_500_000]])],
  ['2017-03-27', null, { finding: { title: 'Residential placements supplier has not answered on novation', description: 'Three letters since January; the framework is the largest contract in scope.', severity: 'critical', owner: 'Council procurement lead', dueDate: '2017-09-30' }, ref: 'CON-06', as: 'placements' }],

  // Spring and summer 2017: owners named, consents sought, SLAs drafted and recommended, Ofsted applied to.
  ['2017-05-08', null, [
    step('PRO-PAY', 'owner-named', { owner: 'Trust head of finance' }),
    step('PRO-CAR', 'owner-named', { owner: 'Trust head of fostering' }),
    step('PRO-REC', 'owner-named', { owner: 'Trust principal social worker' }),
    step('PRO-CMP', 'owner-named', { owner: 'Trust complaints manager' }),
    step('PRO-FOI', 'owner-named', { owner: 'Trust information governance lead' }),
  ]],
  ['2017-05-22', null, [step('CON-01', 'consent-requested'), step('CON-02', 'consent-requested'), step('CON-06', 'consent-requested')]],
  ['2017-06-12', '2017-06-05', step('CON-01', 'consent-received')],
  ['2017-06-12', null, step('GOV-TECK', 'teckal-conditions-recorded', { financialYear: '2018-19', activitySharePercent: 97, councilControl: true, privateCapital: false })],
  ['2017-06-26', null, [
    step('SLA-HR', 'recommendation-made', { suitable: true, reasons: 'KPIs and price in line with comparable trusts' }),
    step('SLA-FIN', 'recommendation-made', { suitable: true, reasons: 'Fair price for the ledger service' }),
    step('SLA-LEG', 'recommendation-made', { suitable: false, reasons: 'Price 40% above the market for care proceedings work' }),
  ]],
  ['2017-07-10', null, [sla('SLA-HR', true, 'Board minute 7/17'), sla('SLA-FIN', true, 'Board minute 7/17'), sla('SLA-LEG', true, 'Board minute 7/17: not suitable; the council to revise the price')]],
  ['2017-07-24', '2017-07-17', [step('GOV-OFS-F', 'registration-applied'), step('GOV-OFS-A', 'registration-applied')]],
  ['2017-09-04', null, [step('CON-02', 'consent-received'), step('CON-05', 'notice-served', { endDate: '2018-03-31' })]],
  ['2017-09-18', null, [step('SYS-FIN', 'migration-tested'), step('PRO-CMP', 'walked-through'), step('PRO-FOI', 'walked-through')]],

  // Autumn 2017: the date confirmed; revised SLAs; LGPS admission begins; contracts settle.
  ['2017-10-09', null, { confirmGoLive: true }],
  ['2017-10-16', null, [
    step('SLA-LEG', 'recommendation-made', { suitable: true, reasons: 'Revised price within 5% of the market' }),
    step('SLA-ICT', 'recommendation-made', { suitable: true, reasons: 'Service desk and network as today' }),
    step('SLA-PRC', 'recommendation-made', { suitable: true, reasons: 'Procurement support for two years while the trust builds its own' }),
    step('SLA-FAC', 'recommendation-made', { suitable: true, reasons: 'Buildings the trust occupies stay the council’s' }),
  ]],
  ['2017-10-30', null, [sla('SLA-LEG', true, 'Board minute 10/17'), sla('SLA-ICT', true, 'Board minute 10/17'), sla('SLA-PRC', true, 'Board minute 10/17'), sla('SLA-FAC', true, 'Board minute 10/17')]],
  ['2017-10-30', null, each(lgpsGroups, (g) => step(g, 'lgps-legal-basis-recorded', { basis: 'LGPS Regulations 2013 Sch. 2 Part 3 para 1(d)(iii): a body providing a service under a s.497A direction' }))],
  ['2017-11-06', null, [step('CON-03', 'expiry-decided', { decision: 're-procure' }), step('CON-03', 'replacement-contract-signed', { startDate: '2018-04-01' }), step('CON-04', 'recharge-agreement-signed', { slaReference: 'SLA-LEG' })]],
  ['2017-11-13', null, [step('GOV-EXIT', 'signed-off', { by: 'Project board' }), step('GOV-HQ', 'signed-off', { by: 'Shadow Trust Board' })]],
  // The cost model for year one balances with the contract sum; year two runs a deficit the board has yet to face.
  ['2017-11-20', null, costModel('2018-19', [['staff', 39_200_000, 'Council pay scales plus 2%, 1,040 FTE'], ['placements', 16_800_000], ['support-services', 1_755_000, 'The seven SLAs at their prices'], ['transport', 1_100_000], ['premises', 950_000], ['other-running-costs', 2_300_000], ['income', 1_400_000], ['contract-sum', 60_705_000]])],
  ['2017-11-20', null, costModel('2019-20', [['staff', 40_000_000], ['placements', 17_300_000], ['support-services', 1_800_000], ['other-running-costs', 4_400_000], ['contract-sum', 63_000_000]])],
  ['2017-11-20', null, [step('CON-07', 'expiry-decided', { decision: 'extend', newExpiryDate: '2019-03-31' }), step('CON-07', 'mechanism-chosen', { mechanism: 'novate' }), step('CON-07', 'consent-requested')]],
  ['2017-11-27', null, each(lgpsGroups, (g) => step(g, 'actuary-report-received'))],
  ['2017-12-04', null, [step('CON-07', 'consent-received'), { resolve: 'dsa' }, step('SYS-MIS', 'data-sharing-agreement-signed'), step('SYS-HRP', 'data-sharing-agreement-signed'), step('SYS-ICT', 'data-sharing-agreement-signed')]],
  ['2017-12-11', null, [{ close: 'dsa' }, step('SLA-HR', 'signed'), step('SLA-FIN', 'signed'), step('SLA-ICT', 'signed'), ...budget('SLA-HR', 210_000, Y3), ...budget('SLA-FIN', 180_000, Y3), ...budget('SLA-ICT', 640_000, Y3)]],
  ['2017-12-18', null, [...each(lgpsGroups, (g) => step(g, 'lgps-risk-assessed')), ...each(lgpsGroups, (g) => step(g, 'bond-decision-recorded', { decision: 'indemnity', reasons: 'The council indemnifies the fund; the trust is wholly owned' }))]],

  // January to March 2018: the run-in.
  ['2018-01-15', '2018-01-10', step('GOV-OFS-F', 'registered')],
  ['2018-01-22', null, [step('CON-01', 'deed-signed-by-council'), step('CON-01', 'deed-signed-by-trust'), step('CON-07', 'deed-signed-by-council'), step('CON-07', 'deed-signed-by-trust')]],
  ['2018-01-29', '2018-01-25', [step('CON-01', 'deed-signed-by-supplier'), step('CON-07', 'deed-signed-by-supplier')]],
  ['2018-01-29', null, [step('CON-02', 'deed-executed'), step('CON-02', 'indemnity-given')]],
  ['2018-01-29', null, each(staffGroups, (g) => step(g, 'measures-letter-received'))],
  ['2018-02-05', null, [step('SYS-MIS', 'access-confirmed'), step('SYS-HRP', 'access-confirmed'), step('SYS-FIN', 'access-confirmed'), step('SYS-ICT', 'access-confirmed'), step('SYS-TEL', 'access-confirmed')]],
  ['2018-02-05', null, [...each(staffGroups, (g) => step(g, 'representatives-informed')), ...each(staffGroups, (g) => step(g, 'consultation-started'))]],
  ['2018-02-12', null, [step('AST-VEH', 'instrument-completed'), step('AST-ICT', 'instrument-completed'), step('GOV-OFS-A', 'registered')]],
  // The trust proposes 25 redundancies in business support, the first taking effect on 20 April.
  // The contract sum is paid monthly in advance; the Shadow Trust Board agrees the cost model.
  ['2018-01-15', null, { money: ['payment-profile', { timing: 'monthly-in-advance' }], put: true }],
  ['2018-02-12', null, { money: ['cost-model/agreement', { agreedBy: 'Shadow Trust Board' }] }],
  ['2018-02-12', null, { amend: 'TUPE-BUS', changes: { redundanciesProposed: 25, dismissalsProposedOn: '2018-02-12', firstDismissalDate: '2018-04-20', dismissalsProposedBy: 'trust' } }],
  ['2018-02-14', null, [step('TUPE-BUS', 'pre-transfer-consultation-agreed'), step('TUPE-BUS', 'collective-consultation-started'), step('TUPE-BUS', 'hr1-notified')]],
  ['2018-02-19', null, [step('PRO-PAY', 'walked-through'), step('PRO-CAR', 'walked-through'), step('PRO-REC', 'walked-through')]],
  ['2018-02-26', null, [step('SLA-LEG', 'signed'), step('SLA-PRC', 'signed'), step('SLA-FAC', 'signed'), ...budget('SLA-LEG', 420_000, Y2), ...budget('SLA-PRC', 60_000, Y2), ...budget('SLA-FAC', 150_000, Y3)]],
  ['2018-03-05', '2018-03-01', each(staffGroups, (g) => step(g, 'eli-received'))],
  // Safeguarding loses three posts after ELI was given: an update is due (reg. 11(5)).
  ['2018-03-12', null, [{ amend: 'TUPE-SAF', changes: { headcount: 209, fte: 195.6 } }, step('SLA-PAY', 'interim-arrangement-agreed', { endDate: '2018-07-31' }), { buyBack: ['SLA-PAY', '2018-19', 95_000] }]],
  ['2018-03-12', null, [step('GOV-CASH', 'working-capital-recorded', { facilityAmount: 5_000_000, lender: 'the council', repaymentTerms: 'Repayable within 30 days of the final contract payment' }), step('GOV-DIR', 'service-delivery-contract-signed')]],
  ['2018-03-14', null, step('TUPE-SAF', 'eli-updated')],
  ['2018-03-19', null, [step('GOV-DIR', 'governance-agreement-signed'), step('CON-05', 'service-cover-confirmed', { cover: 'covered-another-way', note: 'Permanent recruitment and the trust’s own bank' }), step('AST-HQ', 'instrument-completed')]],
  ['2018-03-20', null, [
    { decide: { type: 'go-no-go', decision: 'go', reasons: 'Services contract ready to sign; pensions admission agreed; placements novation covered by the supplier’s letter of comfort' } },
    { acceptRisk: 'placements', reason: 'The supplier’s letter of comfort keeps placements going while the deed is negotiated', expiresOn: '2018-06-30' },
  ]],
  ['2018-03-26', '2018-03-23', [step('GOV-SVC', 'pension-protection-confirmed'), step('GOV-SVC', 'kpis-agreed'), step('GOV-SVC', 'change-control-agreed'), step('GOV-SVC', 'annual-review-agreed')]],
  ['2018-03-26', null, [...each(staffGroups, (g) => step(g, 'consultation-completed')), step('GOV-DPO', 'signed-off', { by: 'Information Commissioner’s Office' })]],
  ['2018-03-28', '2018-03-27', step('GOV-SVC', 'signed')],
  ['2018-03-29', null, [
    ...each(lgpsGroups, (g) => step(g, 'admission-agreement-signed', { signedByTrustOn: '2018-03-27', signedByCouncilOn: '2018-03-28', signedByFundOn: '2018-03-29', effectiveDate: '2018-04-01' })),
    ...each(staffGroups.filter((g) => g !== 'TUPE-LAC'), (g) => step(g, 'headcount-confirmed', { headcount: g === 'TUPE-SAF' ? 209 : (ITEMS.find(([, ref]) => ref === g)![2].headcount as number) })),
    step('TUPE-LAC', 'headcount-confirmed', { headcount: 144 }),
  ]],
  ['2018-03-30', null, step('TUPE-LAC', 'headcount-reconciled', { reason: 'Two leavers in March; ELI already shows them as leaving' })],
  ['2018-04-03', null, { goLive: true }],

  // The tail: the registers stay open after go-live for what is outstanding.
  // The payroll SLA is signed four months after go-live, two and a half after its interim terms ran out.
  ['2018-09-17', null, [step('SLA-PAY', 'recommendation-made', { suitable: true, reasons: 'Revised payroll terms after the interim period' }), sla('SLA-PAY', true, 'Board minute 9/18')]],
  ['2018-10-15', '2018-10-12', [step('SLA-PAY', 'signed'), ...budget('SLA-PAY', 95_000, ['2018-19', '2019-20', '2020-21', '2021-22'])]],
  // A contract nobody had listed turns up, and needs novating like the rest.
  ['2018-10-22', null, { register: ['contracts', 'CON-08', { supplier: 'Citywide Taxis Ltd', title: 'Transport for looked-after children', annualValue: 140000, expiryDate: '2020-07-31', mechanism: 'novate' }] }],
  ['2018-10-29', null, [step('CON-08', 'consent-requested')]],
  ['2018-11-05', '2018-11-01', [step('CON-06', 'consent-received'), step('CON-06', 'deed-signed-by-council'), step('CON-06', 'deed-signed-by-trust'), step('CON-06', 'deed-signed-by-supplier')]],
  // The risk the board accepted ran out in June; with the deed signed, the finding is reopened to be resolved.
  ['2018-11-05', null, [{ reopen: 'placements', reason: 'The accepted risk expired on 30 June 2018; the deed is now signed' }, { resolve: 'placements' }]],
  ['2018-11-07', null, { close: 'placements' }],
  ['2018-11-19', null, [step('CON-08', 'consent-received'), step('CON-08', 'deed-signed-by-council'), step('CON-08', 'deed-signed-by-trust'), step('CON-08', 'deed-signed-by-supplier')]],
  // Next year's envelope is set in the tail too.
  ['2019-02-04', null, { envelope: ['2019-20', 1_950_000] }],
];

/**
 * Readiness as the board would have read it on each day: overall, by area, and the rules that
 * block. One line a checkpoint; `·` stands for an area with nothing to judge.
 */
const CHECKPOINTS: [on: string, label: string, overall: string, areas: Record<string, string>, blocking: string[]][] = [
  // 517 days out with nothing done: never Green, only "constant attention needed".
  ['2016-10-31', 'T-17 months, registers entered, nothing in place', 'amber-green', { systems: 'amber-green', processes: 'amber-green', assets: 'amber-green', contracts: 'amber-green', slas: 'amber-green', budgets: 'amber-green', staff: 'amber-green', governance: 'amber-green' }, ['assets.transfer', 'budgets.cost-model-agreed', 'budgets.envelope', 'contracts.assignment', 'contracts.expiry', 'contracts.novation', 'contracts.recharge', 'contracts.replacement', 'contracts.route', 'contracts.termination', 'governance.cash', 'governance.direction-agreement', 'governance.direction-contract', 'governance.ofsted', 'governance.pension-protection', 'governance.services-contract', 'governance.signed-off', 'governance.teckal', 'processes.owner', 'processes.walk-through', 'slas.signed', 'staff.consultation', 'staff.eli', 'staff.headcount', 'staff.inform', 'staff.measures-letter', 'staff.pensions', 'systems.access', 'systems.migration', 'systems.sourcing']],
  // The critical finding on the placements novation makes contracts Amber/Red, and so the whole.
  ['2017-04-03', 'T-12 months, routes chosen, a critical finding on placements', 'amber-red', { systems: 'amber', processes: 'amber', assets: 'amber', contracts: 'amber-red', slas: 'amber', budgets: 'green', staff: 'amber', governance: 'amber-green' }, ['assets.transfer', 'budgets.cost-model-agreed', 'contracts.assignment', 'contracts.expiry', 'contracts.novation', 'contracts.recharge', 'contracts.replacement', 'contracts.route', 'contracts.termination', 'findings.critical', 'findings.high', 'governance.cash', 'governance.direction-agreement', 'governance.direction-contract', 'governance.ofsted', 'governance.pension-protection', 'governance.services-contract', 'governance.signed-off', 'governance.teckal', 'processes.owner', 'processes.walk-through', 'slas.signed', 'staff.consultation', 'staff.eli', 'staff.headcount', 'staff.inform', 'staff.measures-letter', 'staff.pensions', 'systems.access', 'systems.data-sharing', 'systems.migration']],
  ['2017-10-02', 'T-6 months, first SLAs agreed, Ofsted applied to', 'amber-red', { systems: 'amber-red', processes: 'amber-green', assets: 'amber-red', contracts: 'amber-red', slas: 'amber-red', budgets: 'green', staff: 'amber-red', governance: 'amber' }, ['assets.transfer', 'budgets.cost-model-agreed', 'contracts.assignment', 'contracts.expiry', 'contracts.novation', 'contracts.recharge', 'contracts.replacement', 'contracts.route', 'contracts.termination', 'findings.critical', 'findings.high', 'governance.cash', 'governance.direction-agreement', 'governance.direction-contract', 'governance.ofsted', 'governance.pension-protection', 'governance.services-contract', 'governance.signed-off', 'processes.walk-through', 'slas.signed', 'staff.consultation', 'staff.eli', 'staff.headcount', 'staff.inform', 'staff.measures-letter', 'staff.pensions', 'systems.access', 'systems.data-sharing']],
  // Twelve weeks out: expected 77% ready; systems, assets and staff have nothing ready yet. The cost
  // model is in but not agreed, and paid in arrears (until the profile says otherwise) its first month is short of cash.
  ['2018-01-08', 'T-12 weeks, deeds and ELI still to come', 'red', { systems: 'red', processes: 'amber-red', assets: 'red', contracts: 'amber-red', slas: 'amber-red', budgets: 'amber', staff: 'red', governance: 'amber-red' }, ['assets.transfer', 'budgets.cash-flow', 'budgets.cost-model-agreed', 'contracts.assignment', 'contracts.novation', 'contracts.termination', 'findings.critical', 'governance.cash', 'governance.direction-agreement', 'governance.direction-contract', 'governance.ofsted', 'governance.pension-protection', 'governance.services-contract', 'governance.signed-off', 'processes.walk-through', 'slas.signed', 'staff.consultation', 'staff.eli', 'staff.headcount', 'staff.inform', 'staff.measures-letter', 'staff.pensions', 'systems.access']],
  // Inside the last 28 days anything not ready is Red: the placements finding (contracts) and staff.
  ['2018-03-05', 'T-27 days, ELI in, the last month', 'red', { systems: 'green', processes: 'green', assets: 'amber', contracts: 'red', slas: 'amber-green', budgets: 'green', staff: 'red', governance: 'amber' }, ['assets.transfer', 'contracts.novation', 'contracts.termination', 'findings.critical', 'governance.cash', 'governance.direction-agreement', 'governance.direction-contract', 'governance.pension-protection', 'governance.services-contract', 'governance.signed-off', 'slas.signed', 'staff.consultation', 'staff.headcount', 'staff.pensions']],
  // Go: all but the placements deed (risk accepted to 30 June) and the payroll SLA on interim terms.
  ['2018-03-31', 'the eve of go-live', 'amber-green', { systems: 'green', processes: 'green', assets: 'green', contracts: 'amber-green', slas: 'amber-green', budgets: 'green', staff: 'green', governance: 'green' }, ['contracts.novation']],
  // Since go-live: judged on what is outstanding. Red only because the accepted risk lapsed.
  ['2018-10-01', 'T+6 months, interim payroll SLA lapsed, placements risk expired', 'red', { systems: 'green', processes: 'green', assets: 'green', contracts: 'red', slas: 'amber', budgets: 'green', staff: 'green', governance: 'green' }, ['contracts.novation', 'findings.critical', 'slas.signed']],
  // The payroll SLA is signed, with each year of its 36-month term from October budgeted (to 2021-22); a contract found late is outstanding beside the placements deed.
  ['2018-10-29', 'T+7 months, payroll SLA signed, a contract found late', 'red', { systems: 'green', processes: 'green', assets: 'green', contracts: 'red', slas: 'green', budgets: 'green', staff: 'green', governance: 'green' }, ['contracts.novation', 'findings.critical']],
  ['2018-12-03', 'T+8 months, both deeds signed, nothing outstanding', 'green', { systems: 'green', processes: 'green', assets: 'green', contracts: 'green', slas: 'green', budgets: 'green', staff: 'green', governance: 'green' }, []],
];

const AREA_ORDER = ['systems', 'processes', 'assets', 'contracts', 'slas', 'budgets', 'staff', 'governance'];

describe('a Sandwell-like programme replayed through the API, October 2016 to February 2019', () => {
  let t: TestApp;
  let token: string;
  const http = () => t.http(token);
  /** A second adviser, who verifies and closes what the first resolved (four eyes on critical and high findings). */
  let verifierToken: string;
  let programmeId: string;
  const ids = new Map<string, { register: Register; id: string }>();
  const findings = new Map<string, string>();
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const seen = new Map<string, { overall: string; areas: Record<string, string>; blocking: string[] }>();
  /** The go-live picture as read at each checkpoint after go-live. */
  const pictures = new Map<string, { digest: { reason: string; takenAt: string; position: number }; dashboard: { readiness: { overall: string; today: string } } }>();

  const perform = async (action: Action, effectiveOn: string | null) => {
    const effectiveAt = effectiveOn === null ? {} : { effectiveAt: effectiveOn };
    const item = (ref: string) => ids.get(ref) ?? fail(`no item ${ref}`);
    if ('step' in action) {
      const { register, id } = item(action.ref);
      const response = await http().post(at(`/${register}/${id}/progress`)).send({ step: action.step, ...action.fields, ...effectiveAt });
      if (response.status !== 200) throw new Error(`${action.ref} ${action.step}: ${response.status} ${JSON.stringify(response.body)}`);
    } else if ('decide' in action) {
      const { slaRef, ...body } = action.decide as { slaRef?: string };
      const slaId = slaRef === undefined ? {} : { slaId: item(slaRef).id };
      await http().post(at('/decisions')).send({ ...body, ...slaId, ...effectiveAt }).expect(201);
    } else if ('buyBack' in action) {
      const [ref, financialYear, amount] = action.buyBack;
      await http().post(at('/budgets/buy-back')).send({ slaId: item(ref).id, financialYear, amount }).expect(200);
    } else if ('envelope' in action) {
      const [financialYear, amount] = action.envelope;
      await http().post(at('/budgets/envelopes')).send({ financialYear, amount }).expect(200);
    } else if ('money' in action) {
      const [route, body] = action.money;
      const response = await (action.put ? http().put(at(`/budgets/${route}`)) : http().post(at(`/budgets/${route}`))).send(body);
      if (response.status !== 200) throw new Error(`${route}: ${response.status} ${JSON.stringify(response.body)}`);
    } else if ('finding' in action) {
      const target = action.ref === undefined ? {} : { itemId: item(action.ref).id };
      findings.set(action.as, (await http().post(at('/findings')).send({ ...action.finding, ...target }).expect(201)).body.id);
    } else if ('amend' in action) {
      const { register, id } = item(action.amend);
      await http().patch(at(`/${register}/${id}`)).send({ ...action.changes, ...effectiveAt }).expect(200);
    } else if ('acceptRisk' in action) {
      await http().post(at('/decisions')).send({ type: 'risk-acceptance', findingId: findings.get(action.acceptRisk), reason: action.reason, expiresOn: action.expiresOn, ...effectiveAt }).expect(201);
    } else if ('reopen' in action) {
      await http().post(at(`/findings/${findings.get(action.reopen)}/reopen`)).send({ reason: action.reason }).expect(200);
    } else if ('resolve' in action) {
      const resolved = await http().post(at(`/findings/${findings.get(action.resolve)}/resolve`)).send({ resolution: 'Agreement signed', evidence: [{ link: 'https://documents.example/dsa.pdf' }] });
      if (resolved.status !== 200) throw new Error(`resolve ${action.resolve}: ${resolved.status} ${JSON.stringify(resolved.body)}`);
    } else if ('close' in action) {
      await t.http(verifierToken).post(at(`/findings/${findings.get(action.close)}/close`)).send({ note: 'Checked the signed copy' }).expect(200);
    } else if ('register' in action) {
      const [register, reference, details] = action.register;
      ids.set(reference, { register, id: (await http().post(at(`/${register}`)).send({ reference, ...details, ...effectiveAt }).expect(201)).body.id });
    } else if ('confirmGoLive' in action) {
      await http().post(at('/go-live-date/confirmation')).send({ date: GO_LIVE }).expect(200);
    } else {
      // Go-live rests on the board's go of 20 March, standing on the date.
      await http().post(at('/go-live')).send({ date: GO_LIVE }).expect(200);
    }
  };

  const look = async (on: string) => {
    t.setNow(`${on}T17:00:00.000Z`);
    const readiness = (await http().get(at('/readiness')).expect(200)).body;
    const areas = Object.fromEntries((readiness.areas as { area: string; rating: string | null }[]).map((a) => [a.area, a.rating ?? '·']));
    const blocking = [...new Set((readiness.blockers as { ruleId: string }[]).map((b) => b.ruleId))].sort();
    seen.set(on, { overall: readiness.overall, areas, blocking });
    if (on > GO_LIVE) pictures.set(on, (await http().get(at('/go-live-picture')).expect(200)).body);
  };

  beforeAll(async () => {
    t = await startTestApp({ API_TOKEN_MAX_DAYS: '1200' }, '2016-10-03T09:00:00.000Z'); // one token for the whole story
    // The first administrator's own token lasts a year; this story lasts two.
    token = (await http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({ expiresAt: '2019-12-31T00:00:00.000Z' }).expect(201)).body.token;
    programmeId = (
      await http()
        .post('/api/programmes')
        .send({
          name: 'Westmere children’s social care trust',
          council: 'Westmere Metropolitan Borough Council',
          newBody: 'Westmere Children’s Trust',
          legalForm: 'company-limited-by-guarantee',
          servicesInScope: ['children’s social care'],
          goLiveDate: GO_LIVE,
        })
        .expect(201)
    ).body.id;
    const verifier = (await http().post('/api/users').send({ email: 'verifier@westmere.example', name: 'Second adviser' }).expect(201)).body.id as string;
    verifierToken = (await http().post(`/api/users/${verifier}/tokens`).send({ expiresAt: '2019-12-31T00:00:00.000Z' }).expect(201)).body.token;
    await http().post(`/api/programmes/${programmeId}/members`).send({ userId: verifier, role: 'adviser' }).expect(201);
    t.setNow('2016-10-24T10:00:00.000Z');
    for (const [register, reference, details] of ITEMS) {
      const response = await http().post(at(`/${register}`)).send({ reference, ...details });
      if (response.status !== 201) throw new Error(`${reference}: ${response.status} ${JSON.stringify(response.body)}`);
      ids.set(reference, { register, id: response.body.id });
    }
    const checkpoints = CHECKPOINTS.map(([on]) => on).sort();
    for (const [recordedOn, effectiveOn, actions] of TIMELINE) {
      while (checkpoints.length > 0 && checkpoints[0] < recordedOn) await look(checkpoints.shift()!);
      t.setNow(`${recordedOn}T10:00:00.000Z`);
      for (const action of [actions].flat()) await perform(action, effectiveOn);
    }
    for (const on of checkpoints) await look(on);
  }, 120_000);
  afterAll(async () => t.close());

  it('keeps the go-live picture as it was signed when go-live was recorded, whatever the tail records after it', () => {
    const [first, ...later] = [...pictures.values()];
    expect(first.digest).toMatchObject({ reason: 'go-live', takenAt: '2018-04-03T10:00:00.000Z' });
    // Judged since go-live: the placements deed under an accepted risk, and payroll on interim terms.
    expect(first.dashboard.readiness).toMatchObject({ today: '2018-04-03', overall: 'amber' });
    expect(later.length).toBeGreaterThanOrEqual(2);
    for (const picture of later) expect(picture).toEqual(first);
    // The tail itself moved on: green by December.
    expect(seen.get('2018-12-03')!.overall).toBe('green');
  });

  it.each(CHECKPOINTS)('on %s (%s): overall %s', (on, _label, overall, areas, blocking) => {
    const got = seen.get(on)!;
    expect({ overall: got.overall, areas: got.areas, blocking: got.blocking }).toEqual({ overall, areas: Object.fromEntries(AREA_ORDER.map((a) => [a, areas[a] ?? '·'])), blocking });
  });
});

function fail(message: string): never {
  throw new Error(message);
}
