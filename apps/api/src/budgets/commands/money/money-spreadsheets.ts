import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidCommandError, MONEY_LIMITS, MoneyLineRow, ukDateOf } from '@tracker/domain';
import { Advisers, Readers } from '../../../access/auth/permissions';
import { ProgrammeViews } from '../../../readiness/programme-views';
import { Context, RequestContext } from '../../../shared/request-context';
import { slugOf } from '../../../shared/words';
import { ImportRefusedError } from '../../../spreadsheets/import-refused.error';
import { readSpreadsheet, toCsv, toXlsx } from '../../../spreadsheets/spreadsheet';
import { SpreadsheetLimits } from '../../../spreadsheets/workbook-guard';
import { ExportRequest } from '../../../spreadsheets/register-spreadsheets.http.controller';
import { moneyRowsOf, moneyTable, problemsOfRefusal } from '../../money-spreadsheet';
import { MoneyCommand, baselineLineId, costModelLineId } from './money';

/** A money spreadsheet is at most a few thousand rows: refused before it is read if it unpacks to more. */
const MONEY_SPREADSHEET_LIMITS: SpreadsheetLimits = { maxInflatedBytes: 8 * 1024 * 1024, maxCells: (MONEY_LIMITS.linesPerImport + 10) * 20, maxColumns: 40 };

const CONTENT_TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' };

export interface MoneyImportOutcome {
  readonly lines: number;
  readonly version: number;
}

/** Reads the lines of a money spreadsheet and records them all, or none with every problem by row. */
export async function importMoney(commands: CommandBus, programmeId: string, file: Buffer, context: RequestContext): Promise<MoneyImportOutcome> {
  const sheet = await readSpreadsheet(file, 'Money', MONEY_SPREADSHEET_LIMITS);
  const lineIdOf = (kind: MoneyLineRow['kind'], reference: string) => (kind === 'baseline' ? baselineLineId(programmeId, reference) : costModelLineId(programmeId, reference));
  const { lines, rows, problems } = moneyRowsOf(sheet, lineIdOf);
  if (problems.length > 0) throw new ImportRefusedError(problems);
  if (lines.length === 0) throw new InvalidCommandError([{ field: 'file', problem: 'has no lines under its header row' }]);
  try {
    const { version } = await commands.execute(new MoneyCommand(programmeId, { type: 'ImportMoneyLines', data: { lines } }, context));
    return { lines: lines.length, version };
  } catch (error) {
    if (error instanceof InvalidCommandError && error.problems.some((p) => p.field.startsWith('lines['))) throw new ImportRefusedError(problemsOfRefusal(error, rows, lines));
    throw error;
  }
}

@Controller('api/programmes/:programmeId/money')
export class MoneySpreadsheetsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: ProgrammeViews,
  ) {}

  /**
   * Baseline and cost-model lines from a CSV or XLSX file (the multipart field `file`), in the
   * columns the export writes: Kind (Baseline or Cost model), Reference, Financial year, Cost
   * centre, Category, Description, Amount, Assumption, Notes. 201 with how many lines were read,
   * or 422 listing every problem by row and column, with nothing recorded.
   */
  @Advisers()
  @Post('imports')
  @HttpCode(201)
  async import(@Param('programmeId') programmeId: string, @Req() request: FastifyRequest, @Context() context: RequestContext): Promise<MoneyImportOutcome> {
    const body = (request.body ?? {}) as { file?: unknown };
    if (!Buffer.isBuffer(body.file)) throw new InvalidCommandError([{ field: 'file', problem: 'is required: send the spreadsheet (CSV or XLSX) as the multipart/form-data field "file"' }]);
    return importMoney(this.commands, programmeId, body.file, context);
  }

  /** The baseline and the cost model as an XLSX workbook (the default) or a CSV file, in the columns an import reads back. */
  @Readers()
  @Get('export')
  async export(@Param('programmeId') programmeId: string, @Query() query: ExportRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const format = query.format ?? 'xlsx';
    const { view, today } = await this.views.judged(programmeId);
    const table = moneyTable(view.money);
    const filename = `money-${slugOf(view.programme.name)}-${ukDateOf(`${today}T12:00:00Z`)}.${format}`;
    void reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${filename}"`);
    return format === 'csv' ? toCsv(table) : toXlsx(table);
  }
}

