import { Controller, Get, Param } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Digests } from '../../digests';
import { SigningKeys } from '../../signing-keys';

@Readers()
@Controller('api/programmes/:programmeId/digests')
export class ListDigestsHttpController {
  constructor(
    private readonly digests: Digests,
    private readonly keys: SigningKeys,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  /** Every digest taken, oldest first, with the public key that checks their signatures. */
  @Get()
  async list(@Param('programmeId') programmeId: string) {
    await this.programmes.read(programmeId);
    return { items: await this.digests.list(programmeId), publicKey: this.keys.publicKeyPem };
  }
}
