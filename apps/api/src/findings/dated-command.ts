/**
 * A finding command with the time its fact became true, as register item commands carry it.
 * findingDecider does not read effectiveAt (yet); the command runner checks it against the
 * command's programme (not in the future, not before the programme began) and stores it.
 */
export type Dated<C> = C & { readonly effectiveAt?: string };
