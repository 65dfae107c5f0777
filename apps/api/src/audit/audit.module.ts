import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';
import { GetAuditTrailHttpController } from './queries/get-audit-trail/get-audit-trail.http.controller';

/** What auditors come for: the whole history, in words and JSON, chained so that tampering shows. */
@Module({
  controllers: [GetAuditTrailHttpController],
  providers: [AuditTrail],
})
export class AuditModule {}
