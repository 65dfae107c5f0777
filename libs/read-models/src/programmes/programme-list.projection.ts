import type Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';
import { ProgrammeDescription, ProgrammeEvent, ukDateOf, programmeStreamOf } from '@tracker/domain';
import { Projection, prepared } from '../projection';

export interface ProgrammeRow {
  readonly id: string;
  readonly name: string;
  readonly council: string;
  readonly newBody: string;
  readonly legalForm: string;
  readonly servicesInScope: string[];
  readonly goLiveDate: string;
  readonly goLiveConfirmed: boolean;
  readonly status: 'active' | 'live' | 'closed';
  readonly wentLiveOn?: string;
  readonly registeredAt: string;
  /** The day the transition began: the registration day, or earlier for a programme already under way. */
  readonly startedOn: string;
  /** The board's own delivery confidence rating, shown beside the computed one and never replacing it. */
  readonly deliveryConfidence?: { readonly rating: string; readonly rationale: string; readonly decisionId: string };
  /** Region, delivery model, inspection judgement, lead adviser: what a portfolio is filtered by. */
  readonly description: ProgrammeDescription;
  readonly version: number;
}

interface Row {
  id: string;
  name: string;
  council: string;
  new_body: string;
  legal_form: string;
  services_in_scope: string;
  go_live_date: string;
  go_live_confirmed: number;
  status: 'active' | 'live' | 'closed';
  went_live_on: string | null;
  registered_at: string;
  started_on: string;
  board_rating: string | null;
  description: string | null;
  version: number;
}

export const programmeListProjection: Projection = {
  name: 'programme-list',
  // 5: each programme's description (region, delivery model, inspection judgement, lead adviser).
  version: 5,

  setUp(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS programmes (
      id                TEXT PRIMARY KEY,
      name              TEXT NOT NULL,
      council           TEXT NOT NULL,
      new_body          TEXT NOT NULL,
      legal_form        TEXT NOT NULL,
      services_in_scope TEXT NOT NULL,
      go_live_date      TEXT NOT NULL,
      go_live_confirmed INTEGER NOT NULL,
      status            TEXT NOT NULL,
      went_live_on      TEXT,
      registered_at     TEXT NOT NULL,
      started_on        TEXT NOT NULL,
      board_rating      TEXT,
      description       TEXT,
      version           INTEGER NOT NULL
    )`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS programmes');
  },

  apply(stored: StoredEvent, db) {
    if (programmeStreamOf(stored.streamId)?.kind !== 'programme') return;
    const event = stored as StoredEvent & ProgrammeEvent;
    const version = event.streamRevision + 1;
    // Each update names the version it brings the row to: applying an event twice changes nothing.
    const update = (assignments: string[] = [], ...values: unknown[]) =>
      prepared(db, `UPDATE programmes SET ${[...assignments, 'version = ?'].join(', ')} WHERE id = ? AND version < ?`)
        .run(...values, version, event.data.programmeId, version);
    switch (event.type) {
      case 'ProgrammeRegistered': {
        const d = event.data;
        prepared(db, 
          `INSERT OR IGNORE INTO programmes
             (id, name, council, new_body, legal_form, services_in_scope, go_live_date, go_live_confirmed, status, registered_at, started_on, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'active', ?, ?, ?)`,
        ).run(d.programmeId, d.name, d.council, d.newBody, d.legalForm, JSON.stringify(d.servicesInScope), d.goLiveDate, d.registeredAt, d.startedOn ?? ukDateOf(d.registeredAt), version);
        return;
      }
      case 'GoLiveDateConfirmed':
        update(['go_live_confirmed = 1']);
        return;
      case 'GoLiveDateMoved':
        update(['go_live_date = ?', 'go_live_confirmed = 0'], event.data.to);
        return;
      case 'ProgrammeWentLive':
        update(["status = 'live'", 'went_live_on = ?'], event.data.date);
        return;
      case 'ProgrammeClosed':
        update(["status = 'closed'"]);
        return;
      case 'BoardRatingRecorded': {
        const { rating, rationale, decisionId } = event.data;
        update(['board_rating = ?'], JSON.stringify({ rating, rationale, decisionId }));
        return;
      }
      case 'ProgrammeDescribed': {
        const { programmeId: _id, ...description } = event.data;
        update(['description = ?'], JSON.stringify(description));
        return;
      }
      case 'GoNoGoDecided':
      case 'DecisionConditionMet':
      case 'ProgrammeSettingsChanged':
        // Decisions and settings change nothing listed here but the version a client must send with If-Match.
        update();
        return;
      default:
        return assertUnknown(event);
    }
  },
};

/** Events of other kinds pass by; the `never` check makes the compiler list new programme events. */
function assertUnknown(type: never): void {
  void type;
}

export class ProgrammeList {
  constructor(private readonly db: Database.Database) {}

  get(id: string): ProgrammeRow | undefined {
    const row = prepared<[string], Row>(this.db, 'SELECT * FROM programmes WHERE id = ?').get(id);
    return row && toProgramme(row);
  }

  list(): ProgrammeRow[] {
    return prepared<[], Row>(this.db, 'SELECT * FROM programmes ORDER BY go_live_date, name').all().map(toProgramme);
  }
}

function toProgramme(row: Row): ProgrammeRow {
  return {
    id: row.id,
    name: row.name,
    council: row.council,
    newBody: row.new_body,
    legalForm: row.legal_form,
    servicesInScope: JSON.parse(row.services_in_scope),
    goLiveDate: row.go_live_date,
    goLiveConfirmed: row.go_live_confirmed === 1,
    status: row.status,
    ...(row.went_live_on === null ? {} : { wentLiveOn: row.went_live_on }),
    registeredAt: row.registered_at,
    startedOn: row.started_on,
    ...(row.board_rating === null ? {} : { deliveryConfidence: JSON.parse(row.board_rating) }),
    description: row.description === null ? {} : JSON.parse(row.description),
    version: row.version,
  };
}
