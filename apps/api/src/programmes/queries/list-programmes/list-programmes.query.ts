export class ListProgrammesQuery {}
