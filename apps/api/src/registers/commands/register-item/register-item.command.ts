import { ItemKind, ItemRegistration } from '@tracker/domain';
import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { itemIdFor } from '../../item-ids';
import type { ItemRequest } from './register-item.request.dto';

export class RegisterItemCommand extends ProgrammeCommand {
  /** Known before anything is recorded: the same reference always names the same item. */
  readonly itemId: string;

  constructor(
    readonly programmeId: string,
    readonly reference: string,
    readonly registration: ItemRegistration,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
    this.itemId = itemIdFor(programmeId, registration.kind, reference);
  }

  /** From a request the DTO of its kind has validated: every field but the reference and time is a detail. */
  static fromRequest(programmeId: string, kind: ItemKind, body: ItemRequest, context: RequestContext): RegisterItemCommand {
    const { reference, effectiveAt, ...details } = body;
    return new RegisterItemCommand(programmeId, reference, { kind, details } as ItemRegistration, effectiveInstant(effectiveAt), context);
  }
}
