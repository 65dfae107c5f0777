/**
 * The rules readiness is judged by, each with the sentence a board member reads and the source it
 * comes from. Thresholds live here and nowhere else. Sources are secondary summaries (DOMAIN.md).
 */
export interface Rule {
  readonly id: string;
  readonly area: string;
  readonly sentence: string;
  readonly source: string;
}

export const POLICY = {
  /** TUPE 2006 reg. 11(6): ELI at least 28 days before the transfer. */
  eliDaysBeforeTransfer: 28,
  /** TUPE 2006 reg. 13(2) says only "long enough before"; this is the trust's policy lead time. */
  consultationLeadDays: 30,
  /** TULRCA 1992 s.188: 45 days' collective consultation for 100 or more proposed redundancies… */
  collectiveConsultationDaysLarge: 45,
  /** …and 30 days for 20 to 99. */
  collectiveConsultationDaysSmall: 30,
  /** Ofsted registration takes months: unregistered this close to go-live is a risk. */
  ofstedWarningDays: 180,
  /** An open finding of this severity blocks what it is raised against… */
  blockingSeverity: 'critical',
  /** …and one of this severity puts it at risk. */
  riskSeverity: 'high',
} as const;

const rule = (id: string, area: string, sentence: string, source: string): Rule => ({ id, area, sentence, source });

export const RULES = {
  eli: rule('staff.eli', 'staff', `Employee liability information is received at least ${POLICY.eliDaysBeforeTransfer} days before transfer`, 'TUPE 2006 reg. 11(6)'),
  measuresLetter: rule('staff.measures-letter', 'staff', 'The trust’s measures letter reaches the council before representatives are informed', 'TUPE 2006 reg. 13(4)'),
  consultation: rule('staff.consultation', 'staff', `Consultation with staff representatives starts at least ${POLICY.consultationLeadDays} days before transfer and is completed`, 'TUPE 2006 reg. 13(2); lead time is policy'),
  redundancies: rule('staff.redundancies', 'staff', 'Where redundancies are proposed, collective consultation starts 30 days (20–99) or 45 days (100 or more) before', 'TULRCA 1992 s.188'),
  pensions: rule('staff.pensions', 'staff', 'The LGPS admission agreement is signed, effective no later than go-live', 'LGPS admission; Best Value Authorities Staff Transfers (Pensions) Direction 2007'),
  headcount: rule('staff.headcount', 'staff', 'Headcount at transfer is confirmed', 'DOMAIN: staff transfers'),
  contractRoute: rule('contracts.route', 'contracts', 'Every contract has one route: novate, assign, new contract, council keeps and recharges, or terminate', 'DOMAIN rule 6'),
  novation: rule('contracts.novation', 'contracts', 'A contract to be novated or assigned has the counterparty’s consent and an executed deed before go-live', 'DOMAIN rule 6'),
  systemSourcing: rule('systems.sourcing', 'systems', 'A sourcing option is chosen for every system', 'DOMAIN: systems'),
  systemAccess: rule('systems.access', 'systems', 'Access for the trust’s staff is confirmed', 'DOMAIN: systems'),
  dataSharing: rule('systems.data-sharing', 'systems', 'A data-sharing agreement is signed where the council hosts or shares the system', 'DOMAIN: systems'),
  migration: rule('systems.migration', 'systems', 'Migration is tested where data moves', 'DOMAIN: systems'),
  processOwner: rule('processes.owner', 'processes', 'Each process has an owner in the trust', 'DOMAIN: business processes'),
  walkThrough: rule('processes.walk-through', 'processes', 'Each process has been walked through end to end', 'DOMAIN: business processes'),
  assetTransfer: rule('assets.transfer', 'assets', 'Each asset has a transfer mechanism and its legal instrument is complete', 'DOMAIN: assets'),
  slaSigned: rule('slas.signed', 'slas', 'Each SLA is signed by go-live, or covered by an interim arrangement that runs past it', 'DOMAIN rule 9'),
  slaBudget: rule('slas.budget', 'slas', 'Every signed SLA has a year-one buy-back budget', 'DOMAIN rule 9'),
  envelope: rule('budgets.envelope', 'budgets', 'The year-one buy-back total fits inside the trust’s approved budget', 'DOMAIN: buy-back budgets'),
  governance: rule('governance.signed-off', 'governance', 'Each governance item is signed off before go-live', 'DOMAIN: governance & contract'),
  servicesContract: rule('governance.services-contract', 'governance', 'The services contract is signed before go-live, with pension protection for transferring staff', 'DOMAIN rules 4 and 8'),
  ofsted: rule('governance.ofsted', 'governance', 'Where the trust approves adopters or foster carers, it is registered with Ofsted before go-live', 'DOMAIN rule 7'),
  teckal: rule('governance.teckal', 'governance', 'Teckal conditions are confirmed: council control, over 80% of activity for the council, no private capital', 'Public Contracts Regulations 2015 reg. 12(1)'),
  cash: rule('governance.cash', 'governance', 'Working-capital arrangements are recorded before go-live', 'DOMAIN rule 10'),
  criticalFinding: rule('findings.critical', 'findings', 'An open critical finding blocks go-live for what it touches', 'DOMAIN: findings'),
  highFinding: rule('findings.high', 'findings', 'An open high finding puts what it touches at risk', 'DOMAIN: findings'),
} as const satisfies Record<string, Rule>;

export type RuleId = (typeof RULES)[keyof typeof RULES]['id'];
