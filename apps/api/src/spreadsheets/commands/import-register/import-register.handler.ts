import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ImportItem, itemStreamId, registerItemDecider } from '@tracker/domain';
import { CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { itemIdFor } from '../../../registers/item-ids';
import { ImportRefusedError } from '../../import-refused.error';
import { ImportRegisterCommand, ImportResult } from './import-register.command';

@CommandHandler(ImportRegisterCommand)
export class ImportRegisterHandler implements ICommandHandler<ImportRegisterCommand, ImportResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, kind, rows, referenceColumn, context }: ImportRegisterCommand): Promise<ImportResult> {
    const programme = await this.programmes.read(programmeId);
    const batch = rows.map(({ request }) => {
      const { reference, effectiveAt: _ignored, ...details } = request;
      const itemId = itemIdFor(programmeId, kind, reference);
      const command = { type: 'ImportItem', data: { itemId, reference, kind, details }, programme } as Omit<ImportItem, 'metadata'>;
      return { streamId: itemStreamId(programmeId, itemId), command };
    });
    const outcome = await this.runner.runAll(registerItemDecider, batch, context);
    if ('refusals' in outcome) {
      throw new ImportRefusedError(
        outcome.refusals.map(({ index, error }) => ({ row: rows[index].row, column: referenceColumn, value: rows[index].request.reference, problem: error.message })),
      );
    }
    const recorded = outcome.changed.filter(Boolean).length;
    return { recorded, unchanged: rows.length - recorded };
  }
}
