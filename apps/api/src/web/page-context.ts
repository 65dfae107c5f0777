import type { FastifyRequest } from 'fastify';
import { InvalidCommandError, REGISTER_OF_KIND, isCalendarDate } from '@tracker/domain';
import type { Principal } from '../access/auth/auth.guard';
import { atOf } from '../readiness/as-of.request.dto';
import type { At } from '../readiness/programme-views';

export type PageRequest = FastifyRequest & { principal: Principal };

const REGISTERS = Object.values(REGISTER_OF_KIND) as string[];

/** What a form did, told on the page it went on to (?done=…); only these words, never text from the address. */
const NOTICES: Record<string, string> = {
  raised: 'The finding has been raised and the dashboard updated.',
  registered: 'The item has been registered.',
  progress: 'The step has been recorded.',
  withdrawn: 'The step has been withdrawn. It stays in the history with your reason, and no longer counts.',
  corrected: 'The step has been corrected. The original stays in the history, withdrawn with your reason.',
  note: 'The note has been added.',
  evidence: 'The evidence has been added.',
  resolve: 'The finding has been marked resolved. An adviser closes it once the resolution is verified.',
  close: 'The finding has been closed.',
  mitigate: 'The mitigation has been recorded. The finding stays open until it is put right.',
  reopen: 'The finding has been reopened. It counts towards readiness again.',
  decided: 'The board’s decision has been recorded and signed with a digest of what it saw.',
  moved: 'The go-live date has been moved.',
  programme: 'The programme has been registered. Add its members next.',
  'condition-met': 'The condition has been recorded as met.',
  amended: 'The details have been changed. The change is in the item’s history.',
  'step-owner': 'The step’s owner has been saved. The action plan, reminders and calendar feeds follow it.',
  confirmed: 'The go-live date has been confirmed.',
  'went-live': 'Go-live has been recorded. Readiness now shows what is still outstanding.',
  closed: 'The programme has been closed. Only notes can be added now.',
  'member-added': 'The member has been added.',
  'role-changed': 'The member’s role has been changed.',
  'buy-back': 'The buy-back budget has been set. Readiness and the buy-back totals use it now.',
  envelope: 'The buy-back envelope has been set.',
  'cost-model-line': 'The cost model line has been saved. If the board had agreed the cost model, a change to year one needs agreeing again.',
  'baseline-line': 'The baseline line has been saved.',
  described: 'The programme’s description has been saved. The portfolio filters by it now.',
  imported: 'The lines have been imported. Lines already recorded as the file has them were left as they were.',
  'line-removed': 'The line has been removed. It stays in the history with your reason.',
  facility: 'The working-capital facility has been saved. The cash-flow forecast uses it now.',
  'payment-profile': 'The payment profile has been saved. The cash-flow forecast uses it now.',
  'cost-model-agreed': 'The board’s agreement of the cost model has been recorded.',
  'day-one': 'The day-one checklist is in the governance register. Give each essential an owner, and record it as signed off once it is in place.',
  'member-removed': 'The member has been removed from this programme. What they recorded stays in its history.',
};

/** A past day asked for in the address (?asOf=YYYY-MM-DD): every programme page then shows the programme as it stood that day. */
export function pastDayOf(query: { asOf?: string }): { at: At; asOf?: string } {
  if (query.asOf === undefined || query.asOf === '') return { at: {} };
  if (!isCalendarDate(query.asOf)) throw new InvalidCommandError([{ field: 'asOf', problem: 'must be a date, like 2026-11-22' }]);
  return { at: atOf({ asOf: query.asOf }), asOf: query.asOf };
}

/** What every programme page's layout needs: who is looking, the programme's navigation, the past day if any, and what they may do. */
export function programmePageContext(request: PageRequest, programmeId: string, asOf?: string) {
  const { principal } = request;
  const role = principal.administrator ? 'administrator' : principal.role;
  return {
    principal,
    section: 'programmes',
    programmeId,
    asOf,
    asOfExit: request.url.split('?')[0],
    asOfQuery: asOf ? `?asOf=${asOf}` : '',
    notice: NOTICES[(request.query as { done?: string }).done ?? ''],
    registers: REGISTERS,
    can: { advise: role === 'adviser' || role === 'administrator', decide: role === 'board' || role === 'administrator' },
  };
}
