import type { StoredEvent } from '@tracker/event-store';

/** Hand-built stored events for the audit specs: no store needed, and every field is predictable. */
export const PROGRAMME = 'p-0001';

const FINDING_TYPES = ['FindingRaised', 'FindingEvidenced', 'FindingMitigated', 'FindingClosed'];

/** The nth event (n from 1) of a small history: findings in turn, at positions 10, 20, 30… */
export function fixtureEvent(n: number, overrides: Partial<StoredEvent> = {}): StoredEvent {
  const finding = `f-${Math.ceil(n / FINDING_TYPES.length)}`;
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    streamId: `programme-${PROGRAMME}-finding-${finding}`,
    streamRevision: (n - 1) % FINDING_TYPES.length,
    position: n * 10,
    type: FINDING_TYPES[(n - 1) % FINDING_TYPES.length],
    schemaVersion: 1,
    data: { findingId: finding, note: `step ${n}`, severity: 'high', tags: ['tupe', 'eli'] },
    metadata: { userId: 'u-adviser', role: 'adviser', correlationId: `c-${n}`, causationId: `c-${n}`, recordedAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z` },
    ...overrides,
  };
}

export function fixtureHistory(count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) => fixtureEvent(i + 1));
}
