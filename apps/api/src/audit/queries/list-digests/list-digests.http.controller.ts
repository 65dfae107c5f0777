import { Controller, Get, Inject, Param } from '@nestjs/common';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { Readers } from '../../../access/auth/permissions';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Digests } from '../../digests';
import { readRotations } from '../../key-pinning';
import { SigningKeys } from '../../signing-keys';

@Readers()
@Controller('api/programmes/:programmeId/digests')
export class ListDigestsHttpController {
  constructor(
    private readonly digests: Digests,
    private readonly keys: SigningKeys,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Every digest taken, oldest first, with the public key that checks their signatures, its
   * fingerprint (compare it with the one you hold), and the recorded key rotations that lead to it.
   * The whole answer is a digest file verify-export accepts as it is.
   */
  @Get()
  async list(@Param('programmeId') programmeId: string) {
    await this.programmes.read(programmeId);
    return { items: await this.digests.list(programmeId), publicKey: this.keys.publicKeyPem, keyFingerprint: this.keys.fingerprint, rotations: await readRotations(this.store) };
  }
}
