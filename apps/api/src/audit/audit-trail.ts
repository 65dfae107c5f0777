import { Inject, Injectable } from '@nestjs/common';
import { ChainBuilder, GENESIS, entryHash } from '@tracker/audit';
import { programmeStreamPrefix, ukEndOfDay, ukMidnight } from '@tracker/domain';
import { EventStore, StoredEvent } from '@tracker/event-store';
import {
  AccessDirectory,
  AuditChain,
  AuditIndex,
  AuditIndexQuery,
  EventDescriber,
  FieldChange,
  ProjectionRunner,
  changesInWords,
  entryFacets,
  namePeople,
  typeWords,
} from '@tracker/read-models';
import { EVENT_STORE } from '../infrastructure/tokens';
import { csvCell } from '../shared/csv';

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

/** What the trail is filtered by: the audit index's own query, with `from` and `to` also as bare dates (UK days). */
export type AuditFilter = AuditIndexQuery;

/** "FindingRiskAccepted" → "Finding risk accepted". */
export const inWords = typeWords;

/** What a reader of the programme sees of a person: their name and email, never a password hash or token. */
interface Person {
  readonly name: string;
  readonly email?: string;
}

/** The tracker's own writes (the first administrator, set up at start) are recorded as 'system'. */
const SYSTEM: Person = { name: 'The tracker (system)' };

/** How long a page waits for the index to take in events already stored, before reading the history instead. */
const INDEX_WAIT_MS = 2_000;

/**
 * A programme's history in recorded order: pages from the audit index, downloads by reading the
 * whole history, chaining every event, then filtering.
 */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: AccessDirectory,
    private readonly index: AuditIndex,
    private readonly chain: AuditChain,
    private readonly projections: ProjectionRunner,
  ) {}

  /**
   * The entries from `offset` (at most `limit`) and how many match: read from the audit index, so a
   * page costs the same at a million events as at a hundred. Each entry's event is read from the
   * store and checked against the chain recorded when it was first seen; where the store no longer
   * holds exactly that event (or the index is behind) the page is read from the history itself, as
   * a download is, so that it always shows what the store holds. Equal to the matching slice of
   * {@link stream} while the store is as recorded.
   */
  async page(programmeId: string, filter: AuditFilter, offset: number, limit: number): Promise<{ entries: AuditEntry[]; total: number }> {
    if (await this.projections.waitFor(await this.store.headPosition(), INDEX_WAIT_MS)) {
      const { entries: indexed, total } = this.index.page(programmeId, bounds(filter), offset, limit);
      const links = this.chain.linksAt(
        programmeId,
        indexed.map((entry) => entry.position),
      );
      const personOf = this.people();
      const nameOf = (userId: string) => personOf(userId)?.name;
      const entries: AuditEntry[] = [];
      for (const row of indexed) {
        const [event] = await this.store.readStream(row.streamId, { fromRevision: row.revision, toRevision: row.revision });
        const link = links.get(row.position);
        if (!event || !link || event.position !== row.position || event.eventId !== link.eventId || entryHash(link.previousHash, event) !== link.hash) break;
        const person = personOf(event.metadata.userId);
        entries.push({
          ...entryOf(event, row, person),
          description: namePeople(row.description, nameOf),
          changes: row.changes,
          previousHash: link.previousHash,
          hash: link.hash,
        });
      }
      if (entries.length === indexed.length) return { entries, total };
    }
    return this.scanPage(programmeId, filter, offset, limit);
  }

  /** A page read from the whole history: only the page is kept. */
  private async scanPage(programmeId: string, filter: AuditFilter, offset: number, limit: number): Promise<{ entries: AuditEntry[]; total: number }> {
    const entries: AuditEntry[] = [];
    let total = 0;
    for await (const entry of this.stream(programmeId, filter)) {
      if (total >= offset && entries.length < limit) entries.push(entry);
      total++;
    }
    return { entries, total };
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
    const { from, to } = bounds(filter);
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId) })) {
      // Exactly this programme's streams: its id, then the end of the id or a hyphen.
      if (event.streamId.length > 46 && event.streamId[46] !== '-') continue;
      const previousHash = chain.count === 0 ? GENESIS : chain.head;
      const hash = chain.add(event);
      // Every event is described, matched or not, so each before → after is against the true previous value.
      const { description, changes } = describer.describe(event);
      const entry: AuditEntry = { ...entryOf(event, entryFacets(event, areaOfFinding), personOf(event.metadata.userId)), description, changes, previousHash, hash };
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

/** What every entry says of its event, whichever way it was read. */
function entryOf(event: StoredEvent, facets: { area?: string; itemId?: string; findingId?: string }, person: Person | undefined): Omit<AuditEntry, 'description' | 'changes' | 'previousHash' | 'hash'> {
  return {
    position: event.position,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.streamRevision,
    type: event.type,
    what: inWords(event.type),
    ...(facets.area ? { area: facets.area } : {}),
    ...(facets.itemId ? { itemId: facets.itemId } : {}),
    ...(facets.findingId ? { findingId: facets.findingId } : {}),
    recordedAt: event.metadata.recordedAt,
    ...(event.metadata.effectiveAt ? { effectiveAt: event.metadata.effectiveAt } : {}),
    userId: event.metadata.userId,
    ...(person ? { name: person.name, ...(person.email ? { email: person.email } : {}) } : {}),
    role: event.metadata.role,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    data: event.data,
    event,
  };
}

/** The filter with its dates as instants: a bare date is the start of that UK day as `from`, its end as `to`. */
function bounds(filter: AuditFilter): AuditFilter {
  const { from, to, ...rest } = filter;
  return {
    ...rest,
    ...(from === undefined ? {} : { from: /^\d{4}-\d{2}-\d{2}$/.test(from) ? ukMidnight(from) : new Date(from).toISOString() }),
    ...(to === undefined ? {} : { to: endOf(to) }),
  };
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
