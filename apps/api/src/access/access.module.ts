import { CalendarFeedHttpController, IssueCalendarFeedHandler, RevokeCalendarFeedHandler } from './commands/calendar-feed/calendar-feed';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard, Authenticator } from './auth/auth.guard';
import { SignInThrottle } from './auth/sign-in-throttle';
import { PasswordChecker } from './auth/credentials';
import { Config } from '../config/config';
import type Database from 'better-sqlite3';
import { CONFIG, READ_STORE } from '../infrastructure/tokens';
import { SessionStore } from './auth/sessions';
import { AccessBootstrap } from './bootstrap/access-bootstrap';
import { CreateUserHttpController } from './commands/create-user/create-user.http.controller';
import { CreateUserHandler } from './commands/create-user/create-user.handler';
import { GrantMembershipHttpController } from './commands/grant-membership/grant-membership.http.controller';
import { GrantMembershipHandler } from './commands/grant-membership/grant-membership.handler';
import { IssueApiTokenHttpController } from './commands/issue-api-token/issue-api-token.http.controller';
import { IssueApiTokenHandler } from './commands/issue-api-token/issue-api-token.handler';
import { RevokeApiTokenHttpController } from './commands/revoke-api-token/revoke-api-token.http.controller';
import { RevokeApiTokenHandler } from './commands/revoke-api-token/revoke-api-token.handler';
import { RevokeMembershipHttpController } from './commands/revoke-membership/revoke-membership.http.controller';
import { RevokeMembershipHandler } from './commands/revoke-membership/revoke-membership.handler';
import { SetPasswordHttpController } from './commands/set-password/set-password.http.controller';
import { SetPasswordHandler } from './commands/set-password/set-password.handler';
import { ListMembersHttpController } from './queries/list-members/list-members.http.controller';
import { ListUsersHttpController } from './queries/list-users/list-users.http.controller';
import { WhoAmIHttpController } from './queries/who-am-i/who-am-i.http.controller';
import { SignInController } from './web/sign-in.controller';
import { AccountPagesController } from './web/account-pages.controller';
import { CurrentPasswordCheck } from './auth/current-password';
import { AdministerUserHttpController } from './commands/administer-user/administer-user.http.controller';
import { AdministerUserHandler, EndUserSessionHandler } from './commands/administer-user/administer-user';
import { UserAccountHttpController } from './queries/user-account/user-account.http.controller';
import { RendererModule } from '../web/renderer.module';

/** Who may do what: users, tokens, memberships, sign-in, and the guard every request passes. */
@Module({
  imports: [CqrsModule, RendererModule],
  controllers: [
    CalendarFeedHttpController,
    CreateUserHttpController,
    SetPasswordHttpController,
    IssueApiTokenHttpController,
    RevokeApiTokenHttpController,
    GrantMembershipHttpController,
    RevokeMembershipHttpController,
    ListUsersHttpController,
    WhoAmIHttpController,
    ListMembersHttpController,
    AdministerUserHttpController,
    UserAccountHttpController,
    SignInController,
    AccountPagesController,
  ],
  providers: [
    IssueCalendarFeedHandler,
    RevokeCalendarFeedHandler,
    // Browser sessions, kept in the read store beside the projections (sign-in and the auth guard use them).
    { provide: SessionStore, inject: [READ_STORE], useFactory: (db: Database.Database) => new SessionStore(db) },
    { provide: APP_GUARD, useClass: AuthGuard },
    Authenticator,
    { provide: SignInThrottle, useFactory: () => new SignInThrottle() },
    { provide: PasswordChecker, useFactory: (config: Config) => new PasswordChecker(config.passwordHashCost), inject: [CONFIG] },
    CurrentPasswordCheck,
    AccessBootstrap,
    AdministerUserHandler,
    EndUserSessionHandler,
    CreateUserHandler,
    SetPasswordHandler,
    IssueApiTokenHandler,
    RevokeApiTokenHandler,
    GrantMembershipHandler,
    RevokeMembershipHandler,
  ],
})
export class AccessModule {}
