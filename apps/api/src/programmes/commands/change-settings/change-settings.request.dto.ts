import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { DECISION_TYPES, DecisionBodies, DecisionType, SEVERITIES, Severity, untakenDecisionTypes } from '@tracker/domain';
import { CodeList } from '../../../shared/validation';

const DecisionTypes = (body: string) => CodeList(DECISION_TYPES, { optional: true, min: 0, noun: 'decision type', description: `the decisions the ${body} may take` });

/** Which decisions each body takes; a body left out takes none. An unknown body is refused by name. */
export class DecisionBodiesRequest {
  @DecisionTypes('project board')
  'project-board'?: DecisionType[];

  @DecisionTypes('Commissioner')
  commissioner?: DecisionType[];

  @DecisionTypes('department / Secretary of State')
  department?: DecisionType[];

  @DecisionTypes('shadow trust board')
  'shadow-trust-board'?: DecisionType[];

  @DecisionTypes('council cabinet')
  'council-cabinet'?: DecisionType[];
}

/**
 * Every kind of decision must stay with some body: a programme whose go / no-go nobody may take
 * could never record a go, and so never go live.
 */
const EveryTypeTaken = () =>
  ValidateBy({
    name: 'everyDecisionTypeTaken',
    validator: {
      validate: (value: unknown) => untaken(value).length === 0,
      defaultMessage: (args) => `must leave every decision to some body; nobody would take ${untaken(args?.value).join(', ')}`,
    },
  });

/** The domain's rule (assertSettings refuses the same), checked here too so the refusal names the field with the rest of the request's problems. */
function untaken(value: unknown): string[] {
  return typeof value !== 'object' || value === null ? [] : untakenDecisionTypes(value as DecisionBodies);
}

const DecisionBodies = () =>
  applyDecorators(
    ApiPropertyOptional({ type: DecisionBodiesRequest, description: 'which body takes which decisions, whole: a body left out takes none' }),
    ValidateIf((_: object, value: unknown) => value !== undefined),
    IsObject({ message: 'must be an object such as {"project-board": ["go-no-go"]}' }),
    ValidateNested(),
    EveryTypeTaken(),
    Type(() => DecisionBodiesRequest),
  );

/** The settings to change; what is left out stays as it is. */
export class ChangeProgrammeSettingsRequest {
  @DecisionBodies()
  decisionBodies?: DecisionBodiesRequest;

  /** Four eyes: for findings of these severities, whoever resolved one may not also close it. */
  @CodeList(SEVERITIES, { optional: true, min: 0, noun: 'severity level', description: 'the severities whose findings need a second person to close them' })
  fourEyes?: Severity[];
}
