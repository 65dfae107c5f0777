import type Database from 'better-sqlite3';
import { programmeOfStream } from '@tracker/domain';
import type { StoredEvent } from '@tracker/event-store';
import type { DecisionType } from '@tracker/domain';
import { Projection, prepared } from '../projection';

/** The events that record a board decision, and the kind of decision each is. */
const DECISION_EVENTS: Readonly<Record<string, DecisionType>> = {
  SlaRecommendationAccepted: 'sla-recommendation',
  SlaRecommendationRejected: 'sla-recommendation',
  FindingRiskAccepted: 'risk-acceptance',
  BoardRatingRecorded: 'delivery-confidence',
  GoNoGoDecided: 'go-no-go',
};

/** The events the standing decision and the conditions met are kept from (the switch in `apply`). */
const STANDING_EVENTS = new Set(['ProgrammeRegistered', 'GoLiveDateMoved', 'GoNoGoDecided', 'ProgrammeWentLive', 'ProgrammeClosed', 'DecisionConditionMet']);

/** A decision as its event recorded it, with who recorded it and when. */
export interface DecisionLogRow {
  readonly programmeId: string;
  readonly decisionId: string;
  readonly type: DecisionType;
  readonly eventType: string;
  readonly position: number;
  readonly recordedAt: string;
  readonly effectiveAt?: string;
  readonly userId: string;
  /** The event's data as stored. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** A condition of a go recorded as met. */
export interface ConditionMetRow {
  readonly decisionId: string;
  readonly conditionId: string;
  readonly position: number;
  readonly recordedAt: string;
  readonly effectiveAt?: string;
  readonly userId: string;
  readonly note: string;
  readonly evidence: readonly { readonly link: string; readonly sha256?: string; readonly description?: string }[];
}

/** The go-live date and the go / no-go standing on it, as the programme's own decider keeps them. */
export interface StandingRow {
  readonly goLiveDate: string;
  readonly status: 'active' | 'live' | 'closed';
  readonly standingDecisionId?: string;
}

interface LogRow {
  programme_id: string;
  decision_id: string;
  type: DecisionType;
  event_type: string;
  position: number;
  recorded_at: string;
  effective_at: string | null;
  user_id: string;
  data: string;
}

/**
 * Every board decision of every programme, one row each, with the conditions met since and the
 * decision standing on the go-live date: the decision log is read from here, one programme's rows
 * at a time, never by replaying the programme's history. Rows are keyed by the event's position,
 * and the standing row remembers the position it was brought to, so applying an event twice
 * changes nothing.
 */
export const decisionLogProjection: Projection = {
  name: 'decision-log',
  version: 1,

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS decision_log (
        position     INTEGER PRIMARY KEY,
        programme_id TEXT NOT NULL,
        decision_id  TEXT NOT NULL,
        type         TEXT NOT NULL,
        event_type   TEXT NOT NULL,
        recorded_at  TEXT NOT NULL,
        effective_at TEXT,
        user_id      TEXT NOT NULL,
        data         TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS decision_log_by_decision ON decision_log (programme_id, decision_id);
      CREATE TABLE IF NOT EXISTS decision_conditions_met (
        position     INTEGER PRIMARY KEY,
        programme_id TEXT NOT NULL,
        decision_id  TEXT NOT NULL,
        condition_id TEXT NOT NULL,
        recorded_at  TEXT NOT NULL,
        effective_at TEXT,
        user_id      TEXT NOT NULL,
        data         TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS decision_conditions_met_by_programme ON decision_conditions_met (programme_id, decision_id);
      CREATE TABLE IF NOT EXISTS decision_standing (
        programme_id         TEXT PRIMARY KEY,
        go_live_date         TEXT NOT NULL,
        status               TEXT NOT NULL,
        standing_decision_id TEXT,
        position             INTEGER NOT NULL
      );`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS decision_log; DROP TABLE IF EXISTS decision_conditions_met; DROP TABLE IF EXISTS decision_standing;');
  },

  apply(event: StoredEvent, db) {
    if (DECISION_EVENTS[event.type] === undefined && !STANDING_EVENTS.has(event.type)) return;
    const programmeId = programmeOfStream(event.streamId);
    if (programmeId === undefined) return;
    const data = event.data as Record<string, unknown>;
    const { userId, recordedAt, effectiveAt } = event.metadata;
    const type = DECISION_EVENTS[event.type];
    if (type !== undefined) {
      prepared(db, 'INSERT OR IGNORE INTO decision_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        event.position,
        programmeId,
        String(data.decisionId),
        type,
        event.type,
        recordedAt,
        effectiveAt ?? null,
        userId,
        JSON.stringify(data),
      );
    }
    // The standing decision follows the programme decider's evolve: set by a go / no-go, cleared by a move.
    const standing = (assignments: string, ...values: unknown[]) =>
      prepared(db, `UPDATE decision_standing SET ${assignments}, position = ? WHERE programme_id = ? AND position < ?`).run(...values, event.position, programmeId, event.position);
    switch (event.type) {
      case 'ProgrammeRegistered':
        prepared(db, "INSERT OR IGNORE INTO decision_standing VALUES (?, ?, 'active', NULL, ?)").run(programmeId, String(data.goLiveDate), event.position);
        return;
      case 'GoLiveDateMoved':
        standing('go_live_date = ?, standing_decision_id = NULL', String(data.to));
        return;
      case 'GoNoGoDecided':
        standing('standing_decision_id = ?', String(data.decisionId));
        return;
      case 'ProgrammeWentLive':
        standing("status = 'live'");
        return;
      case 'ProgrammeClosed':
        standing("status = 'closed'");
        return;
      case 'DecisionConditionMet': {
        const { decisionId, conditionId, ...rest } = data;
        prepared(db, 'INSERT OR IGNORE INTO decision_conditions_met VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          event.position,
          programmeId,
          String(decisionId),
          String(conditionId),
          recordedAt,
          effectiveAt ?? null,
          userId,
          JSON.stringify(rest),
        );
        return;
      }
      default:
        return;
    }
  },
};

/** Reads of the decision log. */
export class DecisionLogStore {
  constructor(private readonly db: Database.Database) {}

  /** A programme's decisions, newest first. */
  decisions(programmeId: string): DecisionLogRow[] {
    return prepared<[string], LogRow>(this.db, 'SELECT * FROM decision_log WHERE programme_id = ? ORDER BY position DESC').all(programmeId).map(rowOf);
  }

  decision(programmeId: string, decisionId: string): DecisionLogRow | undefined {
    const row = prepared<[string, string], LogRow>(this.db, 'SELECT * FROM decision_log WHERE programme_id = ? AND decision_id = ?').get(programmeId, decisionId);
    return row && rowOf(row);
  }

  conditionsMet(programmeId: string): ConditionMetRow[] {
    return prepared<[string], Omit<LogRow, 'type' | 'event_type'> & { condition_id: string }>(
      this.db,
      'SELECT * FROM decision_conditions_met WHERE programme_id = ? ORDER BY position',
    )
      .all(programmeId)
      .map((row) => {
        const data = JSON.parse(row.data) as { note: string; evidence?: ConditionMetRow['evidence'] };
        return {
          decisionId: row.decision_id,
          conditionId: row.condition_id,
          position: row.position,
          recordedAt: row.recorded_at,
          ...(row.effective_at === null ? {} : { effectiveAt: row.effective_at }),
          userId: row.user_id,
          note: data.note,
          evidence: data.evidence ?? [],
        };
      });
  }

  standing(programmeId: string): StandingRow | undefined {
    const row = prepared<[string], { go_live_date: string; status: StandingRow['status']; standing_decision_id: string | null }>(
      this.db,
      'SELECT go_live_date, status, standing_decision_id FROM decision_standing WHERE programme_id = ?',
    ).get(programmeId);
    if (!row) return undefined;
    return { goLiveDate: row.go_live_date, status: row.status, ...(row.standing_decision_id === null ? {} : { standingDecisionId: row.standing_decision_id }) };
  }
}

function rowOf(row: LogRow): DecisionLogRow {
  return {
    programmeId: row.programme_id,
    decisionId: row.decision_id,
    type: row.type,
    eventType: row.event_type,
    position: row.position,
    recordedAt: row.recorded_at,
    ...(row.effective_at === null ? {} : { effectiveAt: row.effective_at }),
    userId: row.user_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
