import type { Judged } from '../judged';

/**
 * The registers of due diligence, one kind of item each, with the codes their fields take.
 * Codes travel as lower-case kebab-case; pages show them in words (see LABELS).
 */

export const ITEM_KINDS = ['contract', 'system', 'process', 'asset', 'sla', 'staff-group', 'governance-item'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const SYSTEM_CATEGORIES = ['case-management', 'hr-payroll', 'finance', 'ict-infrastructure', 'telephony', 'estates', 'other'] as const;
export const SOURCING_OPTIONS = ['council-hosted-sla', 'transfer', 'new-procurement', 'shared'] as const;
export const ASSET_TYPES = ['building', 'vehicle', 'ict-equipment', 'furniture', 'other'] as const;
export const ASSET_TRANSFER_MECHANISMS = ['lease', 'licence', 'transfer-of-title', 'council-keeps-under-sla'] as const;
/** DOMAIN rule 6: every contract has one route. */
export const CONTRACT_MECHANISMS = ['novate', 'assign', 'new-contract', 'council-retains', 'terminate'] as const;
/** Rule 6, terminate: once the contract ends, either the service is not needed from day one or it is covered another way. */
export const CONTRACT_SERVICE_COVER = ['not-needed-from-day-one', 'covered-another-way'] as const;
/** Rule 6: a contract that expires before go-live needs one of these decisions. */
export const CONTRACT_EXPIRY_DECISIONS = ['extend', 're-procure', 'let-lapse'] as const;
export const SLA_SERVICES = ['hr', 'payroll', 'finance', 'legal', 'ict', 'procurement', 'facilities', 'other'] as const;
export const PENSION_SCHEMES = ['lgps', 'teachers', 'nhs', 'other', 'none'] as const;
/** Who proposes the dismissals: the council before the transfer, or the trust (TULRCA 1992 s.198A lets it consult before). */
export const DISMISSAL_PROPOSERS = ['council', 'trust'] as const;
/** LGPS 2013 Sch. 2 Part 3 para 6–8: what secures the fund against the admission ending early. */
export const BOND_DECISIONS = ['bond', 'indemnity', 'neither'] as const;
export const GOVERNANCE_KINDS = [
  'incorporation',
  'board-appointed',
  'services-contract',
  'exit-strategy',
  'hq-function',
  'cash-flow-treasury',
  'ofsted-registration',
  'statutory-direction',
  'teckal',
  'day-one',
  'other',
] as const;

/**
 * What Ofsted registers (Care Standards Act 2000 s.11): an agency, each children's home, and since
 * October 2023 supported accommodation for 16–17-year-olds (Supported Accommodation (England) Regulations 2023).
 */
export const OFSTED_REGISTRATION_TYPES = ['fostering-agency', 'adoption-agency', 'childrens-home', 'supported-accommodation'] as const;
export type OfstedRegistrationType = (typeof OFSTED_REGISTRATION_TYPES)[number];

export type SystemCategory = (typeof SYSTEM_CATEGORIES)[number];
export type SourcingOption = (typeof SOURCING_OPTIONS)[number];
export type AssetType = (typeof ASSET_TYPES)[number];
export type AssetTransferMechanism = (typeof ASSET_TRANSFER_MECHANISMS)[number];
export type ContractMechanism = (typeof CONTRACT_MECHANISMS)[number];
export type ContractServiceCover = (typeof CONTRACT_SERVICE_COVER)[number];
export type ContractExpiryDecision = (typeof CONTRACT_EXPIRY_DECISIONS)[number];
export type SlaService = (typeof SLA_SERVICES)[number];
export type PensionScheme = (typeof PENSION_SCHEMES)[number];
export type DismissalProposer = (typeof DISMISSAL_PROPOSERS)[number];
export type BondDecision = (typeof BOND_DECISIONS)[number];
export type GovernanceKind = (typeof GOVERNANCE_KINDS)[number];

export interface ContractDetails {
  readonly supplier: string;
  readonly title: string;
  /** Pounds a year. */
  readonly annualValue: number;
  readonly expiryDate: string;
  readonly mechanism?: ContractMechanism;
  /** Whether the contract restricts assignment: only then does an assignment need the supplier's consent. Unknown counts as yes. */
  readonly restrictsAssignment?: boolean;
}
export interface SystemDetails {
  readonly name: string;
  readonly category: SystemCategory;
  readonly supplier?: string;
  /** Whether data moves out of the council's system (then migration must be tested). */
  readonly migrationNeeded: boolean;
}
export interface ProcessDetails {
  readonly name: string;
  readonly description?: string;
}
export interface AssetDetails {
  readonly name: string;
  readonly assetType: AssetType;
  readonly location: string;
  readonly value?: number;
}
export interface SlaDetails {
  readonly service: SlaService;
  readonly kpis: readonly string[];
  /** Pounds a year. */
  readonly annualPrice: number;
  readonly termMonths: number;
}
/** Staff are counted, never named. */
export interface StaffGroupDetails {
  readonly team: string;
  readonly headcount: number;
  readonly fte: number;
  readonly pensionScheme: PensionScheme;
  /** TULRCA 1992 s.188: proposed redundancies bring collective consultation with them. */
  readonly redundanciesProposed?: number;
  /** TUPE 2006 reg. 13(6): consultation is owed where measures are envisaged; not given is read as envisaged. */
  readonly measuresEnvisaged?: boolean;
  /** TULRCA 1992 s.188: dismissals are counted per establishment, across groups; not given, the group is its own. */
  readonly establishment?: string;
  /** The day the dismissals were proposed. */
  readonly dismissalsProposedOn?: string;
  /** The day the first dismissal takes effect: s.188 and s.193 lead times count back from it. Not before the proposal. */
  readonly firstDismissalDate?: string;
  readonly dismissalsProposedBy?: DismissalProposer;
}
export interface GovernanceItemDetails {
  readonly governanceKind: GovernanceKind;
  readonly title: string;
  /** Teckal: the day the procurement the exemption is relied on for began; it decides which law applies (PCR 2015 or Procurement Act 2023). */
  readonly procurementBegunOn?: string;
  /** Ofsted: what is registered; one item per registration (each children's home its own). */
  readonly registrationType?: OfstedRegistrationType;
  /** Ofsted: the home's or agency's name, e.g. "Northtown children's home". Never a person's name. */
  readonly establishmentName?: string;
}

/**
 * Who sees an item through and by when, which any item may carry: a named person or team (a role,
 * never a private person's name in a staff context), and the day they aim to have it done by. The
 * rules' own deadlines stand regardless; a target later than one is shown beside it, not instead.
 */
export interface ItemOwnership {
  readonly owner?: string;
  readonly targetDate?: string;
  /** Needed on the first day of operation: the action plan and the day-one view pick these out. */
  readonly neededOnDayOne?: boolean;
  /**
   * Who sees each outstanding step through, where not the item's owner: by the readiness rule the
   * step answers (e.g. "staff.eli" → "Council HR — TUPE lead"), each with its own target.
   */
  readonly stepOwners?: Readonly<Record<string, StepOwner>>;
}

/** The owner of one step of an item, and the day they aim to have it done by. */
export interface StepOwner {
  readonly owner: string;
  readonly targetDate?: string;
}

export interface DetailsByKind {
  readonly contract: ContractDetails & ItemOwnership;
  readonly system: SystemDetails & ItemOwnership;
  readonly process: ProcessDetails & ItemOwnership;
  readonly asset: AssetDetails & ItemOwnership;
  readonly sla: SlaDetails & ItemOwnership;
  readonly 'staff-group': StaffGroupDetails & ItemOwnership;
  readonly 'governance-item': GovernanceItemDetails & ItemOwnership;
}

type None = Record<never, never>;

/** The steps each kind of item goes through on its way to ready, with what each step records. */
export interface StepsByKind {
  readonly contract: {
    readonly 'mechanism-chosen': { readonly mechanism: ContractMechanism };
    readonly 'consent-requested': None;
    readonly 'consent-received': None;
    /**
     * The deed of assignment. Recorded on a novation before the three signatures were recorded
     * one by one, it still means the deed of novation signed by all three parties.
     */
    readonly 'deed-executed': None;
    /** Rule 6: a novation is not ready until all three parties have signed the deed, each on its day. */
    readonly 'deed-signed-by-council': None;
    readonly 'deed-signed-by-trust': None;
    readonly 'deed-signed-by-supplier': None;
    /** Assignment: the trust's indemnity (back-to-back undertaking) to the council, which stays liable to the supplier. */
    readonly 'indemnity-given': None;
    /** New contract: the replacement awarded and signed, and the day it starts. */
    readonly 'replacement-contract-signed': { readonly startDate: string };
    /** Terminate: notice served, and the day the contract ends. */
    readonly 'notice-served': { readonly endDate: string };
    /** Terminate (or let lapse): what happens to the service after the contract ends; a note says how, when covered another way. */
    readonly 'service-cover-confirmed': { readonly cover: ContractServiceCover; readonly note?: string };
    /** Council keeps and recharges: the recharge agreement, or the SLA that covers it. */
    readonly 'recharge-agreement-signed': { readonly slaReference?: string };
    /** A contract expiring before go-live (or soon after): extend (to a new expiry after go-live), re-procure or let lapse. */
    readonly 'expiry-decided': { readonly decision: ContractExpiryDecision; readonly newExpiryDate?: string };
    readonly 'interim-arrangement-agreed': { readonly endDate: string };
  };
  readonly system: {
    readonly 'sourcing-option-chosen': { readonly option: SourcingOption };
    readonly 'access-confirmed': None;
    readonly 'data-sharing-agreement-signed': None;
    readonly 'migration-tested': None;
  };
  readonly process: {
    readonly 'owner-named': { readonly owner: string };
    readonly 'walked-through': None;
  };
  readonly asset: {
    readonly 'transfer-mechanism-chosen': { readonly mechanism: AssetTransferMechanism };
    readonly 'instrument-completed': None;
  };
  readonly sla: {
    readonly 'recommendation-made': { readonly suitable: boolean; readonly reasons: string };
    /** Judged: the readiness rule set the board judged with (absent on older decisions: version 1), the body, who sat, what it saw. */
    readonly 'recommendation-accepted': { readonly decisionId: string; readonly reasons: string } & Judged;
    readonly 'recommendation-rejected': { readonly decisionId: string; readonly reasons: string } & Judged;
    readonly signed: None;
    readonly 'interim-arrangement-agreed': { readonly endDate: string };
  };
  readonly 'staff-group': {
    readonly 'eli-received': None;
    readonly 'measures-letter-received': None;
    readonly 'consultation-started': None;
    readonly 'consultation-completed': None;
    /**
     * LGPS admission agreement, signed by trust, council and fund, effective from `effectiveDate`.
     * Recorded before these fields existed (schema version 1), it means signed by all three and effective on its `on`.
     */
    readonly 'admission-agreement-signed': {
      readonly signedByTrustOn?: string;
      readonly signedByCouncilOn?: string;
      readonly signedByFundOn?: string;
      readonly effectiveDate?: string;
    };
    readonly 'headcount-confirmed': { readonly headcount: number };
    /** TUPE 2006 reg. 11(5): the trust is told of a change to the ELI given. */
    readonly 'eli-updated': None;
    /** Why the confirmed headcount differs from the registered one. */
    readonly 'headcount-reconciled': { readonly reason: string };
    /** TUPE 2006 reg. 13(2): representatives informed, apart from any consultation. */
    readonly 'representatives-informed': None;
    /** TULRCA 1992 s.188. */
    readonly 'collective-consultation-started': None;
    /** TULRCA 1992 s.193: the Secretary of State notified on form HR1. */
    readonly 'hr1-notified': None;
    /** TULRCA 1992 s.198A: council and trust agree that the trust consults before the transfer. */
    readonly 'pre-transfer-consultation-agreed': None;
    /** LGPS Regulations 2013 Sch. 2 Part 3: the paragraph the trust is admitted under. */
    readonly 'lgps-legal-basis-recorded': { readonly basis: string };
    readonly 'actuary-report-received': None;
    readonly 'lgps-risk-assessed': None;
    readonly 'bond-decision-recorded': { readonly decision: BondDecision; readonly reasons: string };
  };
  readonly 'governance-item': {
    /** Kinds without steps of their own (see GOVERNANCE_STEPS). */
    readonly 'signed-off': { readonly by: string };
    /** Teckal, once per financial year (repeatable; a second record for a year corrects the first). */
    readonly 'teckal-conditions-recorded': {
      readonly financialYear: string;
      readonly activitySharePercent: number;
      readonly councilControl: boolean;
      readonly privateCapital: boolean;
    };
    /** Statutory direction (Education Act 1996 s.497A, as applied by Children Act 2004 s.50): two documents. */
    readonly 'service-delivery-contract-signed': None;
    readonly 'governance-agreement-signed': None;
    /** Ofsted: the step's day is the day the application went in. */
    readonly 'registration-applied': None;
    readonly 'registered-manager-appointed': None;
    readonly registered: None;
    /** Services contract: its parts, and the signature. */
    readonly 'pension-protection-confirmed': None;
    readonly 'kpis-agreed': None;
    readonly 'change-control-agreed': None;
    readonly 'annual-review-agreed': None;
    readonly signed: None;
    /** Cash: the working-capital facility (repeatable: renegotiated terms replace the old). */
    readonly 'working-capital-recorded': { readonly facilityAmount: number; readonly lender: string; readonly repaymentTerms: string };
  };
}

export type StepOf<K extends ItemKind> = keyof StepsByKind[K] & string;

/** Stable event type names: never derived from a class name, never renamed once stored. */
export const REGISTERED_EVENT_TYPES = {
  contract: 'ContractRegistered',
  system: 'SystemRegistered',
  process: 'ProcessRegistered',
  asset: 'AssetRegistered',
  sla: 'SlaRegistered',
  'staff-group': 'StaffGroupRegistered',
  'governance-item': 'GovernanceItemRegistered',
} as const satisfies Record<ItemKind, string>;

export const STEP_EVENT_TYPES = {
  contract: {
    'mechanism-chosen': 'ContractMechanismChosen',
    'consent-requested': 'ContractConsentRequested',
    'consent-received': 'ContractConsentReceived',
    'deed-executed': 'ContractDeedExecuted',
    'deed-signed-by-council': 'ContractDeedSignedByCouncil',
    'deed-signed-by-trust': 'ContractDeedSignedByTrust',
    'deed-signed-by-supplier': 'ContractDeedSignedBySupplier',
    'indemnity-given': 'ContractIndemnityGiven',
    'replacement-contract-signed': 'ContractReplacementContractSigned',
    'notice-served': 'ContractNoticeServed',
    'service-cover-confirmed': 'ContractServiceCoverConfirmed',
    'recharge-agreement-signed': 'ContractRechargeAgreementSigned',
    'expiry-decided': 'ContractExpiryDecided',
    'interim-arrangement-agreed': 'ContractInterimArrangementAgreed',
  },
  system: {
    'sourcing-option-chosen': 'SystemSourcingOptionChosen',
    'access-confirmed': 'SystemAccessConfirmed',
    'data-sharing-agreement-signed': 'SystemDataSharingAgreementSigned',
    'migration-tested': 'SystemMigrationTested',
  },
  process: {
    'owner-named': 'ProcessOwnerNamed',
    'walked-through': 'ProcessWalkedThrough',
  },
  asset: {
    'transfer-mechanism-chosen': 'AssetTransferMechanismChosen',
    'instrument-completed': 'AssetInstrumentCompleted',
  },
  sla: {
    'recommendation-made': 'SlaRecommendationMade',
    'recommendation-accepted': 'SlaRecommendationAccepted',
    'recommendation-rejected': 'SlaRecommendationRejected',
    signed: 'SlaSigned',
    'interim-arrangement-agreed': 'SlaInterimArrangementAgreed',
  },
  'staff-group': {
    'eli-received': 'StaffEliReceived',
    'measures-letter-received': 'StaffMeasuresLetterReceived',
    'consultation-started': 'StaffConsultationStarted',
    'consultation-completed': 'StaffConsultationCompleted',
    'admission-agreement-signed': 'StaffAdmissionAgreementSigned',
    'headcount-confirmed': 'StaffHeadcountConfirmed',
    'eli-updated': 'StaffEliUpdated',
    'headcount-reconciled': 'StaffHeadcountReconciled',
    'representatives-informed': 'StaffRepresentativesInformed',
    'collective-consultation-started': 'StaffCollectiveConsultationStarted',
    'hr1-notified': 'StaffHr1Notified',
    'pre-transfer-consultation-agreed': 'StaffPreTransferConsultationAgreed',
    'lgps-legal-basis-recorded': 'StaffLgpsLegalBasisRecorded',
    'actuary-report-received': 'StaffActuaryReportReceived',
    'lgps-risk-assessed': 'StaffLgpsRiskAssessed',
    'bond-decision-recorded': 'StaffBondDecisionRecorded',
  },
  'governance-item': {
    'signed-off': 'GovernanceItemSignedOff',
    'teckal-conditions-recorded': 'TeckalConditionsRecorded',
    'service-delivery-contract-signed': 'StatutoryDirectionContractSigned',
    'governance-agreement-signed': 'StatutoryDirectionGovernanceAgreementSigned',
    'registration-applied': 'OfstedRegistrationApplied',
    'registered-manager-appointed': 'OfstedRegisteredManagerAppointed',
    registered: 'OfstedRegistrationGranted',
    'pension-protection-confirmed': 'ServicesContractPensionProtectionConfirmed',
    'kpis-agreed': 'ServicesContractKpisAgreed',
    'change-control-agreed': 'ServicesContractChangeControlAgreed',
    'annual-review-agreed': 'ServicesContractAnnualReviewAgreed',
    signed: 'ServicesContractSigned',
    'working-capital-recorded': 'WorkingCapitalRecorded',
  },
} as const satisfies { [K in ItemKind]: { [S in StepOf<K>]: string } };

/**
 * The steps each kind of governance item records. The kinds the law says more about have steps of
 * their own; the rest are signed off. A step on another kind is refused.
 */
export type GovernanceStep = StepOf<'governance-item'>;
export const GOVERNANCE_STEPS = {
  incorporation: ['signed-off'],
  'board-appointed': ['signed-off'],
  'services-contract': ['pension-protection-confirmed', 'kpis-agreed', 'change-control-agreed', 'annual-review-agreed', 'signed'],
  'exit-strategy': ['signed-off'],
  'hq-function': ['signed-off'],
  'cash-flow-treasury': ['working-capital-recorded'],
  'ofsted-registration': ['registration-applied', 'registered-manager-appointed', 'registered'],
  'statutory-direction': ['service-delivery-contract-signed', 'governance-agreement-signed'],
  teckal: ['teckal-conditions-recorded'],
  // Confirmed in place for the first day of operation, by whom.
  'day-one': ['signed-off'],
  other: ['signed-off'],
} as const satisfies Record<GovernanceKind, readonly GovernanceStep[]>;

/** Steps that the board takes through a decision rather than an adviser through progress. */
export const BOARD_STEPS: ReadonlySet<string> = new Set(['recommendation-accepted', 'recommendation-rejected']);

/** Steps that may be recorded again (a new choice replaces the old); the rest happen once. */
export const REPEATABLE_STEPS: ReadonlySet<string> = new Set([
  'mechanism-chosen',
  // A contract's expiry decision may be revisited (extended, then re-procured); the latest counts.
  'expiry-decided',
  'sourcing-option-chosen',
  'owner-named',
  'transfer-mechanism-chosen',
  'interim-arrangement-agreed',
  'headcount-confirmed',
  // TUPE 2006 reg. 11(5): every further change to the ELI brings another update; every difference another reconciliation.
  'eli-updated',
  'headcount-reconciled',
  'recommendation-made',
  'recommendation-rejected',
  // An SLA the board accepted as not suitable is revised: the board accepts the new recommendation too.
  'recommendation-accepted',
  // Teckal: one record per financial year, each kept (stepHistory) so every year is judged.
  'teckal-conditions-recorded',
  'working-capital-recorded',
]);

export function stepsOf<K extends ItemKind>(kind: K): StepOf<K>[] {
  return Object.keys(STEP_EVENT_TYPES[kind]) as StepOf<K>[];
}

/** The area of due diligence each kind of item belongs to. */
export const AREA_OF_KIND = {
  contract: 'contracts',
  system: 'systems',
  process: 'processes',
  asset: 'assets',
  sla: 'slas',
  'staff-group': 'staff',
  'governance-item': 'governance',
} as const satisfies Record<ItemKind, string>;

/** The register each kind of item is listed in, as it appears in addresses: /api/programmes/{id}/contracts. */
export const REGISTER_OF_KIND = {
  contract: 'contracts',
  system: 'systems',
  process: 'processes',
  asset: 'assets',
  sla: 'slas',
  'staff-group': 'staff-groups',
  'governance-item': 'governance-items',
} as const satisfies Record<ItemKind, string>;
export type RegisterName = (typeof REGISTER_OF_KIND)[ItemKind];
/** The kind of item a register in an address lists: "staff-groups" → "staff-group". */
export const KIND_OF_REGISTER: ReadonlyMap<string, ItemKind> = new Map(Object.entries(REGISTER_OF_KIND).map(([kind, register]) => [register, kind as ItemKind]));
