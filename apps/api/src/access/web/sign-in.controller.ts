import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { normaliseEmail } from '@tracker/domain';
import { AccessDirectory } from '@tracker/read-models';
import { CLOCK, Clock } from '../../infrastructure/tokens';
import { TooManyAttemptsError } from '../auth/access-errors';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { verifyPassword } from '../auth/credentials';
import { Permit, Public } from '../auth/permissions';
import { SessionStore, sameToken } from '../auth/sessions';
import { SignInThrottle } from '../auth/sign-in-throttle';
import { Renderer } from '../../web/renderer';

/** Before a session exists, the sign-in form is protected by a token that must match a cookie (double submit). */
const SIGN_IN_COOKIE = 'tracker_sign_in';

type SignInForm = { email?: unknown; password?: unknown; _csrf?: unknown; next?: unknown };

/** Only a path on this site: never another site, and never `//host`. */
function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/programmes';
}

@Controller()
export class SignInController {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly sessions: SessionStore,
    private readonly throttle: SignInThrottle,
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
    try {
      this.throttle.check(email, request.ip);
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return this.signInPage(request, reply, 429, error.message, email, localPath(form.next));
    }
    const user = this.directory.userByEmail(email);
    // The same answer whether the email is unknown or the password wrong: neither is revealed.
    if (!user?.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
      this.throttle.failed(email, request.ip);
      return this.signInPage(request, reply, 401, 'The email address or password is not right', email, localPath(form.next));
    }
    this.throttle.succeeded(email);
    const sessionId = this.sessions.start(user.id, this.clock());
    void reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: 12 * 3600 });
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
