/**
 * The rules readiness is judged by, each with the sentence a board member reads and the source it
 * comes from. Thresholds live here and nowhere else. Sources are secondary summaries (DOMAIN.md).
 */
export interface Rule {
  readonly id: string;
  readonly area: string;
  readonly sentence: string;
  readonly source: string;
  /** The POLICY keys the rule's thresholds come from, listed in the README's generated rules table. */
  readonly thresholds?: readonly PolicyKey[];
}

export const POLICY = {
  /** TUPE 2006 reg. 11(6): ELI at least 28 days before the transfer. */
  eliDaysBeforeTransfer: 28,
  /** Policy: TUPE 2006 reg. 13(2) says representatives are informed only "long enough before" the transfer; this is the lead time. */
  informLeadDays: 30,
  /** Policy: TUPE 2006 reg. 13(6) consultation (where measures are envisaged) has no statutory lead time; this is the trust's. */
  consultationLeadDays: 30,
  /** TULRCA 1992 s.188(1): collective consultation where 20 or more dismissals are proposed at one establishment… */
  collectiveThresholdSmall: 20,
  /** …s.188(1A)(a): the longer lead time from 100 or more… */
  collectiveThresholdLarge: 100,
  /** …"within a period of 90 days or less": the first dismissal dates counted together all fall within it. */
  collectiveWindowDays: 90,
  /** TULRCA 1992 s.188(1A)(a), s.193(2)(a): 45 days before the first dismissal takes effect, for 100 or more… */
  collectiveConsultationDaysLarge: 45,
  /** …s.188(1A)(b), s.193(2)(b): and 30 days for 20 to 99. */
  collectiveConsultationDaysSmall: 30,
  /**
   * Policy (the law sets no time): Ofsted registration typically takes about six months, so an application
   * that goes in later than this before go-live is a risk on the day it is made. Replaces the 180-day warning window.
   */
  ofstedTypicalRegistrationMonths: 6,
  /** PCR 2015 reg. 12(1)(b) and Procurement Act 2023 Sch. 2 para. 2: more than 80% of the trust's activity for the council. */
  teckalActivityShareAbove: 80,
  /**
   * Procurement Act 2023 commencement: a procurement begun before this day stays under the Public Contracts
   * Regulations 2015 (Procurement Act 2023 (Commencement No. 3 and Transitional and Saving Provisions) Regulations 2024).
   */
  procurementActFrom: '2025-02-24',
  /**
   * Policy (the law sets no window): a contract expiring this many months after go-live puts it at
   * risk until a decision on its expiry is recorded, as the trust inherits the renewal at once.
   */
  contractExpiryWatchMonths: 6,
  /**
   * Policy (DOMAIN rule 9 asks for a budget line but sets no date): the buy-back budget line for each
   * financial year of an SLA's term is due by the 1 April that starts that year — the trust sets its
   * budget for the year by then — and year one's by go-live. When false, every year is due by go-live.
   */
  buyBackBudgetDueAtYearStart: true,
  /** Policy (the law sets no horizon): the months the cash-flow forecast looks ahead from go-live. */
  cashFlowMonths: 12,
  /** An open finding of this severity blocks what it is raised against… */
  blockingSeverity: 'critical',
  /** …and one of this severity puts it at risk. */
  riskSeverity: 'high',
} as const;

export type PolicyKey = keyof typeof POLICY;

/** A rule; `thresholds` names the POLICY keys it uses (list every one: the README table shows them). */
const rule = (id: string, area: string, sentence: string, source: string, thresholds?: readonly PolicyKey[]): Rule => ({ id, area, sentence, source, ...(thresholds ? { thresholds } : {}) });

export const RULES = {
  eli: rule('staff.eli', 'staff', `Employee liability information is received at least ${POLICY.eliDaysBeforeTransfer} days before transfer`, 'TUPE 2006 reg. 11(6)', ['eliDaysBeforeTransfer']),
  eliUpdate: rule(
    'staff.eli-update',
    'staff',
    'When a group’s headcount, FTE or pension scheme changes after its employee liability information was given, and before transfer, the group is at risk until the trust is given an update',
    'TUPE 2006 reg. 11(5)',
  ),
  inform: rule(
    'staff.inform',
    'staff',
    `Representatives of the affected staff are informed at least ${POLICY.informLeadDays} days before transfer`,
    'TUPE 2006 reg. 13(2) (“long enough before”); the lead time is policy',
    ['informLeadDays'],
  ),
  measuresLetter: rule(
    'staff.measures-letter',
    'staff',
    'The trust’s measures letter reaches the council before the council informs representatives or starts consultation: an order of two dates, not a deadline',
    'TUPE 2006 reg. 13(4)',
  ),
  consultation: rule(
    'staff.consultation',
    'staff',
    `Where measures are envisaged (taken as envisaged unless recorded otherwise), consultation with representatives starts at least ${POLICY.consultationLeadDays} days before transfer and is completed by transfer`,
    'TUPE 2006 reg. 13(6); the lead time is policy',
    ['consultationLeadDays'],
  ),
  redundancies: rule(
    'staff.redundancies',
    'staff',
    `Where ${POLICY.collectiveThresholdSmall} or more dismissals are proposed at one establishment within ${POLICY.collectiveWindowDays} days, counted across every staff group there, collective consultation starts at least ${POLICY.collectiveConsultationDaysSmall} days (${POLICY.collectiveThresholdSmall}–${POLICY.collectiveThresholdLarge - 1}) or ${POLICY.collectiveConsultationDaysLarge} days (${POLICY.collectiveThresholdLarge} or more) before the first dismissal takes effect`,
    'TULRCA 1992 s.188',
    ['collectiveThresholdSmall', 'collectiveThresholdLarge', 'collectiveWindowDays', 'collectiveConsultationDaysSmall', 'collectiveConsultationDaysLarge'],
  ),
  hr1: rule(
    'staff.hr1',
    'staff',
    `Where collective consultation is owed, the Secretary of State is notified on form HR1 at least ${POLICY.collectiveConsultationDaysSmall} days (${POLICY.collectiveThresholdSmall}–${POLICY.collectiveThresholdLarge - 1} dismissals) or ${POLICY.collectiveConsultationDaysLarge} days (${POLICY.collectiveThresholdLarge} or more) before the first dismissal takes effect`,
    'TULRCA 1992 s.193',
    ['collectiveThresholdSmall', 'collectiveThresholdLarge', 'collectiveWindowDays', 'collectiveConsultationDaysSmall', 'collectiveConsultationDaysLarge'],
  ),
  preTransferConsultation: rule(
    'staff.pre-transfer-consultation',
    'staff',
    'Where the trust proposes the dismissals and collective consultation must start before the transfer, the council and the trust agree to pre-transfer consultation before it starts',
    'TULRCA 1992 s.198A',
  ),
  pensions: rule(
    'staff.pensions',
    'staff',
    'For LGPS members the admission is in place by go-live: its legal basis recorded, the actuary’s report received, the risk assessed, a bond or indemnity decided, and the admission agreement signed by the trust, the council and the fund, effective no later than go-live (signed after go-live but effective from it is late, not missing)',
    'LGPS Regulations 2013 reg. 3 and Sch. 2 Part 3; Best Value Authorities Staff Transfers (Pensions) Direction 2007',
  ),
  headcount: rule(
    'staff.headcount',
    'staff',
    'Headcount at transfer is confirmed by transfer, and a confirmed headcount that differs from the registered one is reconciled with a reason',
    'Practice in council-to-trust transitions (staff transfers)',
  ),
  contractRoute: rule('contracts.route', 'contracts', 'Every contract has one route: novate, assign, new contract, council keeps and recharges, or terminate', 'Practice in council-to-trust transitions (contract routes)'),
  novation: rule(
    'contracts.novation',
    'contracts',
    'A contract to be novated has the supplier’s consent and a deed of novation signed by the council, the trust and the supplier before go-live',
    'Practice in council-to-trust transitions (contract routes)',
  ),
  assignment: rule(
    'contracts.assignment',
    'contracts',
    'A contract to be assigned has an executed deed of assignment and the trust’s indemnity to the council before go-live, with the supplier’s consent where the contract restricts assignment; the council keeps its obligations to the supplier',
    'Practice in council-to-trust transitions (contract routes); Law of Property Act 1925 s.136 (legal assignment of the benefit); the burden cannot be assigned',
  ),
  replacement: rule('contracts.replacement', 'contracts', 'A contract to be re-procured has its replacement signed before go-live, starting no later than go-live', 'Practice in council-to-trust transitions (contract routes)'),
  termination: rule(
    'contracts.termination',
    'contracts',
    'A contract to be terminated has notice served before go-live, and the service confirmed as not needed from day one or covered another way',
    'Practice in council-to-trust transitions (contract routes)',
  ),
  recharge: rule('contracts.recharge', 'contracts', 'A contract the council keeps and recharges has a signed recharge agreement, or an SLA covering it, before go-live', 'Practice in council-to-trust transitions (contract routes)'),
  contractExpiry: rule(
    'contracts.expiry',
    'contracts',
    `A contract expiring before go-live has a decision before it expires (extend, re-procure or let lapse), and one expiring within ${POLICY.contractExpiryWatchMonths} months after go-live is at risk until that decision is made`,
    'Practice in council-to-trust transitions (contract routes); the window after go-live is policy',
    ['contractExpiryWatchMonths'],
  ),
  systemSourcing: rule('systems.sourcing', 'systems', 'A sourcing option is chosen for every system', 'Practice in council-to-trust transitions (systems due diligence)'),
  systemAccess: rule('systems.access', 'systems', 'Access for the trust’s staff is confirmed', 'Practice in council-to-trust transitions (systems due diligence)'),
  dataSharing: rule('systems.data-sharing', 'systems', 'A data-sharing agreement is signed where the council hosts or shares the system', 'Practice in council-to-trust transitions (systems due diligence)'),
  migration: rule('systems.migration', 'systems', 'Migration is tested where data moves', 'Practice in council-to-trust transitions (systems due diligence)'),
  processOwner: rule('processes.owner', 'processes', 'Each process has an owner in the trust', 'Practice in council-to-trust transitions (day-one business processes)'),
  walkThrough: rule('processes.walk-through', 'processes', 'Each process has been walked through end to end', 'Practice in council-to-trust transitions (day-one business processes)'),
  assetTransfer: rule('assets.transfer', 'assets', 'Each asset has a transfer mechanism and its legal instrument is complete', 'Practice in council-to-trust transitions (asset transfers)'),
  slaSigned: rule(
    'slas.signed',
    'slas',
    'Each SLA is signed by go-live on a suitable recommendation the board has accepted, or covered by an interim arrangement that runs past go-live and has not ended; a not-suitable recommendation the board accepts must be revised before signing',
    'Practice in council-to-trust transitions (SLAs bought back from the council)',
  ),
  slaBudget: rule(
    'slas.budget',
    'slas',
    'Every SLA bought back, signed or on interim terms, has a buy-back budget line for each financial year of its term: year one by go-live, each later year by the 1 April that starts it',
    'Practice in council-to-trust transitions (SLAs and buy-back budgets); the due dates are policy',
    ['buyBackBudgetDueAtYearStart'],
  ),
  envelope: rule(
    'budgets.envelope',
    'budgets',
    'In every year with an approved budget envelope, the buy-back total fits inside it; year one’s envelope is approved by go-live',
    'Practice in council-to-trust transitions (buy-back budgets)',
  ),
  costModelAgreed: rule(
    'budgets.cost-model-agreed',
    'budgets',
    'The board has agreed the cost model for year one, as it now stands, by go-live: a line added, changed or removed since needs agreeing again',
    'Due-diligence scope for a children’s services trust: a cost model determining the trust’s resources for its initial and subsequent years',
  ),
  yearOneBalanced: rule(
    'budgets.year-one-balanced',
    'budgets',
    'Year one’s income, contract sum and grants cover its expenditure, or the board accepted the deficit, with its reason, when it agreed the cost model',
    'Due-diligence scope (cost model); practice: underfunded trusts have needed in-year contract changes of over £1.7m',
  ),
  slaBudgetCoversPrice: rule(
    'slas.budget-covers-price',
    'slas',
    'Each year’s buy-back budget for an SLA is at least its annual price, or the reason it need not be is recorded with the budget',
    'Due-diligence scope: the buy-back budget for each service subject to an SLA',
  ),
  cashFlow: rule(
    'budgets.cash-flow',
    'budgets',
    `The cash-flow forecast for the ${POLICY.cashFlowMonths} months from go-live, from the cost model and the contract’s payment profile, never goes below zero, or a working-capital facility covers its lowest point`,
    'DOMAIN rule 10 (working-capital arrangements recorded before go-live); due-diligence scope: principles for cash flow and treasury management; the horizon is policy',
    ['cashFlowMonths'],
  ),
  dayOne: rule(
    'governance.day-one',
    'governance',
    'Each day-one essential (the programme’s day-one checklist) is confirmed in place before go-live: the new body cannot open its doors without it',
    'Employers’ Liability (Compulsory Insurance) Act 1969 s.1; Data Protection (Charges and Information) Regulations 2018; Income Tax (PAYE) Regulations 2003 (employer registration); Value Added Tax Act 1994 Sch. 1; Care Standards Act 2000 s.11; practice for the rest (each item of the checklist names its own basis)',
  ),
  governance: rule('governance.signed-off', 'governance', 'Each other governance item (incorporation, board, exit strategy, headquarters function) is signed off before go-live', 'Practice in council-to-trust transitions (governance and the services contract)'),
  servicesContract: rule(
    'governance.services-contract',
    'governance',
    'The services contract is signed before go-live with KPIs, change control and an annual review agreed; it counts as signed only once its pension protection is confirmed',
    'Best Value Authorities Staff Transfers (Pensions) Direction 2007; Education Act 1996 s.497A (as applied by Children Act 2004 s.50)',
  ),
  pensionProtection: rule('governance.pension-protection', 'governance', 'The services contract’s pension protection for transferring staff is confirmed before go-live', 'Best Value Authorities Staff Transfers (Pensions) Direction 2007'),
  ofsted: rule(
    'governance.ofsted',
    'governance',
    `Each Ofsted registration the trust needs (fostering agency, adoption agency, each children’s home, supported accommodation for 16–17-year-olds) is applied for at least ${POLICY.ofstedTypicalRegistrationMonths} months before go-live and granted by then; a children’s home or supported accommodation also has its registered manager`,
    'Care Standards Act 2000 s.11; Supported Accommodation (England) Regulations 2023; registration time is policy',
    ['ofstedTypicalRegistrationMonths'],
  ),
  teckal: rule(
    'governance.teckal',
    'governance',
    `For the go-live financial year and every year recorded, more than ${POLICY.teckalActivityShareAbove}% of the trust’s activity is for the council, the council controls it, and it has no private capital`,
    'Public Contracts Regulations 2015 reg. 12(1) for procurements begun before 24 February 2025; Procurement Act 2023 Sch. 2 para. 2 after',
    ['teckalActivityShareAbove', 'procurementActFrom'],
  ),
  directionContract: rule('governance.direction-contract', 'governance', 'Under a statutory direction, the service delivery contract is signed before go-live', 'Education Act 1996 s.497A, as applied by Children Act 2004 s.50'),
  directionAgreement: rule('governance.direction-agreement', 'governance', 'Under a statutory direction, the governance agreement with the department is signed before go-live', 'Education Act 1996 s.497A, as applied by Children Act 2004 s.50'),
  cash: rule('governance.cash', 'governance', 'The working-capital facility, its lender and its repayment terms are recorded before go-live', 'Practice in council-to-trust transitions (cash and treasury)'),
  criticalFinding: rule('findings.critical', 'findings', 'An open critical finding blocks go-live for what it touches', 'Practice in council-to-trust transitions (assurance findings)', ['blockingSeverity']),
  highFinding: rule('findings.high', 'findings', 'An open high finding puts what it touches at risk', 'Practice in council-to-trust transitions (assurance findings)', ['riskSeverity']),
} as const satisfies Record<string, Rule>;

export type RuleId = (typeof RULES)[keyof typeof RULES]['id'];
