import Database from 'better-sqlite3';
import { preparePrivateFile } from '@tracker/event-store';

/**
 * The read store holds only what can be rebuilt from events, so it trades the event store's
 * full sync for speed: a crash loses at most the newest batch, together with its checkpoint.
 */
export function openReadStore(filename: string): Database.Database {
  preparePrivateFile(filename);
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
