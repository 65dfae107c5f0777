import { Controller, Get, HttpCode, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AdministratorsOnly } from '../access/auth/permissions';
import { SigningKeys } from '../audit/signing-keys';
import { Witnesses } from '../audit/witnesses/witnesses';
import { Config } from '../config/config';
import { CONFIG } from '../infrastructure/tokens';
import { PageErrorFilter } from './page-error.filter';
import { PageRequest } from './page-context';
import { Renderer } from './renderer';

/** Where administrators see whether every digest reached its witnesses, and why one did not. */
@UseFilters(PageErrorFilter)
@AdministratorsOnly()
@Controller('admin/witnesses')
export class WitnessPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly witnesses: Witnesses,
    private readonly keys: SigningKeys,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  page(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.renderer.send(reply, 'pages/witnesses.njk', {
      title: 'Witnesses of the signed digests',
      section: 'programmes',
      principal: request.principal,
      witnesses: this.witnesses.describe(),
      health: this.witnesses.health(),
      deliveries: this.witnesses.recent(),
      keyFingerprint: this.keys.fingerprint,
      digestIntervalMinutes: this.config.digestIntervalMinutes,
      ...((request.query as { done?: string }).done === 'retried' ? { notice: 'Every undelivered digest has been tried again; the table shows how each went.' } : {}),
    });
  }

  @Post('retry')
  @HttpCode(303)
  async retry(@Res() reply: FastifyReply) {
    await this.witnesses.retryNow();
    return reply.redirect('/admin/witnesses?done=retried', 303);
  }
}
