import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, InvalidCommandError } from '@tracker/domain';

/** class-validator's nested errors as one flat list of field paths and problems. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem: withoutFieldName(problem, error.property) }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** class-validator starts messages with the property name; the field is already named beside it. */
function withoutFieldName(problem: string, property: string): string {
  return problem.startsWith(`${property} `) ? problem.slice(property.length + 1) : problem;
}

/** A body must be a JSON object before its fields can be checked. */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return super.transform(value, metadata);
    // No body at all is an empty object: required fields are then named one by one.
    if (value === undefined) return super.transform({}, metadata);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidCommandError([{ field: 'body', problem: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // One problem per field: a missing field is "missing", not also "too long" and "not a string".
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidCommandError(fieldProblems(errors)),
  });
}
