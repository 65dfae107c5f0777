import type { FastifyRequest } from 'fastify';
import { InvalidCommandError, REGISTER_OF_KIND, isCalendarDate } from '@tracker/domain';
import type { Principal } from '../access/auth/auth.guard';
import { atOf } from '../readiness/as-of.request.dto';
import type { At } from '../readiness/programme-views';

export type PageRequest = FastifyRequest & { principal: Principal };

const REGISTERS = Object.values(REGISTER_OF_KIND) as string[];

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
    registers: REGISTERS,
    can: { advise: role === 'adviser' || role === 'administrator', decide: role === 'board' || role === 'administrator' },
  };
}
