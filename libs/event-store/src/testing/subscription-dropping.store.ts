import type { EventHandler, EventStore, SubscribeOptions, Subscription } from '../event-store.port';

/**
 * A test double, not a store: it wraps a real one and ends its subscriptions with an error when
 * told to, as EventStoreDB's client does on any end of the gRPC call (a server restart, a leader
 * change, a keepalive timeout, "consumer too slow"): one onError, and nothing delivered after it.
 * Everything else goes to the wrapped store unchanged.
 */
export class SubscriptionDroppingStore implements EventStore {
  /** Where each subscription asked to start, in the order they were opened. */
  readonly subscribedAfter: number[] = [];
  private readonly live = new Set<{ drop(error: unknown): Promise<void> }>();

  constructor(private readonly inner: EventStore) {}

  get kind(): string {
    return this.inner.kind;
  }

  appendToStream: EventStore['appendToStream'] = (...args) => this.inner.appendToStream(...args);
  appendToStreams: EventStore['appendToStreams'] = (...args) => this.inner.appendToStreams(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  close: EventStore['close'] = () => this.inner.close();

  subscribeToAll(options: SubscribeOptions, handler: EventHandler, onError: (error: unknown) => void = () => {}): Subscription {
    this.subscribedAfter.push(options.after ?? 0);
    let ended = false;
    const inner = this.inner.subscribeToAll(options, (event) => (ended ? undefined : handler(event)), (error) => {
      if (ended) return;
      ended = true;
      this.live.delete(entry);
      onError(error);
    });
    const entry = {
      drop: async (error: unknown) => {
        if (ended) return;
        ended = true;
        this.live.delete(entry);
        await inner.close();
        onError(error);
      },
    };
    this.live.add(entry);
    return {
      close: async () => {
        ended = true;
        this.live.delete(entry);
        await inner.close();
      },
    };
  }

  /** Ends every open subscription with `error`; resolves once each has reported it. */
  async dropSubscriptions(error: unknown): Promise<number> {
    const dropping = [...this.live];
    await Promise.all(dropping.map((subscription) => subscription.drop(error)));
    return dropping.length;
  }

  /** How many subscriptions are open now. */
  get openSubscriptions(): number {
    return this.live.size;
  }
}
