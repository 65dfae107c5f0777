/** A member's one role in a programme. Administrators hold every right in every programme besides. */
export const PROGRAMME_ROLES = ['adviser', 'board', 'auditor'] as const;
export type ProgrammeRole = (typeof PROGRAMME_ROLES)[number];

/** The role recorded on an event: a programme role, or what the actor was outside any programme ('user': acting on their own account). */
export type ActorRole = ProgrammeRole | 'administrator' | 'system' | 'user';
