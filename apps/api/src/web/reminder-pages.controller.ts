import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccessDirectory } from '@tracker/read-models';
import { AdministratorsOnly } from '../access/auth/permissions';
import { reminderStateOf } from '../reminders/reminder-outbox';
import { Reminders } from '../reminders/reminders';
import { PageErrorFilter } from './page-error.filter';
import { PageRequest } from './page-context';
import { Renderer } from './renderer';

/** Where administrators see the email reminders sent, queued and failing, and why one failed. */
@UseFilters(PageErrorFilter)
@AdministratorsOnly()
@Controller('admin/reminders')
export class ReminderPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly reminders: Reminders,
    private readonly directory: AccessDirectory,
  ) {}

  @Get()
  page(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    const status = this.reminders.status();
    const done = (request.query as { done?: string }).done;
    return this.renderer.send(reply, 'pages/reminders.njk', {
      title: 'Email reminders',
      section: 'users',
      principal: request.principal,
      status,
      rows: status.recent.map((r) => ({ ...r, state: reminderStateOf(r), name: this.directory.userById(r.userId)?.name ?? r.userId })),
      ...(done === 'ran' ? { notice: 'The reminders job has run: what was due is queued, and what was queued has been tried.' } : {}),
    });
  }

  @Post('run')
  @HttpCode(303)
  async run(@Res() reply: FastifyReply) {
    await this.reminders.run();
    return reply.redirect('/admin/reminders?done=ran', 303);
  }
}
