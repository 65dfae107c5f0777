import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidCommandError } from '@tracker/domain';
import { Advisers, Readers } from '../access/auth/permissions';
import { Context, RequestContext } from '../shared/request-context';
import { OneOf } from '../shared/validation';
import { ImportOutcome, RegisterSpreadsheets, SPREADSHEET_REGISTERS, mappingOf } from './register-spreadsheets';

export class ImportRequest {
  @OneOf(SPREADSHEET_REGISTERS, { description: 'the register the file holds' })
  register!: string;
}

export class ExportRequest {
  @OneOf(['xlsx', 'csv'], { optional: true, description: 'xlsx (the default) or csv' })
  format?: 'xlsx' | 'csv';
}

const CONTENT_TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' };

@Controller('api/programmes/:programmeId')
export class RegisterSpreadsheetsHttpController {
  constructor(private readonly spreadsheets: RegisterSpreadsheets) {}

  /**
   * A register from a CSV or XLSX file, sent as the multipart field `file` (with `mapping`, one
   * "Header = field" a line, where a header is not recognised). 201 with what was recorded, or
   * 422 listing every problem, with nothing recorded.
   */
  @Advisers()
  @Post('imports')
  @HttpCode(201)
  async import(@Param('programmeId') programmeId: string, @Query() query: ImportRequest, @Req() request: FastifyRequest, @Context() context: RequestContext): Promise<ImportOutcome> {
    const body = (request.body ?? {}) as { file?: unknown; mapping?: unknown };
    if (!Buffer.isBuffer(body.file)) {
      throw new InvalidCommandError([{ field: 'file', problem: 'is required: send the spreadsheet (CSV or XLSX) as the multipart/form-data field "file"' }]);
    }
    return this.spreadsheets.import(programmeId, query.register, body.file, mappingOf(body.mapping), context);
  }

  /** A register as an XLSX workbook or a CSV file, in the columns an import reads back. */
  @Readers()
  @Get('exports/:register')
  async export(@Param('programmeId') programmeId: string, @Param('register') register: string, @Query() query: ExportRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const format = query.format ?? 'xlsx';
    const { file, filename } = await this.spreadsheets.export(programmeId, register, format);
    void reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${filename}"`);
    return file;
  }
}
