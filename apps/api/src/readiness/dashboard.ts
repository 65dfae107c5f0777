import { GoLiveDateMoved, goLiveMoveReasonLabel, recommendationAwaitingBoard, ukDateOf } from '@tracker/domain';
import { RATING_SCALE, daysBetween, financialYearOf } from '@tracker/readiness';
import type { ItemRow, ProgrammeRow } from '@tracker/read-models';
import type { JudgedView } from './programme-views';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const AGES = [
  { band: 'under 30 days', upTo: 29 },
  { band: '30 to 89 days', upTo: 89 },
  { band: '90 days or more', upTo: Number.POSITIVE_INFINITY },
] as const;

/** The scale every rating is given on, with what each point means, and the page that explains it and the formula. */
export const SCALE = { ...RATING_SCALE, page: '/ratings' } as const;

/**
 * Beside the computed readiness: the board's own judgement, its delivery confidence, on the same
 * scale — shown beside readiness, never replacing it. Null until the board has rated it.
 */
export function deliveryConfidenceOf(programme: Pick<ProgrammeRow, 'deliveryConfidence'>) {
  return programme.deliveryConfidence ?? null;
}

/** The SLAs whose latest recommendation awaits the board's decision, as the decider judges it. */
export function awaitingBoardOf(slas: readonly ItemRow[]) {
  return slas.flatMap((sla) => {
    const awaiting = recommendationAwaitingBoard(sla);
    return awaiting ? [{ kind: 'sla-recommendation' as const, slaId: sla.itemId, reference: sla.reference, service: sla.details.service, recommendedOn: awaiting.on, suitable: awaiting.suitable }] : [];
  });
}

/** The board's page in one answer: readiness, what awaits the board, open findings, buy-back against envelope, staff, and the go-live date's history. */
export function dashboardOf({ view, today, readiness }: JudgedView) {
  const { programme, items, findings, buyBack, envelopes } = view;
  const { items: _items, ...summary } = readiness;

  const open = findings.filter((f) => f.status === 'open' || f.status === 'mitigated');
  const openFindings = {
    total: open.length,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length])),
    byAge: Object.fromEntries(
      AGES.map(({ band, upTo }, i) => [
        band,
        open.filter((f) => {
          const age = daysBetween(ukDateOf(f.raisedAt), today);
          return age <= upTo && (i === 0 || age > AGES[i - 1].upTo);
        }).length,
      ]),
    ),
  };

  const slas = items.filter((i) => i.kind === 'sla');
  const years = [...new Set([...[...buyBack.keys()].map((key) => key.split('/')[1]), ...envelopes.keys()])].sort();
  const buyBackSummary = {
    yearOne: financialYearOf(programme.goLiveDate),
    services: slas.map((sla) => ({
      slaId: sla.itemId,
      reference: sla.reference,
      service: sla.details.service,
      byYear: Object.fromEntries(years.filter((y) => buyBack.has(`${sla.itemId}/${y}`)).map((y) => [y, buyBack.get(`${sla.itemId}/${y}`)])),
    })),
    years: years.map((year) => {
      const total = slas.reduce((sum, sla) => sum + (buyBack.get(`${sla.itemId}/${year}`) ?? 0), 0);
      const envelope = envelopes.get(year);
      return { year, total, envelope: envelope ?? null, withinEnvelope: envelope === undefined ? null : total <= envelope };
    }),
  };

  const groups = items.filter((i) => i.kind === 'staff-group');
  const count = (step: string) => groups.filter((g) => g.steps[step] !== undefined).length;
  const staff = {
    groups: groups.length,
    headcountInScope: groups.reduce((sum, g) => sum + Number(g.details.headcount ?? 0), 0),
    fteInScope: groups.reduce((sum, g) => sum + Number(g.details.fte ?? 0), 0),
    eliReceived: count('eli-received'),
    consultationCompleted: count('consultation-completed'),
    lgpsGroups: groups.filter((g) => g.details.pensionScheme === 'lgps').length,
    admissionAgreementsSigned: groups.filter((g) => g.details.pensionScheme === 'lgps' && g.steps['admission-agreement-signed']).length,
  };

  const goLiveHistory = view.goLiveChanges.map((event) => {
    const at = { recordedAt: event.metadata.recordedAt, by: event.metadata.userId, role: event.metadata.role };
    if (event.type !== 'GoLiveDateMoved') return { ...at, change: event.type === 'GoLiveDateConfirmed' ? 'confirmed' : 'went live', date: (event.data as { date: string }).date };
    const { from, to, direction, reasons, note } = (event as unknown as GoLiveDateMoved).data;
    return { ...at, change: `moved ${direction}`, from, to, reasons: reasons.map((code) => ({ code, words: goLiveMoveReasonLabel(code) })), note };
  });

  // Each area's counts as its register counts them (its items), and apart from them what else the
  // area is judged on: open findings about the whole area, and for budgets the envelope. The
  // rating weighs both; the counts no longer pass the second off as items.
  const areas = summary.areas.map((area) => {
    const inArea = readiness.items.filter((item) => item.area === area.area);
    const itemCounts = { ready: 0, 'at-risk': 0, 'not-ready': 0, 'not-applicable': 0 };
    for (const item of inArea) itemCounts[item.status]++;
    const judged = (counts: typeof itemCounts) => counts.ready + counts['at-risk'] + counts['not-ready'];
    return { ...area, itemCounts, alsoJudged: judged(area.counts) - judged(itemCounts) };
  });

  return {
    awaitingBoard: awaitingBoardOf(slas),
    programme: { id: programme.id, name: programme.name, newBody: programme.newBody, goLiveDate: programme.goLiveDate, goLiveConfirmed: programme.goLiveConfirmed, status: programme.status, ...(programme.wentLiveOn === undefined ? {} : { wentLiveOn: programme.wentLiveOn }), startedOn: programme.startedOn, registeredOn: ukDateOf(programme.registeredAt) },
    readiness: { ...summary, areas, deliveryConfidence: deliveryConfidenceOf(programme), scale: SCALE },
    openFindings,
    buyBack: buyBackSummary,
    staff,
    goLiveHistory,
  };
}
