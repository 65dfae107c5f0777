import { Query } from '@nestjs/cqrs';
import type { ItemView } from './get-item.handler';
import { ItemKind } from '@tracker/domain';

export class GetItemQuery extends Query<ItemView> {
  constructor(
    readonly programmeId: string,
    readonly kind: ItemKind,
    readonly itemId: string,
  ) {
    super();
  }
}
