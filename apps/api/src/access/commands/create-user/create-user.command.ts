import { RequestContext } from '../../../shared/request-context';

export class CreateUserCommand {
  constructor(
    readonly email: string,
    readonly name: string,
    readonly administrator: boolean,
    readonly context: RequestContext,
  ) {}
}
