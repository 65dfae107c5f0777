/**
 * Every stream's name, made and read in one place. A programme's streams all start with
 * `programme-{uuid}`, so one prefix reads a programme's whole history:
 *
 *     programme-{id}                  the programme itself (details, dates, decisions, go-live)
 *     programme-{id}-item-{itemId}    one register item
 *     programme-{id}-finding-{id}     one finding
 *     programme-{id}-budgets          its budgets and cost model
 *     programme-{id}-notes            its notes
 *     programme-{id}-members          who may act in it
 *     user-{userId}                   one person's account
 *     audit-digests-{programmeId}     the programme's signed digests
 *     audit-keys                      the signing keys' rotations, for the whole store
 */
const PROGRAMME = 'programme-';
const UUID_LENGTH = 36;

export const programmeStreamId = (programmeId: string) => `${PROGRAMME}${programmeId}`;
/** Every stream of a programme starts with its own prefix, so one prefix reads the programme's whole history. */
export const programmeStreamPrefix = (programmeId: string) => `${PROGRAMME}${programmeId}`;
export const itemStreamId = (programmeId: string, itemId: string) => `${PROGRAMME}${programmeId}-item-${itemId}`;
export const findingStreamId = (programmeId: string, findingId: string) => `${PROGRAMME}${programmeId}-finding-${findingId}`;
export const budgetStreamId = (programmeId: string) => `${PROGRAMME}${programmeId}-budgets`;
export const notesStreamId = (programmeId: string) => `${PROGRAMME}${programmeId}-notes`;
export const membersStreamId = (programmeId: string) => `${PROGRAMME}${programmeId}-members`;
export const userStreamId = (userId: string) => `user-${userId}`;
export const digestsStreamId = (programmeId: string) => `audit-digests-${programmeId}`;
export const KEY_ROTATIONS_STREAM = 'audit-keys';

/** The programme a stream belongs to, if any: `programme-{uuid}` and the streams under it. */
export function programmeOfStream(streamId: string): string | undefined {
  // As /^programme-([0-9a-f-]{36})(-|$)/ would, without a regular expression: asked of every event, by more than one projection.
  if (!streamId.startsWith(PROGRAMME)) return undefined;
  const end = PROGRAMME.length + UUID_LENGTH;
  if (streamId.length < end || (streamId.length > end && streamId.charCodeAt(end) !== 45)) return undefined;
  for (let i = PROGRAMME.length; i < end; i++) {
    const c = streamId.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || c === 45)) return undefined;
  }
  return streamId.slice(PROGRAMME.length, end);
}

/** What a stream of a programme holds, read from its name. */
export type ProgrammeStream =
  | { readonly kind: 'programme'; readonly programmeId: string }
  | { readonly kind: 'item'; readonly programmeId: string; readonly itemId: string }
  | { readonly kind: 'finding'; readonly programmeId: string; readonly findingId: string }
  | { readonly kind: 'budgets' | 'notes' | 'members'; readonly programmeId: string };

const PART_AFTER_PROGRAMME = PROGRAMME.length + UUID_LENGTH;

/** A programme's stream by its name, or undefined for any other stream (a user's, the audit's, or a name no writer makes). */
export function programmeStreamOf(streamId: string): ProgrammeStream | undefined {
  const programmeId = programmeOfStream(streamId);
  if (programmeId === undefined) return undefined;
  const rest = streamId.slice(PART_AFTER_PROGRAMME);
  if (rest === '') return { kind: 'programme', programmeId };
  if (rest.startsWith('-item-')) return { kind: 'item', programmeId, itemId: rest.slice('-item-'.length) };
  if (rest.startsWith('-finding-')) return { kind: 'finding', programmeId, findingId: rest.slice('-finding-'.length) };
  if (rest === '-budgets' || rest === '-notes' || rest === '-members') return { kind: rest.slice(1) as 'budgets' | 'notes' | 'members', programmeId };
  return undefined;
}
