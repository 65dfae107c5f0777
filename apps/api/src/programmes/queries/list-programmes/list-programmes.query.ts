/** The programmes a user may see: all of them for an administrator, otherwise those they are a member of. */
export class ListProgrammesQuery {
  constructor(readonly visibleTo: { readonly userId: string; readonly administrator: boolean }) {}
}
