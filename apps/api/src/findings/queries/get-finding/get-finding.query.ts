export class GetFindingQuery {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
  ) {}
}
