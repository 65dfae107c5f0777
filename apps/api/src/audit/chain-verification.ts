import { Inject, Injectable } from '@nestjs/common';
import { ChainVerifier, SignedDigest, VerificationResult } from '@tracker/audit';
import { programmeStreamPrefix } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { AuditChain, programmeOfStream } from '@tracker/read-models';
import { Config } from '../config/config';
import { CONFIG, EVENT_STORE } from '../infrastructure/tokens';
import { Digests } from './digests';
import { readFirstKey, readRotations, trustedKeyHistory } from './key-pinning';
import { SigningKeys } from './signing-keys';

/** Recomputes a programme's chain from the store, against the chain recorded as events arrived and every digest. */
@Injectable()
export class ChainVerification {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly chain: AuditChain,
    private readonly digests: Digests,
    private readonly keys: SigningKeys,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async verify(programmeId: string, given: readonly SignedDigest[] = []): Promise<VerificationResult> {
    // The server's own key and those it took over from through recorded rotations (pinned at start-up).
    const history = trustedKeyHistory(this.keys.publicKey, await readRotations(this.store), readFirstKey(this.config.signingKeyFile));
    const verifier = new ChainVerifier({
      recordedChain: this.chain.links(programmeId),
      digests: [...(await this.digests.list(programmeId)), ...given],
      publicKeys: history.reachesCurrent ? history.keys : [{ key: this.keys.publicKey, fingerprint: this.keys.fingerprint }],
    });
    for await (const event of this.store.readAll({ streamPrefix: programmeStreamPrefix(programmeId) })) {
      if (programmeOfStream(event.streamId) === programmeId) verifier.add(event);
    }
    return verifier.result();
  }
}
