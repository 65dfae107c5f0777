import { PipeTransform, applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { InvalidCommandError, dayInWords, isCalendarDate, ukMidnight } from '@tracker/domain';

/*
 * Field rules for request DTOs, each listed in the order it is checked: with one problem
 * reported per field, the first that fails is the one the user reads, so "is required"
 * comes before "must be text". Each rule also documents the field in OpenAPI.
 */

interface FieldOptions {
  /** May be left out. */
  readonly optional?: boolean;
  readonly description?: string;
  readonly example?: unknown;
  /** Required only when this holds of the request (e.g. a field that belongs to one step); ignored otherwise. */
  readonly requiredWhen?: (request: never) => boolean;
}

const presence = (options: FieldOptions, schema: Record<string, unknown>) => {
  const documented = { description: options.description, example: options.example, ...schema };
  if (options.requiredWhen) {
    const when = options.requiredWhen as (request: object) => boolean;
    return [ValidateIf((request: object) => when(request)), IsDefined({ message: 'is required' }), ApiPropertyOptional(documented)];
  }
  // Left out, a field may be; null it may not: `"mechanism": null` is checked like any other value.
  return options.optional
    ? [ValidateIf((_: object, value: unknown) => value !== undefined), ApiPropertyOptional(documented)]
    : [IsDefined({ message: 'is required' }), ApiProperty(documented)];
};

const trimmed = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** C0 controls but tab and line breaks, and DEL: nothing a person types, and trouble in headers, CSV and PDFs. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const NoControlCharacters = (message = 'must not contain control characters', each = false) =>
  ValidateBy(
    { name: 'noControlCharacters', validator: { validate: (value: unknown) => typeof value !== 'string' || !CONTROL_CHARACTERS.test(value) } },
    { each, message },
  );

export const Text = (maxLength = 200, options: FieldOptions = {}) =>
  applyDecorators(
    trimmed,
    ...presence(options, { type: String, maxLength }),
    IsString({ message: 'must be text' }),
    IsNotEmpty({ message: 'must not be empty' }),
    MaxLength(maxLength, { message: `must be at most ${maxLength} characters` }),
    NoControlCharacters(),
  );

export const OneOf = (codes: readonly string[], options: FieldOptions = {}) =>
  applyDecorators(...presence(options, { enum: codes }), IsIn(codes, { message: `must be one of: ${codes.join(', ')}` }));

export const CalendarDate = (options: FieldOptions = {}) =>
  applyDecorators(
    ...presence(options, { type: String, format: 'date', example: options.example ?? '2027-04-01' }),
    ValidateBy({
      name: 'calendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => 'must be a real date written YYYY-MM-DD',
      },
    }),
  );

/** Pounds, to the penny; commas and £ signs belong to spreadsheets, not to the API. */
export const Money = (options: FieldOptions = {}) =>
  applyDecorators(
    ...presence(options, { type: Number, minimum: 0, example: options.example ?? 125000 }),
    IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'must be an amount in pounds, e.g. 125000 or 99.50' }),
    Min(0, { message: 'must not be negative' }),
    Max(1e12, { message: 'must be less than £1,000,000,000,000' }),
  );

export const WholeNumber = (min: number, max: number, options: FieldOptions = {}) =>
  applyDecorators(
    ...presence(options, { type: Number, minimum: min, maximum: max }),
    IsNumber({ maxDecimalPlaces: 0, allowNaN: false, allowInfinity: false }, { message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
  );

export const Decimal = (min: number, max: number, options: FieldOptions = {}) =>
  applyDecorators(
    ...presence(options, { type: Number, minimum: min, maximum: max }),
    IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'must be a number with at most 2 decimal places' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
  );

export const YesNo = (options: FieldOptions = {}) =>
  applyDecorators(...presence(options, { type: Boolean }), IsBoolean({ message: 'must be true or false' }));

export const TextList = (options: FieldOptions & { min: number; max: number; maxLength: number; noun: string }) =>
  applyDecorators(
    Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value)),
    ...presence(options, { type: [String], minItems: options.min, maxItems: options.max }),
    IsArray({ message: `must be a list of ${options.noun}s` }),
    ArrayMinSize(options.min, { message: `must list at least ${options.min} ${options.noun}` }),
    ArrayMaxSize(options.max, { message: `must list at most ${options.max} ${options.noun}s` }),
    IsString({ each: true, message: `must list each ${options.noun} as text` }),
    IsNotEmpty({ each: true, message: `must not list an empty ${options.noun}` }),
    MaxLength(options.maxLength, { each: true, message: `must keep each ${options.noun} to ${options.maxLength} characters` }),
    NoControlCharacters(`must not have control characters in a ${options.noun}`, true),
    ArrayUnique((v: unknown) => v, { message: `must not list a ${options.noun} twice` }),
  );

export const CodeList = (codes: readonly string[], options: FieldOptions & { min: number; noun: string }) =>
  applyDecorators(
    ...presence(options, { type: [String], enum: codes, minItems: options.min }),
    IsArray({ message: `must be a list of ${options.noun}s` }),
    ArrayMinSize(options.min, { message: `must list at least ${options.min} ${options.noun}` }),
    ArrayMaxSize(codes.length, { message: `must list at most ${codes.length} ${options.noun}s` }),
    IsIn(codes, { each: true, message: `must list only these ${options.noun}s: ${codes.join(', ')}` }),
    ArrayUnique((v: unknown) => v, { message: `must not list a ${options.noun} twice` }),
  );

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * When the fact became true, if not when it is recorded: a UK calendar date (the day began
 * then) or an instant with its time zone. Arrives in the DTO as a canonical ISO instant.
 */
export const EffectiveAt = () =>
  applyDecorators(
    ApiPropertyOptional({
      description: 'When this became true, if earlier than now: YYYY-MM-DD or an ISO-8601 instant with time zone',
      example: '2027-03-01',
      type: String,
    }),
    ValidateIf((_: object, value: unknown) => value !== undefined),
    ValidateBy({
      name: 'effectiveAt',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (isCalendarDate(value) || (INSTANT.test(value) && !Number.isNaN(Date.parse(value)))),
        defaultMessage: () => 'must be a date (YYYY-MM-DD) or an instant with a time zone (2027-03-01T09:30:00Z)',
      },
    }),
  );

/**
 * A date not before another date of the same request, when both are given (a first dismissal is not
 * before its proposal).
 */
export const NotBefore = (other: string, words: string) =>
  ValidateBy({
    name: 'notBefore',
    validator: {
      validate: (value: unknown, args) => {
        const earlier = (args?.object as Record<string, unknown> | undefined)?.[other];
        // Only two real dates are compared; a malformed one is for the field's own rule to report.
        return typeof value !== 'string' || !isCalendarDate(value) || typeof earlier !== 'string' || !isCalendarDate(earlier) || value >= earlier;
      },
      defaultMessage: (args) => `must not be before ${words} (${dayInWords(String((args?.object as Record<string, unknown> | undefined)?.[other]))})`,
    },
  });

/** The canonical instant of an effectiveAt the DTO accepted. */
export function effectiveInstant(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return isCalendarDate(value) ? ukMidnight(value) : new Date(value).toISOString();
}

/** For a write that takes no fields: `@Body(NoFields)`. A body with any is refused, not ignored. */
export const NoFields: PipeTransform = {
  transform(value: unknown) {
    const fields = typeof value === 'object' && value !== null ? Object.keys(value) : [];
    if (fields.length > 0) throw new InvalidCommandError(fields.map((field) => ({ field, problem: 'is not expected: this request takes no fields' })));
    return value;
  },
};
