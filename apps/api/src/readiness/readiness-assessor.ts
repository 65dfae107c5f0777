import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ukDateOf } from '@tracker/domain';
import { ProgrammeList, ProgrammeRegisters, ProgrammeRow } from '@tracker/read-models';
import { FindingFacts, ItemFacts, Readiness, assessReadiness } from '@tracker/readiness';
import { CLOCK, Clock } from '../infrastructure/tokens';

/** Gathers a programme's registers, findings and budgets from the read store and judges them on today's date. */
@Injectable()
export class ReadinessAssessor {
  constructor(
    private readonly programmes: ProgrammeList,
    private readonly registers: ProgrammeRegisters,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  assess(programmeId: string): { programme: ProgrammeRow; readiness: Readiness } {
    const programme = this.programmes.get(programmeId);
    if (!programme) throw new NotFoundError('programme', programmeId);
    const { buyBack, envelopes } = this.registers.budgets(programmeId);
    const readiness = assessReadiness({
      today: ukDateOf(this.clock()),
      goLiveDate: programme.goLiveDate,
      items: this.registers.items(programmeId) as unknown as ItemFacts[],
      findings: this.registers.findings(programmeId) as unknown as FindingFacts[],
      buyBack,
      envelopes,
    });
    return { programme, readiness };
  }
}
