import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { NotFoundError, PROGRAMME_ROLES, ProgrammeRole } from '@tracker/domain';
import { AccessDirectory } from '@tracker/read-models';
import { Context, RequestContext } from '../../shared/request-context';
import { Field } from '../../shared/forms';
import { Answers, FormPage, FormPages } from '../../web/form-page';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest, programmePageContext } from '../../web/page-context';
import { AdministratorsOnly } from '../auth/permissions';
import { GrantMembershipCommand } from '../commands/grant-membership/grant-membership.command';
import { GrantMembershipRequest } from '../commands/grant-membership/grant-membership.request.dto';
import { RevokeMembershipCommand } from '../commands/revoke-membership/revoke-membership.command';

/** What each role may do, as the member forms say it. */
const ROLE_HINTS: Record<ProgrammeRole, string> = {
  adviser: 'Registers items, records steps, raises and closes findings, writes notes',
  board: 'Takes the board’s decisions: ratings, SLA recommendations, risk acceptances, go / no-go',
  auditor: 'Reads everything, the audit trail included, and writes nothing',
};
const roleField = (label: string): Field => ({
  kind: 'radios',
  name: 'role',
  label,
  choices: PROGRAMME_ROLES.map((value) => ({ value, text: value.charAt(0).toUpperCase() + value.slice(1), hint: ROLE_HINTS[value] })),
});

/**
 * Who may act in a programme, as pages: its members with their roles, and an administrator's
 * forms to add one, change a role and remove one. Each dispatches the API's own command
 * (GrantMembership, RevokeMembership), so the page records exactly what the API records.
 */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId/members')
export class MemberPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
    private readonly directory: AccessDirectory,
  ) {}

  @Get()
  @AdministratorsOnly()
  async members(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { programme } = await this.forms.present(p);
    const members = this.memberViews(p);
    return this.forms.send(reply, 'pages/members.njk', { ...programmePageContext(request, p), title: 'Members', caption: programme.name, members });
  }

  @Get('new')
  @AdministratorsOnly()
  async addForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.addPage(p));
  }

  @Post('new')
  @AdministratorsOnly()
  async add(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.addPage(p), form, async (body: GrantMembershipRequest) => {
      await this.commands.execute(new GrantMembershipCommand(p, body.userId, body.role, context));
      return `/programmes/${p}/members?done=member-added`;
    });
  }

  @Get(':userId/role')
  @AdministratorsOnly()
  async roleForm(@Param('programmeId') p: string, @Param('userId') u: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.rolePage(p, u);
    return this.forms.show(reply, request, p, page, page.defaults);
  }

  @Post(':userId/role')
  @AdministratorsOnly()
  async changeRole(@Param('programmeId') p: string, @Param('userId') u: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.rolePage(p, u), form, async (body: GrantMembershipRequest) => {
      await this.commands.execute(new GrantMembershipCommand(p, u, body.role, context));
      return `/programmes/${p}/members?done=role-changed`;
    });
  }

  @Get(':userId/remove')
  @AdministratorsOnly()
  async removeForm(@Param('programmeId') p: string, @Param('userId') u: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.removePage(p, u));
  }

  @Post(':userId/remove')
  @AdministratorsOnly()
  async remove(@Param('programmeId') p: string, @Param('userId') u: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.removePage(p, u), form, async () => {
      await this.commands.execute(new RevokeMembershipCommand(p, u, context));
      return `/programmes/${p}/members?done=member-removed`;
    });
  }

  // What each form is.

  private async addPage(programmeId: string): Promise<FormPage<GrantMembershipRequest>> {
    const { programme } = await this.forms.present(programmeId);
    const members = new Set(this.directory.members(programmeId).map((m) => m.userId));
    // Administrators hold every right already; disabled accounts cannot act.
    const candidates = this.directory.users().filter((u) => !members.has(u.id) && !u.administrator && !u.disabled);
    return {
      spec: {
        fields: [
          { kind: 'select', name: 'userId', label: 'Person', hint: 'Someone with an account who is not a member yet. An administrator adds new people on the Users page', choices: candidates.map((u) => ({ value: u.id, text: `${u.name} (${u.email})` })) },
          roleField('Role in this programme'),
        ],
        request: GrantMembershipRequest,
      },
      title: 'Add a member',
      caption: programme.name,
      intro: candidates.length === 0 ? 'Everyone with an account is a member already, or an administrator. Add the person on the Users page first.' : undefined,
      submit: 'Add the member',
      back: `/programmes/${programmeId}/members`,
    };
  }

  private async rolePage(programmeId: string, userId: string): Promise<FormPage<GrantMembershipRequest> & { defaults: Answers }> {
    const { programme } = await this.forms.present(programmeId);
    const member = this.memberOf(programmeId, userId);
    return {
      spec: { fields: [roleField(`${member.name}’s role`)], request: GrantMembershipRequest },
      title: `Change ${member.name}’s role`,
      caption: programme.name,
      intro: `${member.name} is now ${aRole(member.role)}. The change takes effect at once and is recorded with who made it.`,
      submit: 'Change the role',
      back: `/programmes/${programmeId}/members`,
      requestOf: (answers) => ({ ...answers, userId }),
      defaults: { role: member.role },
    };
  }

  private async removePage(programmeId: string, userId: string): Promise<FormPage<Answers>> {
    const { programme } = await this.forms.present(programmeId);
    const member = this.memberOf(programmeId, userId);
    return {
      spec: { fields: [], request: Object as unknown as new () => Answers },
      title: `Remove ${member.name} from this programme`,
      caption: programme.name,
      intro: `${member.name} (${member.email}), ${aRole(member.role)}, will no longer see or change this programme. What they recorded stays in its history. Their account stays; an administrator can add them again.`,
      submit: 'Remove them',
      back: `/programmes/${programmeId}/members`,
    };
  }

  private memberViews(programmeId: string) {
    return this.directory.members(programmeId).map(({ userId, role }) => {
      const user = this.directory.userById(userId);
      return { userId, role, name: user?.name ?? userId, email: user?.email ?? '', disabled: user?.disabled ?? false };
    });
  }

  private memberOf(programmeId: string, userId: string) {
    const member = this.memberViews(programmeId).find((m) => m.userId === userId);
    if (!member) throw new NotFoundError('member', userId);
    return member;
  }
}

const aRole = (role: ProgrammeRole) => (role === 'adviser' || role === 'auditor' ? `an ${role}` : 'a board member');
