import { catchUpSubscription } from './catch-up-subscription';
import { StoredEvent } from './event-store.port';

const eventAt = (position: number): StoredEvent =>
  ({ eventId: `e-${position}`, streamId: 's', streamRevision: position - 1, position, type: 'Happened', schemaVersion: 1, data: {}, metadata: { recordedAt: '2026-11-22T10:00:00.000Z' } }) as unknown as StoredEvent;

/** A store of `count` events, read a page at a time, that never gets another. */
const sourceOf = (count: number) => ({
  readPage: (after: number, limit: number) => Array.from({ length: Math.max(0, Math.min(limit, count - after)) }, (_, i) => eventAt(after + i + 1)),
  waitForAppend: () => new Promise<void>(() => {}),
});

/** A handler that keeps the event loop as a projection does: synchronously, for about `ms` an event. */
const busyFor = (ms: number) => () => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('catch-up subscription', () => {
  it('hands every event over once, in order', async () => {
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      const subscription = catchUpSubscription(sourceOf(2_500), 0, (event) => {
        seen.push(event.position);
        if (event.position === 2_500) void subscription.close().then(resolve);
      }, () => {});
    });
    await done;
    expect(seen).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
  });

  it('lets other work run part-way through a page that takes long to handle, not only between pages', async () => {
    // A page is 1,000 events; at a millisecond each, handling one whole takes a second. Another
    // task (a request, /health) scheduled as it starts must run long before the page ends.
    let handled = 0;
    let handledWhenOthersRan: number | undefined;
    const subscription = catchUpSubscription(sourceOf(1_000), 0, (event) => {
      if (event.position === 1) setImmediate(() => (handledWhenOthersRan = handled));
      busyFor(1)();
      handled++;
    }, () => {});
    while (handled < 1_000) await new Promise((resolve) => setImmediate(resolve));
    await subscription.close();
    expect(handledWhenOthersRan).toBeDefined();
    expect(handledWhenOthersRan!).toBeLessThan(100);
  });
});
