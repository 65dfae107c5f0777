import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { SESSION_HOURS } from '@tracker/read-models';
import { Public } from '../access/auth/permissions';
import { PageErrorFilter, whoIsLooking } from './page-error.filter';
import { Renderer } from './renderer';
import type { PageRequest } from './page-context';

/** The pages every GOV.UK service links from its footer: cookies, privacy and accessibility. Anyone may read them, signed in or not. */
@UseFilters(PageErrorFilter)
@Controller()
export class ServicePagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly modules: ModuleRef,
  ) {}

  @Get('cookies')
  @Public()
  cookies(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, 'pages/cookies.njk', 'Cookies', { sessionHours: SESSION_HOURS });
  }

  @Get('privacy')
  @Public()
  privacy(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, 'pages/privacy.njk', 'Privacy notice');
  }

  @Get('accessibility')
  @Public()
  accessibility(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, 'pages/accessibility.njk', 'Accessibility statement');
  }

  /** Signed in, the header shows who; not signed in, the page is the same without it. */
  private page(request: PageRequest, reply: FastifyReply, view: string, title: string, context: Record<string, unknown> = {}) {
    return this.renderer.send(reply, view, { title, principal: whoIsLooking(this.modules, request), section: 'service', ...context });
  }
}
