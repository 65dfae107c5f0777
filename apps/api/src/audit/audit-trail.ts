import { Inject, Injectable } from '@nestjs/common';
import { ChainBuilder, GENESIS } from '@tracker/audit';
import { AREA_OF_KIND, ItemKind, programmeStreamPrefix, ukEndOfDay, ukMidnight } from '@tracker/domain';
import { EventStore, StoredEvent } from '@tracker/event-store';
import { AccessDirectory } from '@tracker/read-models';
import { EVENT_STORE } from '../infrastructure/tokens';
import { csvCell } from '../shared/csv';
import { EventDescriber, FieldChange, changesInWords, typeWords } from './event-descriptions';

/** One line of a programme's history: who, when, what and why, with its place in the hash chain. */
export interface AuditEntry {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly what: string;
  readonly area?: string;
  readonly itemId?: string;
  readonly findingId?: string;
  readonly recordedAt: string;
  readonly effectiveAt?: string;
  readonly userId: string;
  /** Who, by name and email, as their account says now: also for people who have since left the programme. */
  readonly name?: string;
  readonly email?: string;
  /** The role they acted in, as recorded with the event: their role in the programme at the time. */
  readonly role: string;
  /** The event in a sentence, e.g. "Moved go-live from 1 April 2027 to 1 July 2027: pensions — …". */
  readonly description: string;
  /** The fields it changed, before → after, from the trail read in order. */
  readonly changes: readonly FieldChange[];
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: unknown;
  readonly previousHash: string;
  readonly hash: string;
  readonly event: StoredEvent;
}

/** A line of one stream's history, as an item's or a finding's page shows it. */
export interface HistoryEntry {
  readonly recordedAt: string;
  readonly effectiveAt?: string;
  readonly what: string;
  readonly role: string;
  readonly userId: string;
  readonly name?: string;
  readonly data: unknown;
}

export interface AuditFilter {
  readonly area?: string;
  readonly itemId?: string;
  readonly findingId?: string;
  readonly userId?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
}

/** "FindingRiskAccepted" → "Finding risk accepted". */
export const inWords = typeWords;

/** What a reader of the programme sees of a person: their name and email, never a password hash or token. */
interface Person {
  readonly name: string;
  readonly email?: string;
}

/** The tracker's own writes (the first administrator, set up at start) are recorded as 'system'. */
const SYSTEM: Person = { name: 'The tracker (system)' };

/** Reads a programme's whole history in recorded order, chaining every event, then filters. */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: AccessDirectory,
  ) {}

  async entries(programmeId: string, filter: AuditFilter): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for await (const entry of this.stream(programmeId, filter)) entries.push(entry);
    return entries;
  }

  /** Who each user id is, looked up once a read. */
  private people(): (userId: string) => Person | undefined {
    const people = new Map<string, Person | undefined>();
    return (userId) => {
      if (!people.has(userId)) {
        const user = userId === 'system' ? undefined : this.directory.userById(userId);
        people.set(userId, userId === 'system' ? SYSTEM : user && { name: user.name, email: user.email });
      }
      return people.get(userId);
    };
  }

  /**
   * One stream's events in words, recorded up to `upTo`: an item's or a finding's page. Read from
   * that stream alone, so the page costs what the item's history costs, not the programme's.
   */
  async history(streamId: string, upTo?: string): Promise<HistoryEntry[]> {
    const personOf = this.people();
    const history: HistoryEntry[] = [];
    for (const event of await this.store.readStream(streamId)) {
      const { recordedAt, effectiveAt, userId, role } = event.metadata;
      if (upTo !== undefined && recordedAt > upTo) continue;
      const name = personOf(userId)?.name;
      history.push({ recordedAt, ...(effectiveAt ? { effectiveAt } : {}), what: inWords(event.type), role, userId, ...(name ? { name } : {}), data: event.data });
    }
    return history;
  }

  /**
   * The entries one at a time, in recorded order, for exports that must not hold a whole history in
   * memory: what is kept grows with the programme's people and streams, never with its events.
   */
  async *stream(programmeId: string, filter: AuditFilter): AsyncGenerator<AuditEntry> {
    const chain = new ChainBuilder();
    // Both grow with the people and the streams of the programme, not with its events.
    const personOf = this.people();
    const describer = new EventDescriber((userId) => personOf(userId)?.name);
    const areaOfFinding = new Map<string, string>();
    const from = filter.from === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(filter.from) ? ukMidnight(filter.from) : new Date(filter.from).toISOString();
    const to = filter.to === undefined ? undefined : endOf(filter.to);
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId) })) {
      // Exactly this programme's streams: its id, then the end of the id or a hyphen.
      if (event.streamId.length > 46 && event.streamId[46] !== '-') continue;
      const previousHash = chain.count === 0 ? GENESIS : chain.head;
      const hash = chain.add(event);
      // Every event is described, matched or not, so each before → after is against the true previous value.
      const { description, changes } = describer.describe(event);
      const person = personOf(event.metadata.userId);
      const data = event.data as { itemId?: string; findingId?: string; kind?: ItemKind; target?: { area: string } };
      if (data.target && data.findingId) areaOfFinding.set(data.findingId, data.target.area);
      const area = event.streamId.endsWith('-budgets')
        ? 'budgets'
        : data.kind && event.streamId.includes('-item-')
          ? AREA_OF_KIND[data.kind]
          : data.findingId
            ? areaOfFinding.get(data.findingId)
            : undefined;
      const entry: AuditEntry = {
        position: event.position,
        eventId: event.eventId,
        streamId: event.streamId,
        revision: event.streamRevision,
        type: event.type,
        what: inWords(event.type),
        ...(area ? { area } : {}),
        ...(data.itemId && event.streamId.includes('-item-') ? { itemId: data.itemId } : {}),
        ...(data.findingId ? { findingId: data.findingId } : {}),
        recordedAt: event.metadata.recordedAt,
        ...(event.metadata.effectiveAt ? { effectiveAt: event.metadata.effectiveAt } : {}),
        userId: event.metadata.userId,
        ...(person ? { name: person.name, ...(person.email ? { email: person.email } : {}) } : {}),
        role: event.metadata.role,
        description,
        changes,
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
        data: event.data,
        previousHash,
        hash,
        event,
      };
      if (matches(entry, filter, from, to)) yield entry;
    }
  }
}

function matches(entry: AuditEntry, filter: AuditFilter, from?: string, to?: string): boolean {
  return (
    (filter.area === undefined || entry.area === filter.area) &&
    (filter.itemId === undefined || entry.itemId === filter.itemId) &&
    (filter.findingId === undefined || entry.findingId === filter.findingId) &&
    (filter.userId === undefined || entry.userId === filter.userId) &&
    (filter.type === undefined || entry.type === filter.type) &&
    (from === undefined || entry.recordedAt >= from) &&
    (to === undefined || entry.recordedAt <= to)
  );
}

/** A bare date as `to` means the whole of that UK day, as `from` means its start. */
function endOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? ukEndOfDay(value) : new Date(value).toISOString();
}

const CSV_COLUMNS = ['position', 'recordedAt', 'effectiveAt', 'userId', 'name', 'email', 'role', 'type', 'what', 'description', 'changes', 'area', 'itemId', 'findingId', 'streamId', 'revision', 'correlationId', 'causationId', 'data', 'hash'] as const;

/** UTF-8 with a byte-order mark, so Excel opens it as UTF-8; cells that would start a formula are quoted as text. */
export function toCsv(entries: readonly AuditEntry[]): string {
  return [CSV_HEADER, ...entries.map(csvLine)].join('');
}

/** The same CSV a line at a time, as entries arrive: the header, then one line an entry. */
export async function* csvLines(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  yield CSV_HEADER;
  for await (const entry of entries) yield csvLine(entry);
}

const CSV_HEADER = `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;

function csvLine(entry: AuditEntry): string {
  const cell = (value: unknown): string => csvCell(value === undefined || typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value));
  return `${CSV_COLUMNS.map((column) => cell(column === 'changes' ? changesInWords(entry.changes) : entry[column])).join(',')}\r\n`;
}
