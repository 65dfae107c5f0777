import { Command } from '@nestjs/cqrs';
import { ItemKind } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';
import { RegisterRow } from '../../register-rows';

/** Every row of a register file, already read and checked; recorded together or not at all. */
export class ImportRegisterCommand extends Command<ImportResult> {
  constructor(
    readonly programmeId: string,
    readonly kind: ItemKind,
    readonly rows: readonly RegisterRow[],
    /** The reference column's header in the file, for naming it in a refusal. */
    readonly referenceColumn: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export interface ImportResult {
  /** Rows that registered an item or changed one. */
  readonly recorded: number;
  /** Rows that said what was already recorded. */
  readonly unchanged: number;
}
