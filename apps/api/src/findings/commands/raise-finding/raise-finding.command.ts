import { ProgrammeCommand } from '../../../shared/programme-command';
import { Area, Evidence, Severity } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { evidenceOf } from '../../evidence.request.dto';
import type { RaiseFindingRequest } from './raise-finding.request.dto';

/** What the finding is about, before the item (if any) is looked up. */
export type FindingSubject = { readonly kind: 'item'; readonly itemId: string } | { readonly kind: 'area'; readonly area: Area };

export interface FindingToRaise {
  readonly subject: FindingSubject;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly owner: string;
  readonly dueDate: string;
  readonly evidence: readonly Evidence[];
}

export class RaiseFindingCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly finding: FindingToRaise,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }

  /** From a request the DTO has validated, which has already required exactly one of itemId and area. */
  static fromRequest(programmeId: string, findingId: string, body: RaiseFindingRequest, context: RequestContext): RaiseFindingCommand {
    const { itemId, area, title, description, severity, owner, dueDate, evidence, effectiveAt } = body;
    const subject: FindingSubject = itemId === undefined ? { kind: 'area', area: area as Area } : { kind: 'item', itemId };
    return new RaiseFindingCommand(programmeId, findingId, { subject, title, description, severity, owner, dueDate, evidence: evidenceOf(evidence) }, effectiveInstant(effectiveAt), context);
  }
}
