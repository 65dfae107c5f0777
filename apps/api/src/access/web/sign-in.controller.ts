import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { normaliseEmail } from '@tracker/domain';
import { AccessDirectory } from '@tracker/read-models';
import { CLOCK, Clock } from '../../infrastructure/tokens';
import { PasswordCheckBusyError, TooManyAttemptsError } from '../auth/access-errors';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { PasswordChecker } from '../auth/credentials';
import { Permit, Public } from '../auth/permissions';
import { SESSION_HOURS, SessionStore, sameToken } from '../auth/sessions';
import { SignInAttempt, SignInThrottle } from '../auth/sign-in-throttle';
import { Renderer } from '../../web/renderer';

/** Before a session exists, the sign-in form is protected by a token that must match a cookie (double submit). */
const SIGN_IN_COOKIE = 'tracker_sign_in';

type SignInForm = { email?: unknown; password?: unknown; _csrf?: unknown; next?: unknown };

/**
 * Only a path on this site: never another site, never `//host`, and only printable ASCII, so
 * nothing in it can break the Location header (a control character there used to answer 500).
 */
function localPath(next: unknown): string {
  return typeof next === 'string' && next.length <= 2000 && /^\/(?!\/)[!-[\]-~]*$/.test(next) ? next : '/programmes';
}

@Controller()
export class SignInController {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly sessions: SessionStore,
    private readonly throttle: SignInThrottle,
    private readonly passwords: PasswordChecker,
    private readonly renderer: Renderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('sign-in')
  @Public()
  showSignIn(@Query('next') next: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.signInPage(request, reply, 200, undefined, '', localPath(next));
  }

  @Post('sign-in')
  @Public()
  async signIn(@Body() form: SignInForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!sameToken(typeof form._csrf === 'string' ? form._csrf : undefined, request.cookies[SIGN_IN_COOKIE] ?? '')) {
      return this.signInPage(request, reply, 403, 'This form has expired; please try again.', '', localPath(form.next));
    }
    const email = typeof form.email === 'string' ? normaliseEmail(form.email) : '';
    const password = typeof form.password === 'string' ? form.password : '';
    if (email === '' || password === '') return this.signInPage(request, reply, 400, 'Enter your email address and password', email, localPath(form.next));
    // The attempt is counted before the password is hashed, so guesses sent at once cannot all get through.
    let attempt: SignInAttempt | undefined;
    let right: boolean;
    const user = this.directory.userByEmail(email);
    try {
      attempt = this.throttle.reserve(email, request.ip);
      // The same work and the same answer whether the email is unknown or the password wrong: neither is revealed.
      right = await this.passwords.check(password, user?.passwordHash);
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError || error instanceof PasswordCheckBusyError)) throw error;
      // A check that never ran is no failure of the owner's.
      if (error instanceof PasswordCheckBusyError) attempt?.notChecked();
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return this.signInPage(request, reply, error instanceof TooManyAttemptsError ? 429 : 503, error.message, email, localPath(form.next));
    }
    // Looked up again: a password reset (or the account disabled) while the hash ran must not let the old one in.
    // A disabled account gets the wrong password's answer: the form does not tell who has been disabled.
    const current = this.directory.userByEmail(email);
    if (!user || !right || !current || current.disabled || current.passwordHash !== user.passwordHash) {
      return this.signInPage(request, reply, 401, 'The email address or password is not right', email, localPath(form.next));
    }
    attempt.succeeded();
    const sessionId = this.sessions.start(user.id, this.clock());
    void reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: SESSION_HOURS * 3600 });
    void reply.clearCookie(SIGN_IN_COOKIE, { path: '/' });
    return reply.redirect(localPath(form.next), 303);
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
  home(@Res() reply: FastifyReply) {
    return reply.redirect('/programmes', 303);
  }

  private signInPage(request: FastifyRequest, reply: FastifyReply, status: number, error?: string, email = '', next = '/programmes') {
    const token = request.cookies[SIGN_IN_COOKIE] ?? randomBytes(32).toString('base64url');
    void reply.setCookie(SIGN_IN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
    const errors = error ? [{ text: error, href: '#email' }] : [];
    return this.renderer.send(reply, 'pages/sign-in.njk', { title: 'Sign in', errors, email, signInToken: token, next }, status);
  }
}
