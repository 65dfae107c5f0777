import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { normaliseEmail } from '@tracker/domain';
import { AccessDirectory, ProgrammeList } from '@tracker/read-models';
import { CLOCK, Clock } from '../../infrastructure/tokens';
import { TooManyAttemptsError } from '../auth/access-errors';
import { Principal, SESSION_COOKIE } from '../auth/auth.guard';
import { verifyPassword } from '../auth/credentials';
import { Permit, Public } from '../auth/permissions';
import { SessionStore, sameToken } from '../auth/sessions';
import { SignInThrottle } from '../auth/sign-in-throttle';
import { escapeHtml, page } from './page';

/** Before a session exists, the sign-in form is protected by a token that must match a cookie (double submit). */
const SIGN_IN_COOKIE = 'tracker_sign_in';

type SignInForm = { email?: unknown; password?: unknown; _csrf?: unknown };

@Controller()
export class SignInController {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly sessions: SessionStore,
    private readonly throttle: SignInThrottle,
    private readonly programmes: ProgrammeList,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('sign-in')
  @Public()
  showSignIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.signInPage(request, reply, 200);
  }

  @Post('sign-in')
  @Public()
  async signIn(@Body() form: SignInForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!sameToken(typeof form._csrf === 'string' ? form._csrf : undefined, request.cookies[SIGN_IN_COOKIE] ?? '')) {
      return this.signInPage(request, reply, 403, 'This form has expired; please try again.');
    }
    const email = typeof form.email === 'string' ? normaliseEmail(form.email) : '';
    const password = typeof form.password === 'string' ? form.password : '';
    if (email === '' || password === '') return this.signInPage(request, reply, 400, 'Enter your email address and password.', email);
    try {
      this.throttle.check(email, request.ip);
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return this.signInPage(request, reply, 429, `${error.message}.`, email);
    }
    const user = this.directory.userByEmail(email);
    // The same answer whether the email is unknown or the password wrong: neither is revealed.
    if (!user?.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
      this.throttle.failed(email, request.ip);
      return this.signInPage(request, reply, 401, 'The email address or password is not right.', email);
    }
    this.throttle.succeeded(email);
    const sessionId = this.sessions.start(user.id, this.clock());
    void reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: 12 * 3600 });
    void reply.clearCookie(SIGN_IN_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  }

  @Post('sign-out')
  @HttpCode(303)
  @Permit('signed-in')
  signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId !== undefined) this.sessions.end(sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  }

  @Get()
  @Permit('signed-in')
  home(@Req() request: FastifyRequest & { principal: Principal }, @Res() reply: FastifyReply) {
    const { principal } = request;
    const visible = principal.administrator ? undefined : this.directory.programmesOf(principal.userId);
    const items = this.programmes
      .list()
      .filter((p) => visible === undefined || visible.has(p.id))
      .map((p) => `<li>${escapeHtml(p.name)} — go-live ${escapeHtml(p.goLiveDate)}</li>`)
      .join('');
    const body = `<p>Signed in as ${escapeHtml(principal.name)} (${escapeHtml(principal.email)}).</p>
<h2>Programmes</h2><ul>${items || '<li>None yet.</li>'}</ul>
<form method="post" action="/sign-out"><input type="hidden" name="_csrf" value="${escapeHtml(principal.csrfToken ?? '')}"><button type="submit">Sign out</button></form>`;
    return reply.type('text/html; charset=utf-8').send(page('Transition tracker', body));
  }

  private signInPage(request: FastifyRequest, reply: FastifyReply, status: number, error?: string, email = '') {
    const token = request.cookies[SIGN_IN_COOKIE] ?? randomBytes(32).toString('base64url');
    void reply.setCookie(SIGN_IN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
    const body = `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/sign-in" novalidate>
<input type="hidden" name="_csrf" value="${escapeHtml(token)}">
<p><label for="email">Email address</label><br><input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(email)}"></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password"></p>
<p><button type="submit">Sign in</button></p>
</form>`;
    return reply.status(status).type('text/html; charset=utf-8').send(page('Sign in', body));
  }
}
