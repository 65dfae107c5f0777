import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { ChainVerifier, SignedDigest, TrustedKey, VerificationResult } from '@tracker/audit';
import { programmeStreamPrefix, programmeOfStream } from '@tracker/domain';
import { EventStore, SqliteEventStore } from '@tracker/event-store';
import { AuditChain } from '@tracker/read-models';
import { Config } from '../config/config';
import { CONFIG, EVENT_STORE } from '../infrastructure/tokens';
import { ServerBusyError } from '../shared/server-busy';
import { WorkerPool, compiledWorker } from '../shared/worker-pool';
import { Digests } from './digests';
import { readFirstKey, readRotations, trustedKeyHistory } from './key-pinning';
import { SigningKeys } from './signing-keys';
import type { VerificationTask } from './verification.worker';

/** A programme's stream prefix is this long; the worker reads it by the store's index. */
const PROGRAMME_PREFIX_LENGTH = 46;
/** A verifying thread's heap, at most: its garbage is collected rather than kept. */
const VERIFIER_HEAP_MB = 128;

/**
 * Recomputes a programme's chain from the store, against the chain recorded as events arrived and
 * every digest. On the embedded store, in a worker thread of a bounded pool (503 when it is full):
 * a million events hash for about ten seconds, and the event loop answers everyone else meanwhile.
 */
@Injectable()
export class ChainVerification implements OnModuleDestroy {
  private readonly pool?: WorkerPool<VerificationTask, VerificationResult>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly chain: AuditChain,
    private readonly digests: Digests,
    private readonly keys: SigningKeys,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    const worker = compiledWorker(__dirname, 'verification.worker');
    if (worker && store instanceof SqliteEventStore && existsSync(config.readStoreFile)) {
      // It holds a page of events and of recorded links at a time, whatever the history's length.
      this.pool = new WorkerPool(worker, { busy: () => new ServerBusyError('Other chains are being verified'), maxHeapMb: VERIFIER_HEAP_MB });
    }
  }

  async verify(programmeId: string, given: readonly SignedDigest[] = []): Promise<VerificationResult> {
    // The server's own key and those it took over from through recorded rotations (pinned at start-up).
    const history = trustedKeyHistory(this.keys.publicKey, await readRotations(this.store), readFirstKey(this.config.signingKeyFile));
    const publicKeys: readonly TrustedKey[] = history.reachesCurrent ? history.keys : [{ key: this.keys.publicKey, fingerprint: this.keys.fingerprint }];
    const digests = [...(await this.digests.list(programmeId)), ...given];
    const prefix = programmeStreamPrefix(programmeId);
    if (this.pool && this.store instanceof SqliteEventStore && prefix.length === PROGRAMME_PREFIX_LENGTH) {
      return this.pool.run({
        eventStoreFile: this.store.filename,
        readStoreFile: this.config.readStoreFile,
        programmeId,
        digests,
        publicKeys: publicKeys.map(({ key, fingerprint, retiredAt }) => ({ pem: key.export({ type: 'spki', format: 'pem' }).toString(), fingerprint, ...(retiredAt === undefined ? {} : { retiredAt }) })),
      });
    }
    const verifier = new ChainVerifier({ recordedChain: this.chain.links(programmeId), digests, publicKeys });
    for await (const event of this.store.readAll({ streamPrefix: prefix })) {
      if (programmeOfStream(event.streamId) === programmeId) verifier.add(event);
    }
    return verifier.result();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }
}
