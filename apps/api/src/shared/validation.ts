import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { isCalendarDate } from '@tracker/domain';

/*
 * Field rules for request DTOs, each listed in the order it is checked: with one problem
 * reported per field, the first that fails is the one the user reads, so "is required"
 * comes before "must be text".
 */

const trimmed = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export const RequiredText = (maxLength = 200) =>
  applyDecorators(
    trimmed,
    IsDefined({ message: 'is required' }),
    IsString({ message: 'must be text' }),
    IsNotEmpty({ message: 'must not be empty' }),
    MaxLength(maxLength, { message: `must be at most ${maxLength} characters` }),
  );

export const OneOf = (codes: readonly string[]) =>
  applyDecorators(IsDefined({ message: 'is required' }), IsIn(codes, { message: `must be one of: ${codes.join(', ')}` }));

export const CalendarDate = () =>
  applyDecorators(
    IsDefined({ message: 'is required' }),
    ValidateBy({
      name: 'calendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => 'must be a real date written YYYY-MM-DD',
      },
    }),
  );

export const TextList = (options: { min: number; max: number; maxLength: number; noun: string }) =>
  applyDecorators(
    Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value)),
    IsDefined({ message: 'is required' }),
    IsArray({ message: `must be a list of ${options.noun}s` }),
    ArrayMinSize(options.min, { message: `must list at least ${options.min} ${options.noun}` }),
    ArrayMaxSize(options.max, { message: `must list at most ${options.max} ${options.noun}s` }),
    IsString({ each: true, message: `must list each ${options.noun} as text` }),
    IsNotEmpty({ each: true, message: `must not list an empty ${options.noun}` }),
    MaxLength(options.maxLength, { each: true, message: `must keep each ${options.noun} to ${options.maxLength} characters` }),
    ArrayUnique((v: unknown) => v, { message: `must not list a ${options.noun} twice` }),
  );
