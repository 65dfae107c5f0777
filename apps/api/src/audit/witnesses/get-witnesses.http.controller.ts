import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { AdministratorsOnly } from '../../access/auth/permissions';
import { Config } from '../../config/config';
import { CONFIG } from '../../infrastructure/tokens';
import { NoFields } from '../../shared/validation';
import { SigningKeys } from '../signing-keys';
import { Witnesses } from './witnesses';

/** The witnesses, how their deliveries stand, and the newest deliveries: for administrators, who fix what fails. */
@AdministratorsOnly()
@Controller('api/admin/witnesses')
export class GetWitnessesHttpController {
  constructor(
    private readonly witnesses: Witnesses,
    private readonly keys: SigningKeys,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  get() {
    return {
      witnesses: this.witnesses.describe(),
      keyFingerprint: this.keys.fingerprint,
      digestIntervalMinutes: this.config.digestIntervalMinutes,
      health: this.witnesses.health(),
      deliveries: this.witnesses.recent().map(({ publicKeyPem: _key, ...delivery }) => delivery),
    };
  }

  /** Tries every undelivered digest again now, e.g. once the mail server is fixed; answers what is still undelivered. */
  @Post('retry')
  @HttpCode(200)
  retry(@Body(NoFields) _body: unknown): Promise<{ tried: number; undelivered: number }> {
    return this.witnesses.retryNow();
  }
}
