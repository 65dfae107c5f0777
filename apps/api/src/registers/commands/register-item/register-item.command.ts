import { ItemKind, ItemRegistration } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import type { ItemRequest } from './register-item.request.dto';

export class RegisterItemCommand {
  constructor(
    readonly programmeId: string,
    readonly reference: string,
    readonly registration: ItemRegistration,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}

  /** From a request the DTO of its kind has validated: every field but the reference and time is a detail. */
  static fromRequest(programmeId: string, kind: ItemKind, body: ItemRequest, context: RequestContext): RegisterItemCommand {
    const { reference, effectiveAt, ...details } = body;
    return new RegisterItemCommand(programmeId, reference, { kind, details } as ItemRegistration, effectiveInstant(effectiveAt), context);
  }
}
