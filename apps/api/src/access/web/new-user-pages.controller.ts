import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../shared/request-context';
import { Field, FormError, fieldViews, formErrorsOf, requestBodyOf, validatedRequest } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Renderer } from '../../web/renderer';
import { AdministratorsOnly } from '../auth/permissions';
import { CreateUserCommand } from '../commands/create-user/create-user.command';
import { CreateUserRequest } from '../commands/create-user/create-user.request.dto';

const FIELDS: readonly Field[] = [
  { kind: 'text', name: 'name', label: 'Full name' },
  { kind: 'text', name: 'email', label: 'Email address', hint: 'They sign in with it. One account per address' },
  { kind: 'yes-no', name: 'administrator', label: 'Is this person an administrator?', hint: 'An administrator holds every right in every programme and manages users. Most people are not' },
];

/** An administrator adds a person: the API's own request and command, as a form. */
@UseFilters(PageErrorFilter)
@Controller('admin/users/new')
export class NewUserPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @AdministratorsOnly()
  form(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, { administrator: 'no' }, [], 200);
  }

  @Post()
  @AdministratorsOnly()
  async create(@Body() form: Record<string, unknown> | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const values = form ?? {};
    let userId: string;
    try {
      const body = await validatedRequest({ fields: FIELDS, request: CreateUserRequest }, requestBodyOf(FIELDS, values));
      ({ userId } = await this.commands.execute(new CreateUserCommand(body.email, body.name, body.administrator ?? false, context)));
    } catch (error) {
      return this.show(reply, request, values, formErrorsOf(error, FIELDS), 400);
    }
    return reply.redirect(`/admin/users/${userId}?done=user-created`, 303);
  }

  private show(reply: FastifyReply, request: PageRequest, values: Record<string, unknown>, errors: FormError[], status: number) {
    return this.renderer.send(
      reply,
      'pages/form.njk',
      {
        principal: request.principal,
        section: 'users',
        title: 'Add a person',
        caption: 'Users',
        intro: 'They get an account with no password. Set one for them from their page and tell them it, then add them to the programmes they work on.',
        submit: 'Add the person',
        fields: fieldViews(FIELDS, values, errors),
        errors,
        backLink: { href: '/admin/users' },
      },
      status,
    );
  }
}
