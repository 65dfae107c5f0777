import { AppendOutcomeUnknownError } from '../errors';
import type { EventStore } from '../event-store.port';

/**
 * A test double, not a store: it wraps a real one and, when armed, lets the next append commit and
 * then fails it as EventStoreDB's client does when its deadline passes after the write was sent
 * (the server caps a write at 2 s and may commit one it has timed out): the events are stored, and
 * the writer is told the outcome is unknown. Everything else goes to the wrapped store unchanged.
 */
export class CommitThenTimeOutStore implements EventStore {
  private armed = 0;

  constructor(private readonly inner: EventStore) {}

  get kind(): string {
    return this.inner.kind;
  }

  /** The next `appends` appends commit and then fail with an unknown outcome. */
  timeOutAfterCommit(appends = 1): void {
    this.armed = appends;
  }

  async appendToStream(...args: Parameters<EventStore['appendToStream']>): ReturnType<EventStore['appendToStream']> {
    const result = await this.inner.appendToStream(...args);
    if (this.armed > 0) {
      this.armed--;
      throw new AppendOutcomeUnknownError(`EventStoreDB did not confirm the append to ${args[0]}; it may or may not be stored (4 DEADLINE_EXCEEDED: Deadline exceeded)`);
    }
    return result;
  }

  appendToStreams: EventStore['appendToStreams'] = (...args) => this.inner.appendToStreams(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  subscribeToAll: EventStore['subscribeToAll'] = (...args) => this.inner.subscribeToAll(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  close: EventStore['close'] = () => this.inner.close();
}
