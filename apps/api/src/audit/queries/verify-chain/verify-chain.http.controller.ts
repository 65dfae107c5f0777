import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ChainVerifier, VerificationResult } from '@tracker/audit';
import { InvalidCommandError, programmeStreamPrefix } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { AuditChain, programmeOfStream } from '@tracker/read-models';
import { Readers } from '../../../access/auth/permissions';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Digests } from '../../digests';
import { SigningKeys } from '../../signing-keys';
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
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly chain: AuditChain,
    private readonly digests: Digests,
    private readonly keys: SigningKeys,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  @Post()
  @HttpCode(200)
  async verify(@Param('programmeId') programmeId: string, @Body() body: VerifyChainRequest): Promise<VerificationResult> {
    await this.programmes.read(programmeId);
    const given = body.digests ?? [];
    const foreign = given.findIndex((digest) => digest.programmeId !== programmeId);
    if (foreign >= 0) throw new InvalidCommandError([{ field: `digests[${foreign}].programmeId`, problem: 'must be this programme’s id' }]);
    const verifier = new ChainVerifier({
      recordedChain: this.chain.links(programmeId),
      digests: [...(await this.digests.list(programmeId)), ...given],
      publicKey: this.keys.publicKey,
    });
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId) })) {
      if (programmeOfStream(event.streamId) === programmeId) verifier.add(event);
    }
    return verifier.result();
  }
}
