import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsObject, IsString, IsUrl, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { StepEvidence } from '@tracker/domain';
import { Text } from '../shared/validation';

const MAX_EVIDENCE = 20;
const trimmed = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A document a step rests on: what it is, and a link to it and/or its SHA-256 — the hash of a
 * document uploaded to the programme (POST /api/programmes/{id}/documents), or of one kept elsewhere.
 */
export class StepEvidenceRequest {
  @Text(200, { description: 'what the document is', example: 'Deed of novation, signed by the council' })
  title!: string;

  @ApiPropertyOptional({ type: String, format: 'uri', maxLength: 2000, description: 'where the document is kept; required unless sha256 is given', example: 'https://northshire.sharepoint.com/sites/transition/deed.pdf' })
  @trimmed
  @ValidateIf((request: StepEvidenceRequest, value: unknown) => value !== undefined || request.sha256 === undefined)
  @IsDefined({ message: 'is required unless the document’s sha256 is given' })
  @IsString({ message: 'must be text' })
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be a web address starting http:// or https://' })
  link?: string;

  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the document, as 64 hexadecimal characters (an uploaded document’s is answered by the upload)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  // Left out, it may be; null it may not.
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString({ message: 'must be text' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256 hash written as 64 hexadecimal characters' })
  sha256?: string;
}

export const StepEvidenceList = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [StepEvidenceRequest], maxItems: MAX_EVIDENCE, description: 'the documents the step rests on' }),
    ValidateIf((_: object, value: unknown) => value !== undefined),
    IsArray({ message: 'must be a list of evidence' }),
    ArrayMaxSize(MAX_EVIDENCE, { message: `must list at most ${MAX_EVIDENCE} pieces of evidence` }),
    IsObject({ each: true, message: 'must list each piece of evidence as an object with a title' }),
    ValidateNested({ each: true }),
    Type(() => StepEvidenceRequest),
  );

/** Plain domain values, built field by field so that an absent field is absent, not undefined. */
export function stepEvidenceOf(list: readonly StepEvidenceRequest[] | undefined): StepEvidence[] | undefined {
  return list?.map(({ title, link, sha256 }) => ({ title, ...(link === undefined ? {} : { link }), ...(sha256 === undefined ? {} : { sha256 }) }));
}
