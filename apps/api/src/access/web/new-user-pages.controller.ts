import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../shared/request-context';
import { Field } from '../../shared/forms';
import { Answers, FormPage, FormPages } from '../../web/form-page';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { AdministratorsOnly } from '../auth/permissions';
import { CreateUserCommand } from '../commands/create-user/create-user.command';
import { CreateUserRequest } from '../commands/create-user/create-user.request.dto';

const FIELDS: readonly Field[] = [
  { kind: 'text', name: 'name', label: 'Full name' },
  { kind: 'text', name: 'email', label: 'Email address', hint: 'They sign in with it. One account per address' },
  { kind: 'yes-no', name: 'administrator', label: 'Is this person an administrator?', missing: 'Select yes if this person is an administrator', hint: 'An administrator holds every right in every programme and manages users. Most people are not' },
];

const PAGE: FormPage<CreateUserRequest> = {
  spec: { fields: FIELDS, request: CreateUserRequest },
  title: 'Add a person',
  caption: 'Users',
  intro: 'They get an account with no password. Set one for them from their page and tell them it, then add them to the programmes they work on.',
  submit: 'Add the person',
  back: '/admin/users',
  defaults: { administrator: 'no' },
};
const USERS = { section: 'users' };

/** An administrator adds a person: the API's own request and command, as a form. */
@UseFilters(PageErrorFilter)
@Controller('admin/users/new')
export class NewUserPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @AdministratorsOnly()
  form(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, USERS, PAGE);
  }

  @Post()
  @AdministratorsOnly()
  create(@Body() form: Answers | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, USERS, PAGE, form, async (body) => {
      const { userId } = await this.commands.execute(new CreateUserCommand(body.email, body.name, body.administrator ?? false, context));
      return `/admin/users/${userId}?done=user-created`;
    });
  }
}
