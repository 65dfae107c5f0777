import { Inject, Injectable } from '@nestjs/common';
import { DecisionCondition, DecisionType, IllegalStateError, NotFoundError, SeenHead, TabledBoardPack, bodyOf, dayInWords, decidingBodyLabel, ukDateOf, recommendationAwaitingBoard } from '@tracker/domain';
import { AccessDirectory, ConditionMetRow, DecisionLogRow, DecisionLogStore, ProgrammeRegisters } from '@tracker/read-models';
import { addDays, daysBetween, recordedRulesetVersion } from '@tracker/readiness';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { Documents } from '../../../shared/documents';

/**
 * How far ahead the decision log looks for what waits on the board. Policy, not law: four weeks
 * is one board cycle at a monthly board, so a go-live inside it with no go standing is the agenda.
 */
export const DECISION_LOG_POLICY = {
  /** A go-live date this many days away or fewer, with no go standing on it, waits on the board. */
  goDecisionWatchDays: 28,
  /** A risk the board accepted, lapsing within this many days (or lapsed), waits on the board to renew or let lapse. */
  riskAcceptanceWatchDays: 14,
} as const;

type Person = { readonly userId: string; readonly name?: string };
type ConditionState = 'open' | 'met' | 'overdue';

export interface DecisionEntry {
  readonly decisionId: string;
  readonly type: DecisionType;
  readonly outcome: string;
  readonly reasons: string;
  readonly subject: { readonly kind: 'programme' } | { readonly kind: 'sla'; readonly itemId: string; readonly reference?: string } | { readonly kind: 'finding'; readonly findingId: string; readonly title?: string };
  readonly goLiveDate?: string;
  readonly expiresOn?: string;
  readonly standing?: boolean;
  readonly body: string;
  readonly bodyLabel: string;
  readonly attendees: readonly string[];
  readonly recordedBy: Person;
  readonly recordedAt: string;
  readonly effectiveAt?: string;
  readonly rulesetVersion: number;
  readonly position: number;
  readonly seen?: SeenHead;
  readonly boardPack?: TabledBoardPack & { readonly href: string };
  readonly conditions: readonly (DecisionCondition & {
    readonly state: ConditionState;
    readonly met?: { readonly note: string; readonly evidence: ConditionMetRow['evidence']; readonly recordedAt: string; readonly effectiveAt?: string; readonly recordedBy: Person };
  })[];
}

export interface Awaiting {
  readonly slaRecommendations: readonly { readonly itemId: string; readonly reference: string; readonly suitable: boolean; readonly recommendedOn: string }[];
  readonly goNoGo?: { readonly goLiveDate: string; readonly daysToGoLive: number; readonly watchDays: number; readonly reason: string };
  readonly conditions: readonly { readonly decisionId: string; readonly conditionId: string; readonly text: string; readonly owner: string; readonly dueOn: string; readonly state: 'open' | 'overdue' }[];
  readonly riskAcceptancesLapsing: readonly { readonly findingId: string; readonly title: string; readonly decisionId: string; readonly expiresOn: string }[];
}

export interface DecisionLogAnswer {
  readonly decisions: readonly DecisionEntry[];
  readonly awaiting: Awaiting;
}

/**
 * The decision log: every board decision of a programme, newest first, with who took it and what
 * it saw, and what waits on the board now. Read from the decision-log projection and the register
 * rows the dashboard uses: the cost grows with the decisions and items, never with the history.
 */
@Injectable()
export class DecisionLog {
  constructor(
    private readonly log: DecisionLogStore,
    private readonly registers: ProgrammeRegisters,
    private readonly access: AccessDirectory,
    private readonly documents: Documents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The programme's decisions, newest first, without what awaits the board: read from the decision
   * log alone (a decision's SLA or finding is named by one lookup each), so pages that only show
   * decisions — the dashboard, the audit trail — read nothing that grows with the registers.
   */
  decisions(programmeId: string): DecisionEntry[] {
    const today = ukDateOf(this.clock());
    const standing = this.log.standing(programmeId);
    const met = new Map(this.log.conditionsMet(programmeId).map((m) => [`${m.decisionId}/${m.conditionId}`, m]));
    const names = new Map<string, string | undefined>();
    const person = (userId: string): Person => {
      if (!names.has(userId)) names.set(userId, this.access.userById(userId)?.name);
      const name = names.get(userId);
      return name === undefined ? { userId } : { userId, name };
    };
    const reference = (itemId: string) => this.registers.itemReference(itemId);
    const title = (findingId: string) => this.registers.findingTitle(findingId);
    return this.log.decisions(programmeId).map((row) => this.entryOf(row, { today, standing: standing?.standingDecisionId, met, reference, title, person }));
  }

  list(programmeId: string): DecisionLogAnswer {
    const today = ukDateOf(this.clock());
    const standing = this.log.standing(programmeId);
    const items = this.registers.items(programmeId, 'sla');
    const findings = this.registers.findings(programmeId);
    const decisions = this.decisions(programmeId);

    const slaRecommendations = items.flatMap((item) => {
      const awaiting = recommendationAwaitingBoard(item);
      return awaiting ? [{ itemId: item.itemId, reference: item.reference, suitable: awaiting.suitable, recommendedOn: awaiting.on }] : [];
    });

    const standingEntry = decisions.find((d) => d.standing);
    let goNoGo: Awaiting['goNoGo'];
    if (standing && standing.status === 'active') {
      const daysToGoLive = daysBetween(today, standing.goLiveDate);
      const watchDays = DECISION_LOG_POLICY.goDecisionWatchDays;
      if (daysToGoLive <= watchDays && standingEntry?.outcome !== 'go') {
        const reason = standingEntry
          ? `the decision standing on the go-live date ${dayInWords(standing.goLiveDate)} is no-go`
          : `no go / no-go decision stands on the go-live date ${dayInWords(standing.goLiveDate)}`;
        goNoGo = { goLiveDate: standing.goLiveDate, daysToGoLive, watchDays, reason };
      }
    }
    const conditions =
      standingEntry?.outcome === 'go'
        ? standingEntry.conditions.flatMap((c) =>
            c.state === 'met' ? [] : [{ decisionId: standingEntry.decisionId, conditionId: c.conditionId, text: c.text, owner: c.owner, dueOn: c.dueOn, state: c.state }],
          )
        : [];
    const lapseBy = addDays(today, DECISION_LOG_POLICY.riskAcceptanceWatchDays);
    const riskAcceptancesLapsing = findings.flatMap((f) =>
      f.status === 'risk-accepted' && f.riskAcceptance && f.riskAcceptance.expiresOn <= lapseBy
        ? [{ findingId: f.findingId, title: f.title, decisionId: f.riskAcceptance.decisionId, expiresOn: f.riskAcceptance.expiresOn }]
        : [],
    );
    return { decisions, awaiting: { slaRecommendations, ...(goNoGo ? { goNoGo } : {}), conditions, riskAcceptancesLapsing } };
  }

  /** The decision's row, or 404. */
  decision(programmeId: string, decisionId: string): DecisionLogRow {
    const row = this.log.decision(programmeId, decisionId);
    if (!row) throw new NotFoundError('board decision', decisionId);
    return row;
  }

  /**
   * The board pack as tabled at the decision: exactly the bytes its event names by SHA-256. A file
   * missing or altered since is refused in words; altered bytes are never served.
   */
  boardPack(programmeId: string, decisionId: string): { pack: TabledBoardPack; bytes: Buffer } {
    const pack = (this.decision(programmeId, decisionId).data as { boardPack?: TabledBoardPack }).boardPack;
    if (!pack) throw new NotFoundError('board pack kept with decision', decisionId);
    const bytes = this.documents.get(pack.sha256);
    if (!bytes) {
      const why = this.documents.has(pack.sha256) ? 'no longer matches the SHA-256 its decision recorded' : 'is missing from the document store';
      throw new IllegalStateError(`The board pack kept with decision ${decisionId} (SHA-256 ${pack.sha256}) ${why}; restore the document store from a backup`);
    }
    return { pack, bytes };
  }

  private entryOf(
    row: DecisionLogRow,
    at: {
      today: string;
      standing?: string;
      met: Map<string, ConditionMetRow>;
      reference: (itemId: string) => string | undefined;
      title: (findingId: string) => string | undefined;
      person: (userId: string) => Person;
    },
  ): DecisionEntry {
    const d = row.data as Record<string, unknown> & {
      body?: string;
      attendees?: string[];
      seen?: SeenHead;
      boardPack?: TabledBoardPack;
      conditions?: DecisionCondition[];
    };
    const body = bodyOf(d as { body?: never });
    const common = {
      decisionId: row.decisionId,
      type: row.type,
      body,
      bodyLabel: decidingBodyLabel(body),
      attendees: d.attendees ?? [],
      recordedBy: at.person(row.userId),
      recordedAt: row.recordedAt,
      ...(row.effectiveAt === undefined ? {} : { effectiveAt: row.effectiveAt }),
      rulesetVersion: recordedRulesetVersion(d),
      position: row.position,
      ...(d.seen === undefined ? {} : { seen: d.seen }),
      ...(d.boardPack === undefined ? {} : { boardPack: { ...d.boardPack, href: `/api/programmes/${row.programmeId}/decisions/${row.decisionId}/board-pack` } }),
    };
    switch (row.type) {
      case 'sla-recommendation': {
        const itemId = String(d.itemId);
        const reference = at.reference(itemId);
        return {
          ...common,
          outcome: row.eventType === 'SlaRecommendationAccepted' ? 'accepted' : 'rejected',
          reasons: String(d.reasons),
          subject: { kind: 'sla', itemId, ...(reference === undefined ? {} : { reference }) },
          conditions: [],
        };
      }
      case 'risk-acceptance': {
        const findingId = String(d.findingId);
        const title = at.title(findingId);
        return {
          ...common,
          outcome: 'risk-accepted',
          reasons: String(d.reason),
          subject: { kind: 'finding', findingId, ...(title === undefined ? {} : { title }) },
          expiresOn: String(d.expiresOn),
          conditions: [],
        };
      }
      case 'delivery-confidence':
        return { ...common, outcome: String(d.rating), reasons: String(d.rationale), subject: { kind: 'programme' }, conditions: [] };
      case 'go-no-go': {
        const conditions = (d.conditions ?? []).map((c) => {
          const metRow = at.met.get(`${row.decisionId}/${c.conditionId}`);
          if (metRow) {
            const { note, evidence, recordedAt, effectiveAt, userId } = metRow;
            return { ...c, state: 'met' as const, met: { note, evidence, recordedAt, ...(effectiveAt === undefined ? {} : { effectiveAt }), recordedBy: at.person(userId) } };
          }
          // Overdue the day after it was due: a condition due today can still be met today.
          return { ...c, state: c.dueOn < at.today ? ('overdue' as const) : ('open' as const) };
        });
        return {
          ...common,
          outcome: String(d.decision),
          reasons: String(d.reasons),
          subject: { kind: 'programme' },
          goLiveDate: String(d.goLiveDate),
          standing: at.standing === row.decisionId,
          conditions,
        };
      }
      default:
        throw new Error(`Unknown decision type ${String(row.type)}`);
    }
  }
}
