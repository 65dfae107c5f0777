import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { IllegalStateError, NotFoundError } from '@tracker/domain';
import { IssueCalendarFeedCommand, RevokeCalendarFeedCommand } from '../commands/calendar-feed/calendar-feed';
import { SetRemindersCommand, SetRemindersRequest } from '../../reminders/reminders.http.controller';
import { AccessDirectory, ProgrammeList, TokenRow, UserRow } from '@tracker/read-models';
import { CLOCK, Clock } from '../../infrastructure/tokens';
import { Context, RequestContext } from '../../shared/request-context';
import { Field, FormError, answersOf, dateInputItems, formErrorsOf, validatedRequest } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Renderer } from '../../web/renderer';
import { PasswordCheckBusyError, TooManyAttemptsError } from '../auth/access-errors';
import { actorOf } from '../auth/auth.guard';
import { Caller } from '../auth/current-password';
import { AdministratorsOnly, Permit } from '../auth/permissions';
import { SessionStore } from '../auth/sessions';
import { ACCOUNT_ACTIONS, AccountAction, AdministerUserCommand, EndUserSessionCommand } from '../commands/administer-user/administer-user';
import { IssueApiTokenCommand } from '../commands/issue-api-token/issue-api-token.command';
import { IssueApiTokenRequest } from '../commands/issue-api-token/issue-api-token.request.dto';
import { RevokeApiTokenCommand } from '../commands/revoke-api-token/revoke-api-token.command';
import { SetPasswordCommand } from '../commands/set-password/set-password.command';
import { SetPasswordRequest } from '../commands/set-password/set-password.request.dto';

type Answers = Record<string, unknown>;

const CURRENT: Field = { kind: 'text', name: 'currentPassword', label: 'Current password' };
const NEW_PASSWORD: Field = { kind: 'text', name: 'password', label: 'New password' };
const EXPIRES: Field = { kind: 'date', name: 'expiresAt', label: 'Expiry date' };

/** What was done, told on the page the form went on to (?done=…); only these words. */
const NOTICES: Record<string, string> = {
  'portfolio-access': 'The portfolio access has been saved.',
  'user-created': 'The account has been created, with no password. Set one below, then add them to their programmes from each programme’s Members page.',
  password: 'Your password has been changed. Your other sessions have ended; your API tokens still work.',
  'token-revoked': 'The API token has been revoked: it no longer works.',
  'sessions-ended': 'The sessions have ended.',
  'session-ended': 'The session has ended.',
  reset: 'The password has been reset. Every API token of the user has been revoked and every session has ended.',
  disable: 'The account has been disabled: its tokens and sessions no longer work and it cannot sign in.',
  enable: 'The account has been enabled again.',
  'grant-administrator': 'The user is now an administrator.',
  'remove-administrator': 'The user is no longer an administrator.',
  'end-sessions': 'Every session of the user has ended.',
  reminders: 'Your email reminders have been changed.',
  'calendar-revoked': 'Your calendar feed has stopped: its address no longer answers. Calendars subscribed to it keep what they last read.',
};

/** Each account action as its confirmation page words it. */
const CONFIRMATIONS: Record<AccountAction, { title: (name: string) => string; warning: string; button: string }> = {
  'end-sessions': { title: (n) => `End every session of ${n}`, warning: 'They will have to sign in again in every browser. Their API tokens keep working.', button: 'End every session' },
  disable: { title: (n) => `Disable ${n}`, warning: 'Their API tokens and sessions stop working at once and they cannot sign in until the account is enabled again.', button: 'Disable the account' },
  enable: { title: (n) => `Enable ${n} again`, warning: 'They can sign in again, and their API tokens that have not expired or been revoked work again.', button: 'Enable the account' },
  'grant-administrator': { title: (n) => `Make ${n} an administrator`, warning: 'An administrator holds every right in every programme and can manage every account.', button: 'Grant administrator rights' },
  'remove-administrator': { title: (n) => `Remove ${n}’s administrator rights`, warning: 'They keep their roles in programmes they are a member of.', button: 'Remove administrator rights' },
};

const callerOf = (request: PageRequest): Caller => ({ by: actorOf(request.principal), address: request.ip });

/**
 * Your own account (/account), and the administrators' pages for every account (/admin/users).
 * Every form dispatches the same command as its API route; a refusal comes back as the GOV.UK
 * error summary with nothing recorded.
 */
@UseFilters(PageErrorFilter)
@Controller()
export class AccountPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly commands: CommandBus,
    private readonly directory: AccessDirectory,
    private readonly programmes: ProgrammeList,
    private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Your account.

  @Get('account')
  @Permit('signed-in')
  account(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.accountPage(request, reply, {});
  }

  @Post('account/password')
  @Permit('signed-in')
  async changePassword(@Body() form: Answers | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { userId } = request.principal;
    const body = answers(form, ['currentPassword', 'password']);
    try {
      const valid = await validatedRequest({ fields: [CURRENT, NEW_PASSWORD], request: SetPasswordRequest }, body);
      await this.commands.execute(new SetPasswordCommand(userId, valid.password, context, callerOf(request), valid.currentPassword));
    } catch (error) {
      const errors = refusal(error, [CURRENT, NEW_PASSWORD]);
      return this.accountPage(request, reply, { passwordErrors: errors }, errors.status ?? 400);
    }
    return reply.redirect('/account?done=password', 303);
  }

  /** The new token is shown on the answer to this form, once: it is kept nowhere. */
  @Post('account/tokens')
  @Permit('signed-in')
  async issueToken(@Body() form: Answers | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { body: dated, unreadable } = answersOf([EXPIRES], form ?? {});
    const body = { ...answers(form, ['currentPassword']), ...dated };
    try {
      const valid = await validatedRequest({ fields: [CURRENT, EXPIRES], request: IssueApiTokenRequest }, body, unreadable);
      const issued = await this.commands.execute(new IssueApiTokenCommand(request.principal.userId, valid.expiresAt, context, callerOf(request), valid.currentPassword));
      return this.accountPage(request, reply, { issued: { token: issued.token, expiresAt: issued.expiresAt } }, 201);
    } catch (error) {
      // This form's current-password box has its own id: the summary must lead to it, not to the other form's.
      const refused = refusal(error, [CURRENT, EXPIRES]);
      const errors = Object.assign(
        refused.map((e) => (e.href === '#currentPassword' ? { ...e, href: '#tokenCurrentPassword' } : e)),
        { status: refused.status },
      );
      return this.accountPage(request, reply, { tokenErrors: errors, expiresAt: dateInputItems(form ?? {}, EXPIRES.name, errors.some((e) => e.field === EXPIRES.name)) }, errors.status ?? 400);
    }
  }

  @Get('account/tokens/:tokenId/revoke')
  @Permit('signed-in')
  revokeOwnTokenForm(@Param('tokenId') tokenId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.confirmPage(request, reply, this.ownTokenConfirmation(request, tokenId));
  }

  @Post('account/tokens/:tokenId/revoke')
  @Permit('signed-in')
  async revokeOwnToken(@Param('tokenId') tokenId: string, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const confirmation = this.ownTokenConfirmation(request, tokenId);
    return this.confirmed(request, reply, confirmation, () => this.commands.execute(new RevokeApiTokenCommand(request.principal.userId, tokenId, context, actorOf(request.principal))), '/account?done=token-revoked');
  }

  /** Email reminders: whether, and for which owners; the API's own request and command. */
  @Post('account/reminders')
  @Permit('signed-in')
  async setReminders(@Body() form: Answers | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { body, unreadable } = answersOf(REMINDER_FIELDS, form ?? {});
    try {
      const valid = await validatedRequest({ fields: REMINDER_FIELDS, request: SetRemindersRequest }, { owns: [], ...body }, unreadable);
      await this.commands.execute(new SetRemindersCommand(request.principal.userId, valid, context, actorOf(request.principal)));
    } catch (error) {
      const errors = refusal(error, REMINDER_FIELDS);
      return this.accountPage(request, reply, { reminderErrors: errors, reminderAnswers: form ?? {} }, errors.status ?? 400);
    }
    return reply.redirect('/account?done=reminders#reminders', 303);
  }

  /** A new calendar address, shown on this answer once; the one before stops answering. */
  @Post('account/calendar-feed')
  @Permit('signed-in')
  async issueCalendarFeed(@Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const issued = await this.commands.execute(new IssueCalendarFeedCommand(request.principal.userId, context, actorOf(request.principal)));
    const fastify = request as unknown as { protocol: string; host: string };
    return this.accountPage(request, reply, { calendarUrl: `${fastify.protocol}://${fastify.host}${issued.path}` }, 201);
  }

  @Get('account/calendar-feed/revoke')
  @Permit('signed-in')
  revokeCalendarFeedForm(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.confirmPage(request, reply, CALENDAR_REVOKE);
  }

  @Post('account/calendar-feed/revoke')
  @Permit('signed-in')
  async revokeCalendarFeed(@Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.confirmed(request, reply, CALENDAR_REVOKE, () => this.commands.execute(new RevokeCalendarFeedCommand(request.principal.userId, context, actorOf(request.principal))), '/account?done=calendar-revoked');
  }

  @Get('account/sessions/end')
  @Permit('signed-in')
  signOutElsewhereForm(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.confirmPage(request, reply, this.signOutElsewhere());
  }

  @Post('account/sessions/end')
  @Permit('signed-in')
  async signOutElsewhere_(@Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { userId } = request.principal;
    return this.confirmed(request, reply, this.signOutElsewhere(), () => this.commands.execute(new AdministerUserCommand(userId, 'end-sessions', context, actorOf(request.principal))), '/account?done=sessions-ended');
  }

  // Every account, for administrators.

  @Get('admin/users')
  @AdministratorsOnly()
  users(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    const users = this.directory.users();
    return this.renderer.send(reply, 'pages/admin-users.njk', { principal: request.principal, section: 'users', title: 'Users', users });
  }

  @Get('admin/users/:userId')
  @AdministratorsOnly()
  user(@Param('userId') userId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.userPage(request, reply, userId);
  }

  /** A token for someone else (an automation account, say), shown once on the answer: kept nowhere. */
  @Post('admin/users/:userId/tokens')
  @AdministratorsOnly()
  async issueTokenFor(@Param('userId') userId: string, @Body() form: Answers | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    this.userOf(userId);
    const { body, unreadable } = answersOf([EXPIRES], form ?? {});
    try {
      const valid = await validatedRequest({ fields: [EXPIRES], request: IssueApiTokenRequest }, body, unreadable);
      const issued = await this.commands.execute(new IssueApiTokenCommand(userId, valid.expiresAt, context, callerOf(request)));
      return this.userPage(request, reply, userId, { issued: { token: issued.token, expiresAt: issued.expiresAt } }, 201);
    } catch (error) {
      const errors = refusal(error, [EXPIRES]);
      return this.userPage(request, reply, userId, { errors, tokenErrors: byField(errors), expiresAt: dateInputItems(form ?? {}, EXPIRES.name, errors.some((e) => e.field === EXPIRES.name)) }, errors.status ?? 400);
    }
  }

  private userPage(request: PageRequest, reply: FastifyReply, userId: string, extra: Record<string, unknown> = {}, status = 200) {
    const user = this.userOf(userId);
    const memberships = this.directory.membershipsOf(userId).map((m) => ({ ...m, name: this.programmes.get(m.programmeId)?.name ?? m.programmeId }));
    return this.renderer.send(reply, 'pages/admin-user.njk', {
      principal: request.principal,
      section: 'users',
      title: user.name,
      user,
      self: user.id === request.principal.userId,
      memberships,
      portfolioScope: this.directory.portfolioScopeOf(userId),
      tokens: this.tokenViews(this.directory.tokensOf(userId)),
      revokeBase: `/admin/users/${userId}/tokens`,
      sessions: this.sessions.listOf(userId, this.clock()).map((s) => ({ ...s, current: s.ref === request.principal.sessionRef })),
      endBase: `/admin/users/${userId}/sessions`,
      notice: NOTICES[(request.query as { done?: string }).done ?? ''],
      backLink: { href: '/admin/users', text: 'All users' },
      tokenErrors: {},
      ...extra,
    }, status);
  }

  @Get('admin/users/:userId/password')
  @AdministratorsOnly()
  resetPasswordForm(@Param('userId') userId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.resetPage(request, reply, this.userOf(userId));
  }

  @Post('admin/users/:userId/password')
  @AdministratorsOnly()
  async resetPassword(@Param('userId') userId: string, @Body() form: Answers | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const user = this.userOf(userId);
    // Your own password is changed on your account page, with your current one.
    if (user.id === request.principal.userId) return reply.redirect('/account', 303);
    try {
      const valid = await validatedRequest({ fields: [NEW_PASSWORD], request: SetPasswordRequest }, answers(form, ['password']));
      await this.commands.execute(new SetPasswordCommand(userId, valid.password, context, callerOf(request)));
    } catch (error) {
      return this.resetPage(request, reply, user, refusal(error, [NEW_PASSWORD]));
    }
    return reply.redirect(`/admin/users/${userId}?done=reset`, 303);
  }

  @Get('admin/users/:userId/tokens/:tokenId/revoke')
  @AdministratorsOnly()
  revokeTokenForm(@Param('userId') userId: string, @Param('tokenId') tokenId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.confirmPage(request, reply, this.tokenConfirmation(this.userOf(userId), tokenId));
  }

  @Post('admin/users/:userId/tokens/:tokenId/revoke')
  @AdministratorsOnly()
  async revokeToken(@Param('userId') userId: string, @Param('tokenId') tokenId: string, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const confirmation = this.tokenConfirmation(this.userOf(userId), tokenId);
    return this.confirmed(request, reply, confirmation, () => this.commands.execute(new RevokeApiTokenCommand(userId, tokenId, context, actorOf(request.principal))), `/admin/users/${userId}?done=token-revoked`);
  }

  @Get('admin/users/:userId/sessions/:sessionRef/end')
  @AdministratorsOnly()
  endSessionForm(@Param('userId') userId: string, @Param('sessionRef') ref: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.confirmPage(request, reply, this.sessionConfirmation(this.userOf(userId), ref));
  }

  @Post('admin/users/:userId/sessions/:sessionRef/end')
  @AdministratorsOnly()
  async endSession(@Param('userId') userId: string, @Param('sessionRef') ref: string, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const confirmation = this.sessionConfirmation(this.userOf(userId), ref);
    return this.confirmed(request, reply, confirmation, () => this.commands.execute(new EndUserSessionCommand(userId, ref, context, actorOf(request.principal))), `/admin/users/${userId}?done=session-ended`);
  }

  @Get('admin/users/:userId/:action')
  @AdministratorsOnly()
  actionForm(@Param('userId') userId: string, @Param('action') action: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.confirmPage(request, reply, this.actionConfirmation(this.userOf(userId), action));
  }

  @Post('admin/users/:userId/:action')
  @AdministratorsOnly()
  async act(@Param('userId') userId: string, @Param('action') action: string, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const confirmation = this.actionConfirmation(this.userOf(userId), action);
    return this.confirmed(
      request,
      reply,
      confirmation,
      () => this.commands.execute(new AdministerUserCommand(userId, action as AccountAction, context, actorOf(request.principal))),
      `/admin/users/${userId}?done=${action}`,
    );
  }

  // The pages.

  private accountPage(request: PageRequest, reply: FastifyReply, extra: AccountExtra, status = 200) {
    const { userId, sessionRef } = request.principal;
    const user = this.userOf(userId);
    const errors = [...(extra.passwordErrors ?? []), ...(extra.tokenErrors ?? []), ...(extra.reminderErrors ?? [])];
    const reminders = this.directory.remindersOf(userId);
    return this.renderer.send(
      reply,
      'pages/account.njk',
      {
        principal: request.principal,
        section: 'account',
        title: 'Your account',
        user,
        viaSession: request.principal.via === 'session',
        tokens: this.tokenViews(this.directory.tokensOf(userId)),
        revokeBase: '/account/tokens',
        sessions: this.sessions.listOf(userId, this.clock()).map((s) => ({ ...s, current: s.ref === sessionRef })),
        notice: errors.length > 0 ? undefined : NOTICES[(request.query as { done?: string }).done ?? ''],
        errors,
        passwordErrors: byField(extra.passwordErrors),
        tokenErrors: byField(extra.tokenErrors),
        issued: extra.issued,
        expiresAt: extra.expiresAt,
        calendarFeed: this.directory.calendarFeedOf(userId),
        reminders: extra.reminderAnswers
          ? { email: extra.reminderAnswers.email === 'yes', owns: String(extra.reminderAnswers.owns ?? '') }
          : { email: reminders.email, owns: reminders.owns.join('\n') },
        reminderErrors: byField(extra.reminderErrors),
        calendarUrl: extra.calendarUrl,
      },
      status,
    );
  }

  private resetPage(request: PageRequest, reply: FastifyReply, user: UserRow, errors: FormError[] = []) {
    return this.renderer.send(
      reply,
      'pages/admin-reset-password.njk',
      { principal: request.principal, section: 'users', title: `Reset the password of ${user.name}`, user, errors, fieldErrors: byField(errors), backLink: { href: `/admin/users/${user.id}` } },
      errors.length > 0 ? 400 : 200,
    );
  }

  private confirmPage(request: PageRequest, reply: FastifyReply, confirmation: Confirmation, errors: FormError[] = [], status = 200) {
    return this.renderer.send(reply, 'pages/account-confirm.njk', { principal: request.principal, ...confirmation, errors, backLink: { href: confirmation.back } }, status);
  }

  /** Does what was confirmed and goes on; a refusal (the last administrator, say) comes back on the same page, with nothing recorded. */
  private async confirmed(request: PageRequest, reply: FastifyReply, confirmation: Confirmation, act: () => Promise<unknown>, next: string) {
    try {
      await act();
    } catch (error) {
      if (!(error instanceof IllegalStateError)) throw error;
      return this.confirmPage(request, reply, confirmation, [{ field: '', text: sentence(error.message), href: '#confirm' }], 409);
    }
    return reply.redirect(next, 303);
  }

  private userOf(userId: string): UserRow {
    const user = this.directory.userById(userId);
    if (!user) throw new NotFoundError('user', userId);
    return user;
  }

  private tokenViews(tokens: TokenRow[]) {
    const now = this.clock();
    return tokens.map((token) => ({ ...token, status: token.revoked ? (token.revokedReason === 'password-reset' ? 'Revoked (password reset)' : 'Revoked') : token.expiresAt <= now ? 'Expired' : 'Active', live: !token.revoked && token.expiresAt > now }));
  }

  private ownTokenConfirmation(request: PageRequest, tokenId: string): Confirmation {
    if (!this.directory.tokensOf(request.principal.userId).some((t) => t.id === tokenId)) throw new NotFoundError('API token', tokenId);
    return { section: 'account', title: 'Revoke this API token', warning: `Token ${tokenId} stops working from the next request on. This cannot be undone.`, button: 'Revoke the token', back: '/account' };
  }

  private signOutElsewhere(): Confirmation {
    return { section: 'account', title: 'Sign out everywhere else', warning: 'Every other browser signed in as you is signed out. This one stays signed in; your API tokens keep working.', button: 'Sign out everywhere else', back: '/account' };
  }

  private tokenConfirmation(user: UserRow, tokenId: string): Confirmation {
    if (!this.directory.tokensOf(user.id).some((t) => t.id === tokenId)) throw new NotFoundError('API token', tokenId);
    return { section: 'users', title: `Revoke an API token of ${user.name}`, warning: `Token ${tokenId} stops working from the next request on. This cannot be undone.`, button: 'Revoke the token', back: `/admin/users/${user.id}` };
  }

  private sessionConfirmation(user: UserRow, ref: string): Confirmation {
    if (!this.sessions.has(user.id, ref, this.clock())) throw new NotFoundError('session', ref);
    return { section: 'users', title: `End a session of ${user.name}`, warning: `The browser signed in with session ${ref} will have to sign in again.`, button: 'End the session', back: `/admin/users/${user.id}` };
  }

  private actionConfirmation(user: UserRow, action: string): Confirmation {
    if (!(ACCOUNT_ACTIONS as readonly string[]).includes(action)) throw new NotFoundError('page', action);
    const words = CONFIRMATIONS[action as AccountAction];
    return { section: 'users', title: words.title(user.name), warning: words.warning, button: words.button, back: `/admin/users/${user.id}` };
  }
}

interface AccountExtra {
  readonly passwordErrors?: FormError[];
  readonly tokenErrors?: FormError[];
  /** A token just issued: shown on this answer only. */
  readonly issued?: { readonly token: string; readonly expiresAt: string };
  readonly expiresAt?: unknown;
  /** A calendar address just issued: shown on this answer only. */
  readonly calendarUrl?: string;
  readonly reminderErrors?: FormError[];
  readonly reminderAnswers?: Answers;
}

interface Confirmation {
  readonly section: string;
  readonly title: string;
  readonly warning: string;
  readonly button: string;
  readonly back: string;
}

const REMINDER_FIELDS: readonly Field[] = [
  { kind: 'yes-no', name: 'email', label: 'Send me email reminders?', missing: 'Select yes to be sent email reminders' },
  { kind: 'lines', name: 'owns', label: 'The owners you answer for', hint: 'As items, findings and conditions name them, one on each line. For example, Council HR — payroll lead' },
];

const CALENDAR_REVOKE: Confirmation = {
  section: 'account',
  title: 'Stop your calendar feed',
  warning: 'Its address stops answering at once: calendars subscribed to it keep what they last read, and get nothing new. You can get a new address afterwards.',
  button: 'Stop the calendar feed',
  back: '/account',
};

/** Only the named fields of a form, as the JSON body the API takes (empty ones left out). */
function answers(form: Answers | undefined, names: readonly string[]): Answers {
  const body: Answers = {};
  for (const name of names) {
    const value = form?.[name];
    if (typeof value === 'string' && value !== '') body[name] = value;
  }
  return body;
}

/** A refusal as the error summary; the throttle's and the busy pool's words are about the current password. */
function refusal(error: unknown, fields: readonly Field[]): FormError[] & { status?: number } {
  if (error instanceof TooManyAttemptsError || error instanceof PasswordCheckBusyError) {
    return Object.assign([{ field: 'currentPassword', text: error.message, href: '#currentPassword' }], { status: error instanceof TooManyAttemptsError ? 429 : 503 });
  }
  // In GOV.UK's words on the page; the API's answer says why it is asked (a browser session).
  return formErrorsOf(error, fields).map((e) => (e.field === 'currentPassword' && /^Current password is required/.test(e.text) ? { ...e, text: 'Enter your current password' } : e));
}

function byField(errors: readonly FormError[] | undefined): Record<string, { text: string }> {
  return Object.fromEntries((errors ?? []).filter((e) => e.field).map((e) => [e.field, { text: e.text }]));
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
