export class ListNotesQuery {
  constructor(readonly programmeId: string) {}
}
