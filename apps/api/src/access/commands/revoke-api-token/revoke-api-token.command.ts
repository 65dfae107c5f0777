import { Actor } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class RevokeApiTokenCommand {
  constructor(
    readonly userId: string,
    readonly tokenId: string,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {}
}
