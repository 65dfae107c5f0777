import type Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';
import type { ProgrammeEvent } from '@tracker/domain';
import type { Projection } from '../projection';

export interface ProgrammeRow {
  readonly id: string;
  readonly name: string;
  readonly council: string;
  readonly newBody: string;
  readonly legalForm: string;
  readonly servicesInScope: string[];
  readonly goLiveDate: string;
  readonly goLiveConfirmed: boolean;
  readonly registeredAt: string;
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
  registered_at: string;
  version: number;
}

export const programmeListProjection: Projection = {
  name: 'programme-list',
  version: 1,

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
      registered_at     TEXT NOT NULL,
      version           INTEGER NOT NULL
    )`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS programmes');
  },

  apply(stored: StoredEvent, db) {
    if (!stored.streamId.startsWith('programme-')) return;
    const event = stored as StoredEvent & ProgrammeEvent;
    switch (event.type) {
      case 'ProgrammeRegistered': {
        const d = event.data;
        // INSERT OR IGNORE: applying the same event twice changes nothing.
        db.prepare(
          `INSERT OR IGNORE INTO programmes
             (id, name, council, new_body, legal_form, services_in_scope, go_live_date, go_live_confirmed, registered_at, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
        ).run(d.programmeId, d.name, d.council, d.newBody, d.legalForm, JSON.stringify(d.servicesInScope), d.goLiveDate, event.metadata.recordedAt, event.streamRevision + 1);
        return;
      }
      default:
        return assertUnknown(event.type);
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
    const row = this.db.prepare<[string], Row>('SELECT * FROM programmes WHERE id = ?').get(id);
    return row && toProgramme(row);
  }

  list(): ProgrammeRow[] {
    return this.db.prepare<[], Row>('SELECT * FROM programmes ORDER BY go_live_date, name').all().map(toProgramme);
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
    registeredAt: row.registered_at,
    version: row.version,
  };
}
