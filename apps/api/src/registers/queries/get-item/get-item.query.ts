import { ItemKind } from '@tracker/domain';

export class GetItemQuery {
  constructor(
    readonly programmeId: string,
    readonly kind: ItemKind,
    readonly itemId: string,
  ) {}
}
