import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, ValidateBy } from 'class-validator';
import { isFinancialYear } from '@tracker/domain';

/** April to March, written 2027-28: the domain's own rule, checked at the edge so the user reads it by field. */
export const FinancialYear = (description = 'the financial year, April to March') =>
  applyDecorators(
    ApiProperty({ description, type: String, pattern: '^\\d{4}-\\d{2}$', example: '2027-28' }),
    IsDefined({ message: 'is required' }),
    ValidateBy({
      name: 'financialYear',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isFinancialYear(value),
        defaultMessage: () => 'must be a financial year written like 2027-28',
      },
    }),
  );
