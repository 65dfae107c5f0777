import { SetMetadata } from '@nestjs/common';
import { ProgrammeRole } from '@tracker/domain';

/**
 * Who may use a route, besides administrators (who may use every route). A programme route's
 * caller is judged by their role in that programme; a non-member is told it does not exist.
 *   'self'      — the user named in the address ({userId})
 *   'signed-in' — anyone signed in
 */
export type Permission = ProgrammeRole | 'self' | 'signed-in';

export const PERMIT = Symbol('permit');
export const PUBLIC = Symbol('public');

export const Permit = (...permissions: Permission[]) => SetMetadata(PERMIT, permissions);
export const AdministratorsOnly = () => SetMetadata(PERMIT, []);
/** Needs no sign-in at all: health, the API documentation, the sign-in page. */
export const Public = () => SetMetadata(PUBLIC, true);

/** Every programme member may read; these shorthands keep the controllers' intent readable. */
export const Readers = () => Permit('adviser', 'board', 'auditor');
export const Advisers = () => Permit('adviser');
export const Board = () => Permit('board');
