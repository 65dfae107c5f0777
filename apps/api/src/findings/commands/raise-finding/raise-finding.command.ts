import { Area, Evidence, Severity } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

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

export class RaiseFindingCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly finding: FindingToRaise,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
