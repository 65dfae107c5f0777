import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidCommandError, assertProgrammeOpen } from '@tracker/domain';
import { Advisers, Readers } from '../access/auth/permissions';
import { CLOCK, Clock } from '../infrastructure/tokens';
import { ProgrammeFactsReader } from '../shared/programme-facts.reader';
import { Context, RequestContext } from '../shared/request-context';
import { ProgrammeDocuments } from './programme-documents';

/** The multipart fields an upload may carry: the file, a name to download it under, and a page form's CSRF token. */
const FIELDS = new Set(['file', 'name', '_csrf']);

/**
 * Documents behind register steps: uploaded once, known by their SHA-256 (which a step's evidence
 * then names), served back to the programme's members only, as a download.
 */
@Controller('api/programmes/:programmeId/documents')
export class DocumentsHttpController {
  constructor(
    private readonly documents: ProgrammeDocuments,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One file as the multipart field `file` (and optionally `name`); larger than DOCUMENT_LIMIT_BYTES gets 413. */
  @Advisers()
  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string', maxLength: 100 } } } })
  async upload(@Param('programmeId') programmeId: string, @Req() request: FastifyRequest, @Context() context: RequestContext) {
    assertProgrammeOpen(await this.programmes.read(programmeId));
    const body = (request.isMultipart() ? (request.body ?? {}) : {}) as Record<string, unknown>;
    const unknown = Object.keys(body).filter((field) => !FIELDS.has(field));
    if (unknown.length > 0) throw new InvalidCommandError(unknown.map((field) => ({ field, problem: 'is not a field of a document upload (send the document as the field "file")' })));
    const { file, name } = body;
    if (!Buffer.isBuffer(file)) throw new InvalidCommandError([{ field: 'file', problem: 'is required: send the document as the multipart/form-data field "file"' }]);
    if (file.length === 0) throw new InvalidCommandError([{ field: 'file', problem: 'is empty: the document has no bytes' }]);
    if (name !== undefined && (typeof name !== 'string' || name.length > 100)) throw new InvalidCommandError([{ field: 'name', problem: 'must be text of at most 100 characters' }]);
    const record = this.documents.upload(programmeId, file, name as string | undefined, context.userId, this.clock());
    return { sha256: record.sha256, bytes: record.bytes, filename: record.filename, contentType: record.contentType, href: `/api/programmes/${programmeId}/documents/${record.sha256}` };
  }

  /** The document as uploaded, as an attachment: never shown inline, whatever it holds. */
  @Readers()
  @Get(':sha256')
  download(@Param('programmeId') programmeId: string, @Param('sha256') sha256: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const { record, bytes } = this.documents.download(programmeId, sha256.toLowerCase());
    void reply
      .header('content-type', record.contentType)
      .header('content-disposition', `attachment; filename="${record.filename}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header('digest', `sha-256=${Buffer.from(record.sha256, 'hex').toString('base64')}`);
    return bytes;
  }
}
