import { DEFAULT_PROGRAMME_SETTINGS, ITEM_NOUNS, ItemKind, REGISTERED_EVENT_TYPES, STEP_EVENT_TYPES, decidingBodyLabel, goLiveMoveReasonLabel, programmeStreamOf, programmeOfStream, itemStreamId, findingStreamId } from '@tracker/domain';
import type { StoredEvent } from '@tracker/event-store';

/** One field an event changed: what it was before (absent when nothing was recorded) and after. */
export interface FieldChange {
  readonly field: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** An event as a person reads it: a sentence, and the fields it changed. */
export interface EventInWords {
  readonly description: string;
  readonly changes: readonly FieldChange[];
}

/** The name of whoever a user id is, where the event's words mention a person (a member added, say). */
export type NameOf = (userId: string) => string | undefined;

/** What the describer keeps of one stream while the trail is read in order: the latest value of each field. */
export interface StreamMemory {
  readonly values: Map<string, unknown>;
  subject?: string;
}

/**
 * Where the describer keeps each stream's memory: a map while one trail is read, or the audit
 * index's table, which outlives a process. `touched` is told of every stream whose memory changed.
 */
export interface DescriberMemory {
  get(streamId: string): StreamMemory | undefined;
  set(streamId: string, memory: StreamMemory): void;
  touched?(streamId: string): void;
}

const PERSON_START = '\uFDD0';
const PERSON_END = '\uFDD1';

/**
 * Marks a person by id in the words, for naming later (two Unicode noncharacters, which are for a
 * program's own use and never in what people type): the audit index names people as a page is read.
 */
export const personMark: NameOf = (userId) => `${PERSON_START}${userId}${PERSON_END}`;

/** Names the people {@link personMark} marked, as the trail read afresh would. */
export function namePeople(words: string, nameOf: NameOf): string {
  if (!words.includes(PERSON_START)) return words;
  return words.replace(/\uFDD0([^\uFDD1]*)\uFDD1/g, (_, userId: string) => nameOf(userId) ?? `user ${userId}`);
}

/** What a description is written with. */
interface Context {
  readonly event: StoredEvent;
  /** ", effective 3 March 2026" when the event took effect on another day than it was recorded; else "". */
  readonly effective: string;
  /** What this stream is about, e.g. "contract CON-014 (Payroll software)", once known. */
  readonly subject: string;
  /** Sets a field and records the change from the value it had, when it differs. */
  change(field: string, after: unknown, before?: unknown): void;
  /** Sets a field silently: the first value, which changes nothing. */
  remember(field: string, value: unknown): void;
  recall(field: string): unknown;
  /** ": field: before → after; …" for the changes recorded so far, or "" when none. */
  changed(): string;
  name(subject: string): void;
  /** The words for a register item, finding or area another stream is about. */
  targetOf(target: unknown): string;
  person(userId: string): string;
}

// Event data is read loosely: old events may lack fields added since, and nothing here may throw.
type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Describe = (data: Data, context: Context) => string;

/** "consent-received" → "consent received"; acronyms kept as people write them. */
export function codeWords(code: unknown): string {
  if (typeof code !== 'string' || code === '') return '';
  const known = CODE_WORDS.get(code);
  if (known !== undefined) return known;
  const text = code
    .split('-')
    .map((word) => ACRONYMS[word] ?? word)
    .join(' ');
  // Codes and field names repeat across a history: each is put in words once (a bounded few kept).
  if (CODE_WORDS.size < CODE_WORDS_KEPT) CODE_WORDS.set(code, text);
  return text;
}
const CODE_WORDS = new Map<string, string>();
const CODE_WORDS_KEPT = 10_000;
const ACRONYMS: Record<string, string> = { sla: 'SLA', slas: 'SLAs', eli: 'ELI', lgps: 'LGPS', ict: 'ICT', hr: 'HR', hr1: 'HR1', kpis: 'KPIs', hq: 'HQ', mis: 'MIS', fte: 'FTE' };

/** "dueDate" → "due date"; a few fields as people say them. */
export function fieldWords(field: string): string {
  const known = FIELD_WORDS[field] ?? FIELDS_SEEN.get(field);
  if (known !== undefined) return known;
  const text = codeWords(field.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase());
  if (FIELDS_SEEN.size < CODE_WORDS_KEPT) FIELDS_SEEN.set(field, text);
  return text;
}
const FIELDS_SEEN = new Map<string, string>();
const FIELD_WORDS: Record<string, string> = { goLiveDate: 'go-live date', fte: 'FTE', kpis: 'KPIs', fourEyes: 'four eyes for', decisionBodies: 'deciding bodies', deliveryConfidence: 'delivery confidence', lgps: 'LGPS', stepOwners: 'owners of steps', deliveryModel: 'delivery model', inspectionJudgement: 'inspection judgement', leadAdviser: 'lead adviser' };

const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

const NUMBER = new Intl.NumberFormat('en-GB');
const MONEY = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
/** Formatting a date is the dearest part of a sentence; a history has few distinct days, so each is formatted once. */
const DAYS = new Map<string, string>();
const DAYS_KEPT = 100_000;

/** "2027-04-01" or an instant → "1 April 2027" (the UK day). */
export function dayWords(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  // A UTC instant's UK day depends only on its hour (the UK is a whole number of hours from UTC).
  const key = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : /^\d{4}-\d{2}-\d{2}T\d{2}:.*Z$/.test(value) ? value.slice(0, 13) : undefined;
  const known = key === undefined ? undefined : DAYS.get(key);
  if (known !== undefined) return known;
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  const words = Number.isNaN(date.getTime()) ? value : LONDON_DAY.format(date);
  if (key !== undefined && DAYS.size < DAYS_KEPT) DAYS.set(key, words);
  return words;
}

const MONEY_FIELDS = new Set(['annualValue', 'annualPrice', 'value', 'amount', 'facilityAmount', 'previousAmount']);

/** A field's value in words: dates as UK days, money in pounds, yes/no, codes in words, lists joined. */
export function valueWords(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return MONEY_FIELDS.has(field) ? pounds(value) : NUMBER.format(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((v) => valueWords(field, v)).join(', ');
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(value)) return dayWords(value);
    return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) && value.includes('-') ? codeWords(value) : value;
  }
  if (field === 'stepOwners' && typeof value === 'object') {
    // "staff.eli: Council HR — TUPE lead by 1 March 2027"; a step handed back to the item's owner is simply not listed.
    const owners = Object.entries(value as Record<string, { owner?: string; targetDate?: string }>);
    return owners.length === 0 ? '(none)' : owners.map(([rule, o]) => `${rule}: ${o?.owner ?? '(none)'}${o?.targetDate ? ` by ${dayWords(o.targetDate)}` : ''}`).join('; ');
  }
  if (field === 'decisionBodies' && typeof value === 'object') {
    const bodies = Object.entries(value as Record<string, readonly string[]>).filter(([, types]) => (types ?? []).length > 0);
    return bodies.length === 0 ? '(none)' : bodies.map(([body, types]) => `${decidingBodyLabel(body)} (${types.map(codeWords).join(', ')})`).join('; ');
  }
  return JSON.stringify(value);
}

const pounds = (amount: number) => `£${MONEY.format(amount)}`;

const ROLE_NAMES: Record<string, string> = { adviser: 'Adviser', board: 'Board member', auditor: 'Auditor', administrator: 'Administrator', system: 'System', user: 'User' };

/** The role an event was recorded in, as a reader says it: "board" → "Board member". */
export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? typeWords(role);
}

/** "annual value: £120,000 → £125,000; owner: (none) → Head of Legal" */
export function changesInWords(changes: readonly FieldChange[]): string {
  return changes.map(changeInWords).join('; ');
}

export function changeInWords(c: FieldChange): string {
  return `${fieldWords(c.field)}: ${valueWords(c.field, c.before)} → ${valueWords(c.field, c.after)}`;
}

/** Long free text (a note, a reason) is cut in the sentence; the whole of it is in the event's data. */
function quote(text: unknown, max = 200): string {
  const value = typeof text === 'string' ? text.trim().replace(/\s+/g, ' ') : '';
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** ": text" when there is any, so sentences read the same with or without a note. */
const colon = (text: unknown) => (quote(text) === '' ? '' : `: ${quote(text)}`);

const ITEM_NAME_FIELDS: Record<ItemKind, string> = {
  contract: 'title',
  system: 'name',
  process: 'name',
  asset: 'name',
  sla: 'service',
  'staff-group': 'team',
  'governance-item': 'title',
};

function itemSubject(kind: ItemKind, reference: unknown, details: Data | undefined): string {
  const name = details?.[ITEM_NAME_FIELDS[kind]];
  const named = kind === 'sla' ? codeWords(name) : typeof name === 'string' ? name : '';
  return `${ITEM_NOUNS[kind] ?? 'item'} ${String(reference ?? '')}${named ? ` (${named})` : ''}`.trim();
}

const ROLE_WORDS: Record<string, string> = { adviser: 'an adviser', board: 'a board member', auditor: 'an auditor' };
const roleWords = (role: unknown) => ROLE_WORDS[String(role)] ?? codeWords(role);

/** "The project board’s", reading a decision recorded before bodies were as the project board's. */
function bodyName(d: Data): string {
  const noun = decidingBodyLabel(typeof d.body === 'string' ? d.body : 'project-board').replace(/^The /, '');
  return `the ${noun === 'Commissioner' ? noun : noun.charAt(0).toLowerCase() + noun.slice(1)}`;
}
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const RATINGS: Record<string, string> = { green: 'Green', 'amber-green': 'Amber/Green', amber: 'Amber', 'amber-red': 'Amber/Red', red: 'Red' };

const registered: Describe = (d, c) => {
  const kind = d.kind as ItemKind;
  c.name(itemSubject(kind, d.reference, d.details));
  c.remember('reference', d.reference);
  for (const [field, value] of Object.entries((d.details ?? {}) as Data)) c.remember(field, value);
  return `Registered ${c.subject}${c.effective}`;
};

/** A step of a register item: its fields, and before → after where a repeatable step is recorded again. */
function stepDescription(step: string): Describe {
  return (d, c) => {
    const fields = Object.entries(d).filter(([key]) => !STEP_FRAME.has(key));
    for (const [field, value] of fields) c.change(`${step}.${field}`, value);
    const on = d.on ? `, effective ${dayWords(d.on)}` : c.effective;
    const said = fields.map(([field, value]) => `${fieldWords(field)} ${valueWords(field, value)}`);
    // A board's decision on an SLA says which body took it; evidence is counted, its links are in the data.
    if (typeof d.decisionId === 'string') said.unshift(`decided by ${bodyName(d)}`);
    if (Array.isArray(d.evidence) && d.evidence.length > 0) said.push(`with ${evidenceCount(d.evidence)}`);
    if (typeof d.corrects === 'number') said.push(`correcting step ${d.corrects}`);
    return `Recorded step ‘${codeWords(step)}’ on ${c.subject}${on}${said.length > 0 ? `: ${said.join('; ')}` : ''}`;
  };
}
/** What every step event carries, or what a decision carries for the record (the digest it saw, the pack as tabled): not said in the sentence. */
const STEP_FRAME = new Set(['programmeId', 'itemId', 'kind', 'step', 'on', 'decisionId', 'rulesetVersion', 'body', 'attendees', 'seen', 'boardPack', 'evidence', 'corrects']);

/** A finding's status moves with most of its events; the change is recorded, the sentence says the rest. */
const moved = (c: Context, status: string) => c.change('status', status);

/**
 * One sentence per event type. A new event type needs a line here: event-descriptions.spec.ts
 * checks every type the domain's deciders write.
 */
export const DESCRIPTIONS: Readonly<Record<string, Describe>> = {
  // The programme.
  ProgrammeRegistered: (d, c) => {
    c.name(`the programme ‘${quote(d.name)}’`);
    c.remember('goLiveDate', d.goLiveDate);
    c.remember('fourEyes', DEFAULT_PROGRAMME_SETTINGS.fourEyes);
    c.remember('decisionBodies', DEFAULT_PROGRAMME_SETTINGS.decisionBodies);
    const started = d.startedOn ? `, under way since ${dayWords(d.startedOn)}` : '';
    return `Registered the programme ‘${quote(d.name)}’: ${quote(d.council)} to ${quote(d.newBody)}, go-live ${dayWords(d.goLiveDate)} (provisional)${started}`;
  },
  ProgrammeSettingsChanged: (d, c) => {
    c.change('fourEyes', d.fourEyes);
    c.change('decisionBodies', d.decisionBodies);
    return `Changed the programme’s settings${c.changed()}`;
  },
  ProgrammeDescribed: (d, c) => {
    for (const field of ['region', 'deliveryModel', 'inspectionJudgement', 'leadAdviser']) c.change(field, d[field]);
    return `Described the programme${c.changed()}`;
  },
  GoLiveDateConfirmed: (d, c) => {
    c.change('goLiveDate', d.date);
    return `Confirmed go-live on ${dayWords(d.date)}`;
  },
  GoLiveDateMoved: (d, c) => {
    c.change('goLiveDate', d.to, d.from);
    const reasons = ((d.reasons ?? []) as string[]).map((code) => goLiveMoveReasonLabel(code).toLowerCase()).join(', ');
    return `Moved go-live from ${dayWords(d.from)} to ${dayWords(d.to)}: ${reasons}${d.note ? ` — ${quote(d.note)}` : ''}`;
  },
  ProgrammeWentLive: (d) => `Recorded go-live on ${dayWords(d.date)}${d.plannedDate && d.plannedDate !== d.date ? ` (planned for ${dayWords(d.plannedDate)})` : ''}`,
  ProgrammeClosed: (d) => `Closed the programme ${d.wentLive ? 'after go-live' : 'without going live'}${colon(d.note)}`,
  BoardRatingRecorded: (d, c) => {
    c.change('deliveryConfidence', d.rating);
    return `Recorded ${bodyName(d)}’s delivery confidence as ${RATINGS[d.rating] ?? codeWords(d.rating)}${colon(d.rationale)}`;
  },
  GoNoGoDecided: (d, c) => {
    for (const condition of Array.isArray(d.conditions) ? (d.conditions as Data[]) : []) c.remember(`condition.${d.decisionId}.${condition.conditionId}`, condition.text);
    const conditions = Array.isArray(d.conditions) && d.conditions.length > 0 ? `, subject to ${d.conditions.length === 1 ? '1 condition' : `${d.conditions.length} conditions`}` : '';
    return `${capitalised(bodyName(d))} decided “${d.decision === 'go' ? 'go' : 'no-go'}” for go-live on ${dayWords(d.goLiveDate)}${conditions}${colon(d.reasons)}`;
  },
  DecisionConditionMet: (d, c) => `Recorded the condition ‘${quote(c.recall(`condition.${d.decisionId}.${d.conditionId}`) ?? d.conditionId, 120)}’ of the go decision as met${Array.isArray(d.evidence) && d.evidence.length > 0 ? `, with ${evidenceCount(d.evidence)}` : ''}${colon(d.note)}`,

  // Who may do what.
  MemberAdded: (d, c) => {
    c.change(`role.${d.userId}`, d.role);
    return `Added ${c.person(d.userId)} to the programme as ${roleWords(d.role)}`;
  },
  MemberRoleChanged: (d, c) => {
    c.change(`role.${d.userId}`, d.to, d.from);
    return `Changed ${c.person(d.userId)}’s role from ${codeWords(d.from)} to ${codeWords(d.to)}`;
  },
  MemberRemoved: (d, c) => {
    c.change(`role.${d.userId}`, undefined, d.role);
    return `Removed ${c.person(d.userId)} (${codeWords(d.role)}) from the programme`;
  },
  UserCreated: (d) => `Created the account of ${quote(d.name)} (${quote(d.email)})${d.administrator ? ' as an administrator' : ''}`,
  // Never the hash or the token: only that it happened.
  UserPasswordSet: (d, c) => `Set a password for ${c.person(d.userId)}`,
  ApiTokenIssued: (d, c) => `Issued an API token to ${c.person(d.userId)}, expiring ${dayWords(d.expiresAt)}`,
  ApiTokenRevoked: (d, c) => `Revoked an API token of ${c.person(d.userId)}`,
  RemindersSet: (d, c) => (d.email ? `Set ${c.person(d.userId)} to be sent email reminders for ${d.owns.join(', ')}` : `Stopped the email reminders of ${c.person(d.userId)}`),
  PortfolioAccessSet: (d, c) =>
    d.scope === null || d.scope === undefined
      ? `Took away the portfolio access of ${c.person(d.userId)}`
      : `Let ${c.person(d.userId)} read ${d.scope.all ? 'every programme' : d.scope.region ? `every programme in ${codeWords(d.scope.region)}` : `every ${codeWords(d.scope.deliveryModel)} programme`}, read-only`,
  CalendarFeedIssued: (d, c) => `Issued a calendar feed address to ${c.person(d.userId)}`,
  CalendarFeedRevoked: (d, c) => `Revoked the calendar feed address of ${c.person(d.userId)}`,
  UserSessionsEnded: (d, c) => `Ended the sessions of ${c.person(d.userId)} (${codeWords(d.reason)})`,
  UserSessionEnded: (d, c) => `Ended a session of ${c.person(d.userId)}`,
  UserDisabled: (d, c) => `Disabled the account of ${c.person(d.userId)}`,
  UserEnabled: (d, c) => `Enabled the account of ${c.person(d.userId)} again`,
  AdministratorRightsGranted: (d, c) => `Made ${c.person(d.userId)} an administrator`,
  AdministratorRightsRemoved: (d, c) => `Removed the administrator rights of ${c.person(d.userId)}`,
  SigningKeyRotated: (d) => `Rotated the signing key from ${String(d.fromFingerprint ?? '').slice(0, 16)}… to ${String(d.toFingerprint ?? '').slice(0, 16)}…, signed by the old key`,
  DigestRecorded: (d) => `Took a signed digest of ${NUMBER.format(Number(d.digest?.eventCount ?? 0))} events, up to position ${d.digest?.position ?? '?'}${d.digest?.reason ? ` (${codeWords(d.digest.reason)})` : ''}`,

  // The registers.
  ...Object.fromEntries(Object.values(REGISTERED_EVENT_TYPES).map((type) => [type, registered])),
  RegisterItemAmended: (d, c) => {
    const before = c.subject;
    for (const [field, value] of Object.entries((d.changes ?? {}) as Data)) c.change(field, value);
    const kind = d.kind as ItemKind;
    // Renamed, the item is called by its new name from here on.
    if (ITEM_NAME_FIELDS[kind] && c.recall('reference') !== undefined) c.name(itemSubject(kind, c.recall('reference'), { [ITEM_NAME_FIELDS[kind]]: c.recall(ITEM_NAME_FIELDS[kind]) }));
    // Every amendment since schema version 2 records its day; it is worth saying only when it is not the day recorded.
    const on = d.on && dayWords(d.on) !== dayWords(c.event.metadata?.recordedAt) ? `, effective ${dayWords(d.on)}` : c.effective;
    return `Amended ${before}${on}${c.changed()}`;
  },
  // `on` is the day it was withdrawn (the day recorded); it takes effect from when the step did.
  ItemStepWithdrawn: (d, c) =>
    `${d.correction ? 'Corrected' : 'Withdrew'} step${typeof d.n === 'number' ? ` ${d.n}` : ''} ‘${codeWords(d.step)}’${d.stepOn ? ` of ${dayWords(d.stepOn)}` : ''} on ${c.subject}${c.effective}${d.correction ? ' (the corrected step follows)' : ''}${colon(d.reason)}`,
  ...Object.fromEntries(
    Object.values(STEP_EVENT_TYPES).flatMap((steps) => Object.entries(steps as Record<string, string>).map(([step, type]) => [type, stepDescription(step)])),
  ),

  // Findings.
  FindingRaised: (d, c) => {
    c.name(`finding ‘${quote(d.title, 120)}’`);
    for (const field of ['title', 'description', 'severity', 'owner', 'dueDate']) c.remember(field, d[field]);
    c.remember('status', 'open');
    const evidence = Array.isArray(d.evidence) && d.evidence.length > 0 ? `, with ${evidenceCount(d.evidence)}` : '';
    return `Raised a ${codeWords(d.severity)} finding ‘${quote(d.title, 120)}’ on ${c.targetOf(d.target)}: owner ${quote(d.owner)}, due ${dayWords(d.dueDate)}${evidence}`;
  },
  FindingEvidenceAdded: (d, c) => `Added ${evidenceCount(d.evidence)} to ${c.subject}${evidenceList(d.evidence)}`,
  FindingUpdated: (d, c) => {
    for (const [field, value] of Object.entries((d.changes ?? {}) as Data)) c.change(field, value);
    const subject = c.subject;
    if (typeof d.changes?.title === 'string') c.name(`finding ‘${quote(d.changes.title, 120)}’`);
    return `Updated ${subject}${c.changed()}`;
  },
  FindingMitigated: (d, c) => {
    moved(c, 'mitigated');
    return `Mitigated ${c.subject}${colon(d.note)}`;
  },
  FindingResolved: (d, c) => {
    moved(c, 'resolved');
    const by = typeof d.resolvedBy === 'string' ? ` (resolved by ${c.person(d.resolvedBy)})` : '';
    const evidence = Array.isArray(d.evidence) && d.evidence.length > 0 ? `, with ${evidenceCount(d.evidence)}` : '';
    return `Resolved ${c.subject}${evidence}${by}${colon(d.resolution)}`;
  },
  FindingClosed: (d, c) => {
    moved(c, 'closed');
    return `Verified the resolution and closed ${c.subject}${colon(d.note)}`;
  },
  FindingReopened: (d, c) => {
    moved(c, 'open');
    return `Reopened ${c.subject} (it was ${codeWords(d.reopenedFrom)})${colon(d.reason)}`;
  },
  FindingRiskAccepted: (d, c) => {
    moved(c, 'risk-accepted');
    return `${capitalised(bodyName(d))} accepted the risk of ${c.subject} until ${dayWords(d.expiresOn)}${colon(d.reason)}`;
  },

  // Budgets: the events carry the amount they replace.
  BuyBackBudgetSet: (d, c) => {
    c.change(`buyBack.${d.slaItemId}.${d.financialYear}`, d.amount, d.previousAmount);
    return `Set the ${d.financialYear} buy-back budget for ${c.targetOf({ kind: 'item', itemId: d.slaItemId })} to ${pounds(Number(d.amount))}${d.previousAmount === undefined ? '' : ` (was ${pounds(Number(d.previousAmount))})`}${d.belowPriceReason ? `, below its price because ${quote(d.belowPriceReason)}` : ''}`;
  },
  BudgetEnvelopeSet: (d, c) => {
    c.change(`envelope.${d.financialYear}`, d.amount, d.previousAmount);
    return `Set the trust’s budget envelope for ${d.financialYear} to ${pounds(Number(d.amount))}${d.previousAmount === undefined ? '' : ` (was ${pounds(Number(d.previousAmount))})`}`;
  },
  // Cost-model lines were pounds at first (schema version 1), pence since.
  CostModelLineRecorded: (d, c) => {
    const amount = d.amountPence === undefined ? Number(d.amount) : Number(d.amountPence) / 100;
    c.change(`costModel.${d.reference}.amount`, amount);
    return `Recorded cost model line ${quote(d.reference)} for ${d.financialYear} (${codeWords(d.category)}): ${quote(d.description)}, ${pounds(amount)}${d.assumption ? `; assumes ${quote(d.assumption)}` : ''}`;
  },
  CostModelLineRemoved: (d) => `Removed cost model line ${quote(d.reference)}${colon(d.reason)}`,
  BaselineLineRecorded: (d, c) => {
    const amount = Number(d.amountPence) / 100;
    c.change(`baseline.${d.reference}.amount`, amount);
    return `Recorded baseline line ${quote(d.reference)} for ${d.financialYear} (${quote(d.costCentre)}, ${codeWords(d.category)}): ${quote(d.description)}, ${pounds(amount)}`;
  },
  BaselineLineRemoved: (d) => `Removed baseline line ${quote(d.reference)}${colon(d.reason)}`,
  CostModelAgreed: (d) => {
    const deficits = Object.entries((d.deficitsAccepted ?? {}) as Record<string, string>).map(([year, reason]) => `the ${year} deficit accepted: ${quote(reason)}`);
    return `${quote(d.agreedBy)} agreed the cost model (version ${d.version}, ${Object.keys(d.lines ?? {}).length} lines)${deficits.length ? `, ${deficits.join('; ')}` : ''}`;
  },
  WorkingCapitalFacilitySet: (d, c) => {
    const amount = Number(d.amountPence) / 100;
    c.change('facility.amount', amount);
    return `Set the working-capital facility: ${pounds(amount)} from ${quote(d.lender)}, ${quote(d.repaymentTerms)}`;
  },
  ContractPaymentProfileSet: (d, c) => {
    c.change('paymentTiming', d.timing);
    return `Set the contract sum to be paid ${codeWords(d.timing)}`;
  },

  // Notes: append-only; an amendment is a new note pointing at the old one.
  NoteAdded: (d, c) => `Added a note on ${c.targetOf(d.target)}${colon(d.text)}`,
  NoteAmended: (d, c) => `Amended an earlier note on ${c.targetOf(d.target)}, replacing its text${colon(d.text)}`,
};

function evidenceCount(evidence: unknown): string {
  const n = Array.isArray(evidence) ? evidence.length : 0;
  return n === 1 ? '1 piece of evidence' : `${n} pieces of evidence`;
}

function evidenceList(evidence: unknown): string {
  if (!Array.isArray(evidence) || evidence.length === 0) return '';
  return `: ${evidence.map((e: Data) => quote(e.description ?? e.title ?? e.link, 120)).join('; ')}`;
}

/** "FindingRiskAccepted" → "Finding risk accepted": the words for a type no table knows. */
export function typeWords(type: string): string {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Describes a programme's events in the order they were recorded. It keeps the latest value of each
 * field per stream (and the words for each item and finding), so memory grows with the number of
 * streams, not of events, and one pass gives every before → after.
 */
export class EventDescriber {
  constructor(
    private readonly nameOf: NameOf = () => undefined,
    private readonly streams: DescriberMemory = new Map<string, StreamMemory>(),
  ) {}

  describe(event: StoredEvent): EventInWords {
    let memory = this.streams.get(event.streamId);
    if (!memory) this.streams.set(event.streamId, (memory = { values: new Map() }));
    this.streams.touched?.(event.streamId);
    const changes: FieldChange[] = [];
    const data = (event.data ?? {}) as Data;
    // The item or finding a stream is about, from its name.
    const stream = programmeStreamOf(event.streamId);
    const key = stream?.kind === 'item' ? stream.itemId : stream?.kind === 'finding' ? stream.findingId : undefined;
    const mem = memory;
    const context: Context = {
      event,
      effective: event.metadata?.effectiveAt ? `, effective ${dayWords(event.metadata.effectiveAt)}` : '',
      get subject() {
        return mem.subject ?? (key ? `item ${key}` : 'the programme');
      },
      change: (field, after, before = mem.values.get(field)) => {
        if (!sameValue(before, after)) changes.push({ field, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) });
        if (after === undefined) mem.values.delete(field);
        else mem.values.set(field, after);
      },
      remember: (field, value) => void (value === undefined ? mem.values.delete(field) : mem.values.set(field, value)),
      recall: (field) => mem.values.get(field),
      changed: () => (changes.length === 0 ? '' : `: ${changesInWords(changes)}`),
      name: (subject) => void (mem.subject = subject),
      targetOf: (target) => this.targetOf(event.streamId, target),
      person: (userId) => this.nameOf(userId) ?? `user ${userId}`,
    };
    // Own entries only: a type named like an Object property ("constructor") is unknown, not a function to call.
    const describe = Object.hasOwn(DESCRIPTIONS, event.type) ? DESCRIPTIONS[event.type] : undefined;
    let description: string;
    try {
      description = describe ? describe(data, context) : fallback(event, context);
    } catch {
      // An event whose data is not what its type promises still gets words, never a failed trail.
      description = fallback(event, context);
    }
    return { description, changes };
  }

  /** The words for another stream of the same programme, as its own events last named it. */
  private targetOf(streamId: string, target: unknown): string {
    const t = (target ?? {}) as Data;
    const programmeId = programmeOfStream(streamId) ?? '';
    switch (t.kind) {
      case 'item':
        return this.streams.get(itemStreamId(programmeId, String(t.itemId)))?.subject ?? `item ${t.itemId}`;
      case 'finding':
        return this.streams.get(findingStreamId(programmeId, String(t.findingId)))?.subject ?? `finding ${t.findingId}`;
      case 'area':
        return `the ${codeWords(t.area)} area`;
      default:
        return 'the programme';
    }
  }
}

/** A type no table knows: its name in words, and what it is about, never its data unread. */
function fallback(event: StoredEvent, context: Context): string {
  return `${typeWords(event.type)} (${context.subject})`;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}
