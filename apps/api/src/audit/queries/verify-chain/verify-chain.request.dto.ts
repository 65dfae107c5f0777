import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';

export class SignedDigestRequest {
  @IsString({ message: 'must be text' }) programmeId!: string;
  @IsInt({ message: 'must be a whole number' }) @Min(0, { message: 'must not be negative' }) position!: number;
  @IsInt({ message: 'must be a whole number' }) @Min(0, { message: 'must not be negative' }) eventCount!: number;
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 hexadecimal characters' }) headHash!: string;
  @IsISO8601({ strict: true }, { message: 'must be an ISO-8601 instant' }) takenAt!: string;
  @IsOptional() @IsString({ message: 'must be text' }) reason?: string;
  @IsOptional() @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 hexadecimal characters' }) keyFingerprint?: string;
  @IsString({ message: 'must be text' }) signature!: string;
}

export class VerifyChainRequest {
  @ApiPropertyOptional({ description: 'digests kept elsewhere (e.g. downloaded earlier) to check as well as those the server holds' })
  @IsOptional()
  @IsArray({ message: 'must be a list of digests' })
  @ArrayMaxSize(10000, { message: 'must list at most 10000 digests' })
  @ValidateNested({ each: true })
  @Type(() => SignedDigestRequest)
  digests?: SignedDigestRequest[];
}
