import { Query } from '@nestjs/cqrs';
import type { ProgrammeRow } from '@tracker/read-models';
/** The programmes a user may see: all of them for an administrator, otherwise those they are a member of. */
export class ListProgrammesQuery extends Query<{ items: ProgrammeRow[] }> {
  constructor(readonly visibleTo: { readonly userId: string; readonly administrator: boolean }) {
    super();
  }
}
