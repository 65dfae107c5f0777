import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { DECIDING_BODY_CODES, DECISION_TYPES, DecisionType, SEVERITIES, Severity } from '@tracker/domain';
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

function untaken(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const taken = new Set(DECIDING_BODY_CODES.flatMap((body) => ((value as Record<string, unknown>)[body] as unknown[] | undefined) ?? []));
  return DECISION_TYPES.filter((type) => !taken.has(type));
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
