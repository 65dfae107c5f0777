import { ItemKind } from '@tracker/domain';
import { uuidFromHash } from '../shared/ids';

/**
 * An item's id is derived from its programme, kind and reference, so two registrations of the
 * same reference meet on one stream and the second is refused: uniqueness needs no index.
 */
export function itemIdFor(programmeId: string, kind: ItemKind, reference: string): string {
  return uuidFromHash(`item\n${programmeId}\n${kind}\n${sameReference(reference)}`);
}

/** References that name the same item compare equal: case and spacing aside. */
export function sameReference(reference: string): string {
  return reference.trim().replace(/\s+/g, ' ').toUpperCase();
}
