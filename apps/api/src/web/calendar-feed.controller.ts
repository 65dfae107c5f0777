import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import ical, { ICalCalendar } from 'ical-generator';
import { createHash } from 'node:crypto';
import { NotFoundError, dayInWords } from '@tracker/domain';
import { AccessDirectory, ProgrammeList } from '@tracker/read-models';
import { tokenHash } from '../access/auth/credentials';
import { Public } from '../access/auth/permissions';
import { DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { actionPlanOf } from '../readiness/action-plan';
import { ProgrammeViews } from '../readiness/programme-views';

/** A secret as the address carries it: `cal_` and 43 characters of base64url. */
const SECRET = /^(cal_[A-Za-z0-9_-]{43})\.ics$/;

/**
 * A person's calendar of deadlines, at a secret address they issue on their account page (Outlook,
 * Google and Apple subscribe to it): each programme they may read, its go-live date and everything
 * on its action plan on the day it is due — what it is, who owns it (a role or team; never a member
 * of staff by name) and what it holds up. `?programme=` narrows it to one. A revoked or unknown
 * address answers 404, the same either way.
 */
@Public()
@Controller('calendar')
export class CalendarFeedController {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly programmes: ProgrammeList,
    private readonly views: ProgrammeViews,
    private readonly decisions: DecisionLog,
  ) {}

  @Get(':file')
  async feed(@Param('file') file: string, @Query('programme') only: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const secret = SECRET.exec(file)?.[1];
    const feed = secret === undefined ? undefined : this.directory.calendarFeed(tokenHash(secret));
    const user = feed && this.directory.userById(feed.userId);
    if (!feed || !user || user.disabled) throw new NotFoundError('calendar feed', 'at this address', 'No calendar feed answers at this address: it was revoked, replaced, or never issued');
    const readable = user.administrator ? new Set(this.programmes.list().map((p) => p.id)) : this.directory.programmesOf(user.id);
    if (only !== undefined && !readable.has(only)) throw new NotFoundError('programme', only);
    const base = `${request.protocol}://${request.host}`;
    const calendar = ical({ name: 'Transition tracker deadlines', prodId: { company: 'Transition tracker', product: 'deadlines', language: 'EN' } });
    for (const programmeId of [...readable].sort()) {
      if (only !== undefined && programmeId !== only) continue;
      await this.addProgramme(calendar, programmeId, base);
    }
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'no-store').send(calendar.toString());
  }

  private async addProgramme(calendar: ICalCalendar, programmeId: string, base: string): Promise<void> {
    const judged = await this.views.judged(programmeId);
    const { programme } = judged.view;
    if (programme.status === 'closed') return;
    const day = (date: string) => new Date(`${date}T00:00:00Z`);
    if (programme.status === 'active') {
      calendar.createEvent({
        id: `${programmeId}-go-live@transition-tracker`,
        start: day(programme.goLiveDate),
        allDay: true,
        summary: `${programme.name}: go-live${programme.goLiveConfirmed ? '' : ' (provisional)'}`,
        url: `${base}/programmes/${programmeId}`,
      });
    }
    const conditions = this.decisions.list(programmeId).awaiting.conditions;
    for (const action of actionPlanOf(judged, conditions, programmeId)) {
      // The same thing keeps its id as its due day moves, so a calendar moves it rather than adding another.
      const uid = createHash('sha256').update(`${programmeId}\n${action.href}\n${action.what}`).digest('hex').slice(0, 32);
      calendar.createEvent({
        id: `${uid}@transition-tracker`,
        start: day(action.due),
        allDay: true,
        summary: `${action.overdue ? 'OVERDUE: ' : ''}${action.subject}: ${action.what}`,
        description: [
          `Programme: ${programme.name}`,
          `Owner: ${action.owner ?? 'no owner named'}`,
          `Due: ${dayInWords(action.due)}${action.ruleDue ? ` (the rule's own deadline: ${dayInWords(action.ruleDue)})` : ''}`,
          `Holds up: ${action.blocks}`,
        ].join('\n'),
        url: `${base}${action.href}`,
      });
    }
  }
}
