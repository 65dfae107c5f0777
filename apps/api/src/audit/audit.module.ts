import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';
import { ChainVerification } from './chain-verification';
import { TakeDigestHttpController } from './commands/take-digest/take-digest.http.controller';
import { Digests } from './digests';
import { GetAuditTrailHttpController } from './queries/get-audit-trail/get-audit-trail.http.controller';
import { ListDigestsHttpController } from './queries/list-digests/list-digests.http.controller';
import { VerifyChainHttpController } from './queries/verify-chain/verify-chain.http.controller';
import { SigningKeys } from './signing-keys';

/** What auditors come for: the whole history, chained so that tampering shows, and signed digests of it. */
@Module({
  controllers: [GetAuditTrailHttpController, TakeDigestHttpController, ListDigestsHttpController, VerifyChainHttpController],
  providers: [AuditTrail, Digests, SigningKeys, ChainVerification],
  exports: [Digests, AuditTrail, ChainVerification, SigningKeys],
})
export class AuditModule {}
