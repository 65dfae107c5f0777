import type Database from 'better-sqlite3';
import { Money, NO_MONEY } from '@tracker/domain';
import type { FindingRow, ItemRow } from '../programmes/programme-fold';

/** Reads of the programme-registers projection. */
export class ProgrammeRegisters {
  constructor(private readonly db: Database.Database) {}

  items(programmeId: string, kind?: string): ItemRow[] {
    const rows = kind
      ? this.db.prepare<[string, string], { state: string; version: number }>('SELECT state, version FROM register_items WHERE programme_id = ? AND kind = ? ORDER BY reference').all(programmeId, kind)
      : this.db.prepare<[string], { state: string; version: number }>('SELECT state, version FROM register_items WHERE programme_id = ? ORDER BY kind, reference').all(programmeId);
    return rows.map((row) => ({ ...JSON.parse(row.state), version: row.version }));
  }

  /** One item's reference, by its id: a point read. */
  itemReference(itemId: string): string | undefined {
    return this.db.prepare<[string], { reference: string }>('SELECT reference FROM register_items WHERE item_id = ?').get(itemId)?.reference;
  }

  /** One finding's title, by its id: a point read. */
  findingTitle(findingId: string): string | undefined {
    return this.db.prepare<[string], { title: string | null }>("SELECT json_extract(state, '$.title') AS title FROM findings WHERE finding_id = ?").get(findingId)?.title ?? undefined;
  }

  findings(programmeId: string): FindingRow[] {
    return this.db
      .prepare<[string], { state: string; version: number; raised_at: string }>('SELECT state, version, raised_at FROM findings WHERE programme_id = ? ORDER BY raised_at, finding_id')
      .all(programmeId)
      .map((row) => ({ ...JSON.parse(row.state), version: row.version, raisedAt: row.raised_at }));
  }

  /** Buy-back budgets keyed `${slaItemId}/${financialYear}`, and envelopes by year. */
  budgets(programmeId: string): { buyBack: Map<string, number>; envelopes: Map<string, number> } {
    const buyBack = new Map(
      this.db
        .prepare<[string], { sla_item_id: string; financial_year: string; amount: number }>('SELECT sla_item_id, financial_year, amount FROM buy_back_budgets WHERE programme_id = ?')
        .all(programmeId)
        .map((row) => [`${row.sla_item_id}/${row.financial_year}`, row.amount] as const),
    );
    const envelopes = new Map(
      this.db
        .prepare<[string], { financial_year: string; amount: number }>('SELECT financial_year, amount FROM budget_envelopes WHERE programme_id = ?')
        .all(programmeId)
        .map((row) => [row.financial_year, row.amount] as const),
    );
    return { buyBack, envelopes };
  }

  /** The programme's money: baseline, cost model, agreements, facility and payment profile. */
  money(programmeId: string): Money {
    const row = this.db.prepare<[string], { state: string }>('SELECT state FROM programme_money WHERE programme_id = ?').get(programmeId);
    return row ? JSON.parse(row.state) : NO_MONEY;
  }
}
