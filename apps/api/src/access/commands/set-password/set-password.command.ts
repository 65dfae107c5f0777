import { RequestContext } from '../../../shared/request-context';

export class SetPasswordCommand {
  constructor(
    readonly userId: string,
    readonly password: string,
    readonly context: RequestContext,
  ) {}
}
