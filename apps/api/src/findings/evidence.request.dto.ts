import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Evidence } from '@tracker/domain';
import { Text } from '../shared/validation';

const MAX_EVIDENCE = 20;

// Rules listed in the order they are checked, as in shared/validation: the first that fails is the one reported.
const Link = () =>
  applyDecorators(
    ApiProperty({
      type: String,
      format: 'uri',
      maxLength: 2000,
      example: 'https://northshire.sharepoint.com/sites/transition/eli-return.pdf',
    }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsDefined({ message: 'is required' }),
    IsString({ message: 'must be text' }),
    MaxLength(2000, { message: 'must be at most 2000 characters' }),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be a web address starting http:// or https://' }),
  );

const Sha256 = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the document, as 64 hexadecimal characters' }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsOptional(),
    IsString({ message: 'must be text' }),
    Matches(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 hash written as 64 hexadecimal characters' }),
  );

/** A reference to a document kept elsewhere (SharePoint, a data room): the tracker stores the link, never the file. */
export class EvidenceRequest {
  @Link()
  link!: string;

  /** Lets a reader prove the document has not changed since it was cited; kept in lower case. */
  @Sha256()
  sha256?: string;

  @Text(500, { optional: true, description: 'what the document shows' })
  description?: string;
}

/** A list of evidence references; `min` is 0 where evidence may come later. */
export const EvidenceList = (options: { min: number; optional?: boolean; description?: string }) => {
  const schema: ApiPropertyOptions = {
    type: [EvidenceRequest],
    description: options.description,
    minItems: options.min,
    maxItems: MAX_EVIDENCE,
  };
  return applyDecorators(
    // Left out it may be; null it may not (IsOptional would let null through unchecked).
    ...(options.optional
      ? [ValidateIf((_: object, value: unknown) => value !== undefined), ApiPropertyOptional(schema)]
      : [IsDefined({ message: 'is required' }), ApiProperty(schema)]),
    IsArray({ message: 'must be a list of evidence' }),
    ArrayMinSize(options.min, { message: `must list at least ${options.min} piece of evidence` }),
    ArrayMaxSize(MAX_EVIDENCE, { message: `must list at most ${MAX_EVIDENCE} pieces of evidence` }),
    IsObject({ each: true, message: 'must list each piece of evidence as an object with a link' }),
    ValidateNested({ each: true }),
    Type(() => EvidenceRequest),
  );
};

/** Plain domain values, built field by field so that an absent field is absent, not undefined. */
export function evidenceOf(list: readonly EvidenceRequest[] | undefined): Evidence[] {
  return (list ?? []).map(({ link, sha256, description }) => ({
    link,
    ...(sha256 === undefined ? {} : { sha256 }),
    ...(description === undefined ? {} : { description }),
  }));
}
