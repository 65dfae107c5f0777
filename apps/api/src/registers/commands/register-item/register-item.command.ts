import { ItemRegistration } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class RegisterItemCommand {
  constructor(
    readonly programmeId: string,
    readonly reference: string,
    readonly registration: ItemRegistration,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
