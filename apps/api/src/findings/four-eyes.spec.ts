import { CloseFinding, DEFAULT_PROGRAMME_SETTINGS, FindingEvent, IllegalStateError, ProgrammeFacts, fold } from '@tracker/domain';
import { findingDeciderForClosing } from './four-eyes';

const programmeId = 'b4f3c2a1-0000-4000-8000-000000000001';
const findingId = 'f1d1a5c0-0000-4000-8000-000000000002';
const programme: ProgrammeFacts = { programmeId, status: 'active', registeredAt: '2026-01-05T09:00:00.000Z', startedOn: '2026-01-05', goLiveDate: '2027-04-01', settings: DEFAULT_PROGRAMME_SETTINGS };
const ids = { programmeId, findingId };

/** Events as the store hands them to the runner: with the metadata of who recorded them. */
const stored = (event: FindingEvent, userId: string) => ({ ...event, metadata: { userId, role: 'adviser', recordedAt: '2026-11-20T10:00:00.000Z' } }) as unknown as FindingEvent;
const raised = stored({ type: 'FindingRaised', data: { ...ids, target: { kind: 'area', area: 'contracts' }, title: 'No novation route', description: 'x', severity: 'critical', owner: 'Legal', dueDate: '2027-01-31', evidence: [{ link: 'https://docs.example/a.pdf' }] } }, 'user-a');
/** A resolution recorded before four eyes: no resolvedBy in its data. */
const resolvedBefore = stored({ type: 'FindingResolved', data: { ...ids, resolution: 'Deed signed', evidence: [] } }, 'user-a');
const close = (closedBy: string): CloseFinding => ({ type: 'CloseFinding', data: { findingId, closedBy }, metadata: { now: '2026-11-22T10:00:00Z' }, programme });

describe('four eyes on resolutions recorded before resolvedBy existed', () => {
  it('takes the resolver from who recorded the resolution, so they may not close it', () => {
    const state = fold(findingDeciderForClosing, [raised, resolvedBefore]);
    expect(state).toMatchObject({ status: 'resolved', resolvedBy: 'user-a' });
    expect(() => findingDeciderForClosing.decide(close('user-a'), state)).toThrow(IllegalStateError);
  });

  it('lets someone else close it', () => {
    expect(findingDeciderForClosing.decide(close('user-b'), fold(findingDeciderForClosing, [raised, resolvedBefore]))).toEqual([{ type: 'FindingClosed', data: ids }]);
  });

  it('prefers the resolver the event names over who recorded it', () => {
    const named = stored({ type: 'FindingResolved', data: { ...ids, resolution: 'Deed signed', evidence: [], resolvedBy: 'user-c' } }, 'user-a');
    expect(fold(findingDeciderForClosing, [raised, named])).toMatchObject({ resolvedBy: 'user-c' });
  });
});
