import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';
import { ChainVerification } from './chain-verification';
import { TakeDigestHttpController } from './commands/take-digest/take-digest.http.controller';
import { Digests } from './digests';
import { KeyPinning } from './key-pinning';
import { GetAuditTrailHttpController } from './queries/get-audit-trail/get-audit-trail.http.controller';
import { ListDigestsHttpController } from './queries/list-digests/list-digests.http.controller';
import { VerifyChainHttpController } from './queries/verify-chain/verify-chain.http.controller';
import { SigningKeys } from './signing-keys';
import { PeriodicDigests } from './periodic-digests';
import { GetWitnessesHttpController } from './witnesses/get-witnesses.http.controller';
import { Witnesses } from './witnesses/witnesses';

/** What auditors come for: the whole history, chained so that tampering shows, and signed digests of it. */
@Module({
  controllers: [GetAuditTrailHttpController, TakeDigestHttpController, ListDigestsHttpController, VerifyChainHttpController, GetWitnessesHttpController],
  providers: [AuditTrail, Digests, SigningKeys, ChainVerification, Witnesses, PeriodicDigests, KeyPinning],
  exports: [Digests, AuditTrail, ChainVerification, SigningKeys, Witnesses, PeriodicDigests],
})
export class AuditModule {}
