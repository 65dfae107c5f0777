import { Decider, FindingCommand, FindingEvent, Finding, findingDecider } from '@tracker/domain';

/**
 * The finding decider as the close handler folds a stored stream. Resolutions recorded before four
 * eyes came in carry no resolvedBy; the stored event's metadata says who recorded it, and that is who
 * resolved it, so it is read from there. Read only while deciding: nothing stored is rewritten.
 */
export const findingDeciderForClosing: Decider<Finding, FindingCommand, FindingEvent> = {
  ...findingDecider,
  evolve: (state, event) => findingDecider.evolve(state, withResolver(event)),
};

function withResolver(event: FindingEvent): FindingEvent {
  if (event.type !== 'FindingResolved' || event.data.resolvedBy !== undefined) return event;
  const recordedBy = (event as FindingEvent & { metadata?: { userId?: unknown } }).metadata?.userId;
  return typeof recordedBy === 'string' && recordedBy !== '' ? { ...event, data: { ...event.data, resolvedBy: recordedBy } } : event;
}
