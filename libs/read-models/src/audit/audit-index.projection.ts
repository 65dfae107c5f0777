import type Database from 'better-sqlite3';
import { AREA_OF_KIND, ItemKind, programmeOfStream, programmeStreamOf } from '@tracker/domain';
import type { StoredEvent } from '@tracker/event-store';
import { Projection, ProjectionBatch, prepared } from '../projection';
import { DescriberMemory, EventDescriber, FieldChange, StreamMemory, personMark } from './event-descriptions';

/** What an audit entry is filtered by, beyond who, when and its type. */
export interface EntryFacets {
  readonly area?: string;
  readonly itemId?: string;
  readonly findingId?: string;
}

/**
 * The area, item and finding an event of a programme is about. `areaOfFinding` holds each finding's
 * area as last targeted, and is updated here: every event of the programme must pass, in order.
 */
export function entryFacets(event: StoredEvent, areaOfFinding: { get(findingId: string): string | undefined; set(findingId: string, area: string): void }): EntryFacets {
  const data = (event.data ?? {}) as { itemId?: string; findingId?: string; kind?: ItemKind; target?: { area: string } };
  if (data.target && data.findingId) areaOfFinding.set(data.findingId, data.target.area);
  const kind = programmeStreamOf(event.streamId)?.kind;
  const item = kind === 'item';
  const area = kind === 'budgets' ? 'budgets' : data.kind && item ? AREA_OF_KIND[data.kind] : data.findingId ? areaOfFinding.get(data.findingId) : undefined;
  return { ...(area ? { area } : {}), ...(data.itemId && item ? { itemId: data.itemId } : {}), ...(data.findingId ? { findingId: data.findingId } : {}) };
}

/**
 * Every programme event in words, with what it is filtered by: an audit page is then a few rows of
 * an index, where it was the programme's whole history read, chained and described again (16 s at a
 * million events). The words are written as the events are first seen, by the same describer the
 * trail reads with, whose memory of each stream (the latest value of each field) is kept here too.
 * People are named when a page is read, as their accounts say then.
 */
export const auditIndexProjection: Projection = {
  name: 'audit-index',
  version: 1,

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_entries (
        position     INTEGER PRIMARY KEY,
        programme_id TEXT NOT NULL,
        stream_id    TEXT NOT NULL,
        revision     INTEGER NOT NULL,
        type         TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        recorded_at  TEXT NOT NULL,
        area         TEXT,
        item_id      TEXT,
        finding_id   TEXT,
        description  TEXT NOT NULL,
        changes      TEXT NOT NULL,
        -- The entry's place (1, 2, 3 …) among the programme's entries, and among those of its area,
        -- type, person, item and finding: a page at any offset, and each total, is one index look-up.
        seq          INTEGER NOT NULL,
        area_seq     INTEGER,
        type_seq     INTEGER NOT NULL,
        user_seq     INTEGER NOT NULL,
        item_seq     INTEGER,
        finding_seq  INTEGER
      );
      CREATE INDEX IF NOT EXISTS audit_entries_by_programme ON audit_entries (programme_id, seq);
      CREATE INDEX IF NOT EXISTS audit_entries_by_area ON audit_entries (programme_id, area, area_seq) WHERE area IS NOT NULL;
      CREATE INDEX IF NOT EXISTS audit_entries_by_type ON audit_entries (programme_id, type, type_seq);
      CREATE INDEX IF NOT EXISTS audit_entries_by_user ON audit_entries (programme_id, user_id, user_seq);
      CREATE INDEX IF NOT EXISTS audit_entries_by_item ON audit_entries (programme_id, item_id, item_seq) WHERE item_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS audit_entries_by_finding ON audit_entries (programme_id, finding_id, finding_seq) WHERE finding_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS audit_entries_by_time ON audit_entries (programme_id, recorded_at);
      CREATE TABLE IF NOT EXISTS audit_stream_memory (
        stream_id TEXT PRIMARY KEY,
        memory    TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS audit_finding_areas (
        programme_id TEXT NOT NULL,
        finding_id   TEXT NOT NULL,
        area         TEXT NOT NULL,
        PRIMARY KEY (programme_id, finding_id)
      );`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS audit_entries; DROP TABLE IF EXISTS audit_stream_memory; DROP TABLE IF EXISTS audit_finding_areas;');
  },

  apply(event, db) {
    const batch = indexBatch(db);
    batch.apply(event);
    batch.flush();
  },

  startBatch: (db) => indexBatch(db),
};

/** A column entries are filtered by, with the column numbering the entries of each of its values. */
interface Facet {
  readonly column: string;
  readonly seq: string;
}
const ALL: Facet = { column: '', seq: 'seq' };
const BY = {
  area: { column: 'area', seq: 'area_seq' },
  type: { column: 'type', seq: 'type_seq' },
  userId: { column: 'user_id', seq: 'user_seq' },
  itemId: { column: 'item_id', seq: 'item_seq' },
  findingId: { column: 'finding_id', seq: 'finding_seq' },
} as const satisfies Record<string, Facet>;

/** The programme's entries of the facet's value so far: the last one's place among them. */
function lastSeq(db: Database.Database, programmeId: string, facet: Facet, value: string): number {
  const sql = facet === ALL ? 'SELECT MAX(seq) AS last FROM audit_entries WHERE programme_id = ?' : `SELECT MAX(${facet.seq}) AS last FROM audit_entries WHERE programme_id = ? AND ${facet.column} = ?`;
  const params = facet === ALL ? [programmeId] : [programmeId, value];
  return prepared<unknown[], { last: number | null }>(db, sql).get(...params)!.last ?? 0;
}

interface SavedMemory {
  readonly values: [string, unknown][];
  readonly subject?: string;
}

/** The describer's memory and the findings' areas read once a batch, kept in memory and written on flush. */
function indexBatch(db: Database.Database): ProjectionBatch {
  const streams = new Map<string, StreamMemory | undefined>();
  const changedStreams = new Set<string>();
  const areas = new Map<string, string | undefined>();
  const changedAreas = new Map<string, { programmeId: string; findingId: string }>();
  const readMemory = prepared<[string], { memory: string }>(db, 'SELECT memory FROM audit_stream_memory WHERE stream_id = ?');
  const readArea = prepared<[string, string], { area: string }>(db, 'SELECT area FROM audit_finding_areas WHERE programme_id = ? AND finding_id = ?');
  const insert = prepared(
    db,
    `INSERT INTO audit_entries (position, programme_id, stream_id, revision, type, user_id, recorded_at, area, item_id, finding_id, description, changes, seq, area_seq, type_seq, user_seq, item_seq, finding_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // How many entries each programme, and each of its areas, types, people, items and findings, has
  // so far: by programme, then facet, then value (maps of maps: no key is built for each event).
  const counts = new Map<string, Map<Facet, Map<string, number>>>();
  const next = (programme: string, facet: Facet, value: string | undefined): number | null => {
    if (value === undefined) return null;
    let ofProgramme = counts.get(programme);
    if (!ofProgramme) counts.set(programme, (ofProgramme = new Map()));
    let ofFacet = ofProgramme.get(facet);
    if (!ofFacet) ofProgramme.set(facet, (ofFacet = new Map()));
    const count = (ofFacet.get(value) ?? lastSeq(db, programme, facet, value)) + 1;
    ofFacet.set(value, count);
    return count;
  };

  const memory: DescriberMemory = {
    get(streamId) {
      if (streams.has(streamId)) return streams.get(streamId);
      const row = readMemory.get(streamId);
      const saved = row && (JSON.parse(row.memory) as SavedMemory);
      const found = saved && { values: new Map(saved.values), ...(saved.subject === undefined ? {} : { subject: saved.subject }) };
      streams.set(streamId, found);
      return found;
    },
    set(streamId, value) {
      streams.set(streamId, value);
    },
    touched(streamId) {
      changedStreams.add(streamId);
    },
  };
  const describer = new EventDescriber(personMark, memory);
  let programmeId = '';
  const areaOfFinding = {
    get: (findingId: string) => {
      const key = `${programmeId}/${findingId}`;
      if (!areas.has(key)) areas.set(key, readArea.get(programmeId, findingId)?.area);
      return areas.get(key);
    },
    set: (findingId: string, area: string) => {
      const key = `${programmeId}/${findingId}`;
      areas.set(key, area);
      changedAreas.set(key, { programmeId, findingId });
    },
  };
  // Positions only grow, so one at or below the highest indexed is already here (written with the words it has).
  let highest = prepared<[], { highest: number | null }>(db, 'SELECT MAX(position) AS highest FROM audit_entries').get()!.highest ?? 0;

  return {
    apply(event) {
      const programme = programmeOfStream(event.streamId);
      if (programme === undefined) return;
      if (event.position <= highest) return;
      highest = event.position;
      programmeId = programme;
      const facets = entryFacets(event, areaOfFinding);
      const { description, changes } = describer.describe(event);
      insert.run(
        event.position,
        programme,
        event.streamId,
        event.streamRevision,
        event.type,
        event.metadata.userId,
        event.metadata.recordedAt,
        facets.area ?? null,
        facets.itemId ?? null,
        facets.findingId ?? null,
        description,
        JSON.stringify(changes satisfies readonly FieldChange[]),
        next(programme, ALL, ''),
        next(programme, BY.area, facets.area),
        next(programme, BY.type, event.type),
        next(programme, BY.userId, event.metadata.userId),
        next(programme, BY.itemId, facets.itemId),
        next(programme, BY.findingId, facets.findingId),
      );
    },
    flush() {
      const saveMemory = prepared(db, 'INSERT INTO audit_stream_memory (stream_id, memory) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET memory = excluded.memory');
      for (const streamId of changedStreams) {
        const value = streams.get(streamId);
        if (value === undefined) continue;
        const saved: SavedMemory = { values: [...value.values], ...(value.subject === undefined ? {} : { subject: value.subject }) };
        saveMemory.run(streamId, JSON.stringify(saved));
      }
      const saveArea = prepared(db, 'INSERT INTO audit_finding_areas (programme_id, finding_id, area) VALUES (?, ?, ?) ON CONFLICT (programme_id, finding_id) DO UPDATE SET area = excluded.area');
      for (const [key, { programmeId: programme, findingId }] of changedAreas) saveArea.run(programme, findingId, areas.get(key)!);
      changedStreams.clear();
      changedAreas.clear();
    },
  };
}

/** What a page of the trail is asked for; `from` and `to` are instants (ISO-8601) when the index is asked. */
export interface AuditIndexQuery {
  readonly area?: string;
  readonly itemId?: string;
  readonly findingId?: string;
  readonly userId?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
}

export interface IndexedEntry {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly area?: string;
  readonly itemId?: string;
  readonly findingId?: string;
  /** People are marked by id: name them with {@link namePeople}. */
  readonly description: string;
  readonly changes: readonly FieldChange[];
}

interface EntryRow {
  position: number;
  stream_id: string;
  revision: number;
  area: string | null;
  item_id: string | null;
  finding_id: string | null;
  description: string;
  changes: string;
}

/** Pages of a programme's trail from the index: what one page costs no longer grows with the history. */
export class AuditIndex {
  constructor(private readonly db: Database.Database) {}

  /**
   * The entries from `offset`, at most `limit`, in recorded order, and how many match in all. With
   * no filter or one of area, type, person, item or finding, both are index look-ups at any offset;
   * with dates or several filters the matching entries are counted and skipped in the index.
   */
  page(programmeId: string, query: AuditIndexQuery, offset: number, limit: number): { entries: IndexedEntry[]; total: number } {
    const filters = (Object.keys(BY) as (keyof typeof BY)[]).filter((key) => query[key] !== undefined);
    const where = ['programme_id = ?', ...filters.map((key) => `${BY[key].column} = ?`)];
    const params: unknown[] = [programmeId, ...filters.map((key) => query[key])];
    if (query.from !== undefined || query.to !== undefined || filters.length > 1) {
      for (const [bound, op] of [['from', '>='], ['to', '<=']] as const) {
        if (query[bound] === undefined) continue;
        where.push(`recorded_at ${op} ?`);
        params.push(query[bound]);
      }
      return this.counted(where.join(' AND '), params, offset, limit);
    }
    const facet = filters.length === 1 ? BY[filters[0]] : ALL;
    const condition = where.join(' AND ');
    const total = prepared<unknown[], { last: number | null }>(this.db, `SELECT MAX(${facet.seq}) AS last FROM audit_entries WHERE ${condition}`).get(...params)!.last ?? 0;
    const rows = prepared<unknown[], EntryRow>(this.db, `SELECT * FROM audit_entries WHERE ${condition} AND ${facet.seq} > ? ORDER BY ${facet.seq} LIMIT ?`).all(...params, offset, limit);
    return { total, entries: rows.map(toEntry) };
  }

  /**
   * The types of event the programme has, each with how many: the filter's choices. Read by hopping
   * from one type to the next in the index by type (a look-up a type, however long the history),
   * not by grouping every entry.
   */
  types(programmeId: string): { type: string; count: number }[] {
    return prepared<[string, string, string], { type: string; count: number }>(
      this.db,
      `WITH RECURSIVE types(type) AS (
         SELECT MIN(type) FROM audit_entries WHERE programme_id = ?
         UNION ALL
         SELECT (SELECT MIN(type) FROM audit_entries WHERE programme_id = ? AND type > types.type) FROM types WHERE types.type IS NOT NULL
       )
       SELECT type, (SELECT MAX(type_seq) FROM audit_entries WHERE programme_id = ? AND type = types.type) AS count FROM types WHERE type IS NOT NULL`,
    ).all(programmeId, programmeId, programmeId);
  }

  /** The position of the programme's last event recorded at or before `instant` (0 when there is none): where a past day's history ends. */
  lastPositionAt(programmeId: string, instant: string): number {
    return prepared<[string, string], { last: number | null }>(this.db, 'SELECT MAX(position) AS last FROM audit_entries WHERE programme_id = ? AND recorded_at <= ?').get(programmeId, instant)!.last ?? 0;
  }

  private counted(condition: string, params: unknown[], offset: number, limit: number): { entries: IndexedEntry[]; total: number } {
    const total = prepared<unknown[], { total: number }>(this.db, `SELECT COUNT(*) AS total FROM audit_entries WHERE ${condition}`).get(...params)!.total;
    const wanted = Math.max(0, Math.min(limit, total - offset));
    if (wanted === 0) return { entries: [], total };
    // Near the end, counted back from it: skipping most of the entries to reach the last page costs as much as reading them.
    const fromEnd = total - offset - wanted;
    const rows =
      fromEnd < offset
        ? prepared<unknown[], EntryRow>(this.db, `SELECT * FROM audit_entries WHERE ${condition} ORDER BY position DESC LIMIT ? OFFSET ?`).all(...params, wanted, fromEnd).reverse()
        : prepared<unknown[], EntryRow>(this.db, `SELECT * FROM audit_entries WHERE ${condition} ORDER BY position LIMIT ? OFFSET ?`).all(...params, wanted, offset);
    return { total, entries: rows.map(toEntry) };
  }
}

function toEntry(row: EntryRow): IndexedEntry {
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    ...(row.area === null ? {} : { area: row.area }),
    ...(row.item_id === null ? {} : { itemId: row.item_id }),
    ...(row.finding_id === null ? {} : { findingId: row.finding_id }),
    description: row.description,
    changes: JSON.parse(row.changes) as FieldChange[],
  };
}
