import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, ValidateBy, ValidateIf } from 'class-validator';
import { isFinancialYear } from '@tracker/domain';

/**
 * April to March, written 2027-28: the domain's own rule, checked at the edge so the user reads it by field.
 * `requiredWhen`: required only when this holds of the request (a field of one step), and otherwise left alone.
 */
export const FinancialYear = (description = 'the financial year, April to March', options: { requiredWhen?: (request: never) => boolean } = {}) =>
  applyDecorators(
    ...(options.requiredWhen
      ? [
          ValidateIf((request: object) => (options.requiredWhen as (request: object) => boolean)(request)),
          ApiPropertyOptional({ description, type: String, pattern: '^\\d{4}-\\d{2}$', example: '2018-19' }),
        ]
      : [ApiProperty({ description, type: String, pattern: '^\\d{4}-\\d{2}$', example: '2027-28' })]),
    IsDefined({ message: 'is required' }),
    ValidateBy({
      name: 'financialYear',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isFinancialYear(value),
        defaultMessage: () => 'must be a financial year written like 2027-28',
      },
    }),
  );
