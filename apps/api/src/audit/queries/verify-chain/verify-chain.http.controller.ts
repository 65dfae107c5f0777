import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { SignedDigest, VerificationResult } from '@tracker/audit';
import { InvalidCommandError } from '@tracker/domain';
import { Readers } from '../../../access/auth/permissions';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { ChainVerification } from '../../chain-verification';
import { VerifyChainRequest } from './verify-chain.request.dto';

/**
 * Recomputes the programme's chain from the store and checks it against the chain recorded as
 * events arrived and against every digest. A POST because it takes digests in; it writes nothing,
 * so auditors may use it.
 */
@Readers()
@Controller('api/programmes/:programmeId/verify')
export class VerifyChainHttpController {
  constructor(
    private readonly verification: ChainVerification,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  @Post()
  @HttpCode(200)
  async verify(@Param('programmeId') programmeId: string, @Body() body: VerifyChainRequest): Promise<VerificationResult> {
    await this.programmes.read(programmeId);
    const given = body.digests ?? [];
    const foreign = given.findIndex((digest) => digest.programmeId !== programmeId);
    if (foreign >= 0) throw new InvalidCommandError([{ field: `digests[${foreign}].programmeId`, problem: 'must be this programme’s id' }]);
    return this.verification.verify(programmeId, given as unknown as SignedDigest[]);
  }
}
