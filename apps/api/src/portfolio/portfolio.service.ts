import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, portfolioCovers, ukDateOf } from '@tracker/domain';
import { AccessDirectory, AuditChain, ProgrammeList } from '@tracker/read-models';
import { DecisionLog } from '../decisions/queries/decision-log/decision-log';
import type { Logger } from 'pino';
import { CLOCK, Clock, LOGGER } from '../infrastructure/tokens';
import { ProgrammeViews } from '../readiness/programme-views';
import { PortfolioRow, portfolioRowOf } from './portfolio';

/** Who is reading: an administrator sees every programme; anyone else those they are a member of, and those their portfolio access covers. */
export interface PortfolioReader {
  readonly userId: string;
  readonly administrator: boolean;
}

/**
 * Every programme a reader may see, one row each. Now, each row is kept until its programme's own
 * history moves (or the day changes), so a portfolio of fifty is fifty look-ups and the judging of
 * only those that changed; as of a past day, each programme is judged as it stood then.
 */
@Injectable()
export class Portfolio {
  private readonly kept = new Map<string, { readonly key: string; readonly row: PortfolioRow }>();

  constructor(
    private readonly programmes: ProgrammeList,
    private readonly views: ProgrammeViews,
    private readonly decisions: DecisionLog,
    private readonly chain: AuditChain,
    private readonly directory: AccessDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The ids of the programmes a reader may see. */
  visibleTo(reader: PortfolioReader): string[] {
    const all = this.programmes.list();
    if (reader.administrator) return all.map((p) => p.id);
    const memberOf = this.directory.programmesOf(reader.userId);
    const scope = this.directory.portfolioScopeOf(reader.userId);
    return all.filter((p) => memberOf.has(p.id) || portfolioCovers(scope, p.description)).map((p) => p.id);
  }

  /** Logged with who read which programmes: a portfolio is a read across programmes, and is accounted for as one. */
  async rows(reader: PortfolioReader, asOf?: string): Promise<PortfolioRow[]> {
    const rows: PortfolioRow[] = [];
    const visible = this.visibleTo(reader);
    this.logger.info({ userId: reader.userId, programmes: visible, asOf: asOf ?? null }, 'portfolio read');
    for (const programmeId of visible) {
      const row = asOf === undefined ? await this.now(programmeId) : await this.asOf(programmeId, asOf);
      if (row) rows.push(row);
    }
    return rows;
  }

  private async now(programmeId: string): Promise<PortfolioRow> {
    const key = `${this.chain.headAt(programmeId).position}|${ukDateOf(this.clock())}`;
    const kept = this.kept.get(programmeId);
    if (kept?.key === key) return kept.row;
    const row = portfolioRowOf(await this.views.judged(programmeId), this.decisions.decisions(programmeId));
    this.kept.set(programmeId, { key, row });
    return row;
  }

  /** As it stood at the end of a past day: the decisions recorded by then; none for a programme not yet registered. */
  private async asOf(programmeId: string, asOf: string): Promise<PortfolioRow | undefined> {
    const registeredAt = this.programmes.get(programmeId)?.registeredAt;
    if (registeredAt === undefined || registeredAt > asOf) return undefined;
    try {
      const judged = await this.views.judged(programmeId, { asOf });
      return portfolioRowOf(judged, this.decisions.decisions(programmeId).filter((d) => d.recordedAt <= asOf));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
}
