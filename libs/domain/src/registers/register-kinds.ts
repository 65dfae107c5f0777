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
export const SLA_SERVICES = ['hr', 'payroll', 'finance', 'legal', 'ict', 'procurement', 'facilities', 'other'] as const;
export const PENSION_SCHEMES = ['lgps', 'teachers', 'nhs', 'other', 'none'] as const;
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
  'other',
] as const;

export type SystemCategory = (typeof SYSTEM_CATEGORIES)[number];
export type SourcingOption = (typeof SOURCING_OPTIONS)[number];
export type AssetType = (typeof ASSET_TYPES)[number];
export type AssetTransferMechanism = (typeof ASSET_TRANSFER_MECHANISMS)[number];
export type ContractMechanism = (typeof CONTRACT_MECHANISMS)[number];
export type SlaService = (typeof SLA_SERVICES)[number];
export type PensionScheme = (typeof PENSION_SCHEMES)[number];
export type GovernanceKind = (typeof GOVERNANCE_KINDS)[number];

export interface ContractDetails {
  readonly supplier: string;
  readonly title: string;
  /** Pounds a year. */
  readonly annualValue: number;
  readonly expiryDate: string;
  readonly mechanism?: ContractMechanism;
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
}
export interface GovernanceItemDetails {
  readonly governanceKind: GovernanceKind;
  readonly title: string;
}

export interface DetailsByKind {
  readonly contract: ContractDetails;
  readonly system: SystemDetails;
  readonly process: ProcessDetails;
  readonly asset: AssetDetails;
  readonly sla: SlaDetails;
  readonly 'staff-group': StaffGroupDetails;
  readonly 'governance-item': GovernanceItemDetails;
}

type None = Record<never, never>;

/** The steps each kind of item goes through on its way to ready, with what each step records. */
export interface StepsByKind {
  readonly contract: {
    readonly 'mechanism-chosen': { readonly mechanism: ContractMechanism };
    readonly 'consent-requested': None;
    readonly 'consent-received': None;
    /** Rule 6: a novation is not ready until all three parties have signed the deed. */
    readonly 'deed-executed': None;
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
    readonly 'recommendation-accepted': { readonly decisionId: string; readonly reasons: string };
    readonly 'recommendation-rejected': { readonly decisionId: string; readonly reasons: string };
    readonly signed: None;
    readonly 'interim-arrangement-agreed': { readonly endDate: string };
  };
  readonly 'staff-group': {
    readonly 'eli-received': None;
    readonly 'measures-letter-received': None;
    readonly 'consultation-started': None;
    readonly 'consultation-completed': None;
    readonly 'admission-agreement-signed': None;
    readonly 'headcount-confirmed': { readonly headcount: number };
  };
  readonly 'governance-item': {
    readonly 'signed-off': { readonly by: string };
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
  },
  'governance-item': {
    'signed-off': 'GovernanceItemSignedOff',
  },
} as const satisfies { [K in ItemKind]: { [S in StepOf<K>]: string } };

/** Steps that the board takes through a decision rather than an adviser through progress. */
export const BOARD_STEPS: ReadonlySet<string> = new Set(['recommendation-accepted', 'recommendation-rejected']);

/** Steps that may be recorded again (a new choice replaces the old); the rest happen once. */
export const REPEATABLE_STEPS: ReadonlySet<string> = new Set([
  'mechanism-chosen',
  'sourcing-option-chosen',
  'owner-named',
  'transfer-mechanism-chosen',
  'interim-arrangement-agreed',
  'headcount-confirmed',
  'recommendation-made',
  'recommendation-rejected',
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
