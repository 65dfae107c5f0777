import { EventHandler, StoredEvent, Subscription } from './event-store.port';

export interface CatchUpSource {
  /** Up to `limit` events after `after`, in global order. */
  readPage(after: number, limit: number): StoredEvent[];
  /** Resolves when new events may have been stored, or after `timeoutMs`. */
  waitForAppend(timeoutMs: number): Promise<void>;
}

/** About 3 ms of reading at a time: pages are read and handled between turns of the event loop. */
const PAGE_SIZE = 1000;
/**
 * The longest the handler is kept on the event loop before others get a turn. Reading a page is
 * quick; handling it is not (every projection applies each event: at 1,000,000 events a page of
 * 1,000 took about 175 ms), and that held every request, /health included, for as long.
 */
const SLICE_MS = 10;
/** The clock is read every this many events, not every one. */
const CLOCK_EVERY = 16;
/** Another process may write the same file; look for its events this often. */
const POLL_INTERVAL_MS = 500;

/** Reads pages from the checkpoint until caught up, then waits for appends: one loop for both phases. */
export function catchUpSubscription(
  source: CatchUpSource,
  after: number,
  handler: EventHandler,
  onError: (error: unknown) => void,
): Subscription {
  let closed = false;
  let wake: (() => void) | undefined;
  const closing = new Promise<void>((resolve) => (wake = resolve));

  const run = async (): Promise<void> => {
    let checkpoint = after;
    let sliceStarted = performance.now();
    while (!closed) {
      const page = source.readPage(checkpoint, PAGE_SIZE);
      for (let i = 0; i < page.length; i++) {
        if (closed) return;
        const event = page[i];
        // Awaited only when it waits: a synchronous handler (the projections) costs no microtask per event.
        const handled = handler(event);
        if (handled !== undefined) await handled;
        checkpoint = event.position;
        if (i % CLOCK_EVERY === CLOCK_EVERY - 1 && performance.now() - sliceStarted > SLICE_MS) {
          await yieldToEventLoop();
          sliceStarted = performance.now();
        }
      }
      if (page.length < PAGE_SIZE) await Promise.race([source.waitForAppend(POLL_INTERVAL_MS), closing]);
      // A synchronous source with a handler that never waits would otherwise catch up on one
      // unbroken chain of microtasks: no request, not even /health, would be answered until it ended.
      else await yieldToEventLoop();
      sliceStarted = performance.now();
    }
  };

  const running = run().catch((error: unknown) => {
    if (!closed) onError(error);
  });

  return {
    async close() {
      closed = true;
      wake?.();
      await running;
    },
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Wakes every waiter on the next append; a timer bounds each wait. */
export class AppendSignal {
  private waiters = new Set<() => void>();

  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
