import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, InvalidCommandError, ItemKind } from '@tracker/domain';
import { Advisers } from '../access/auth/permissions';
import { ProgrammeViews } from '../readiness/programme-views';
import { Context, RequestContext } from '../shared/request-context';
import { ImportProblem, ImportRefusedError } from '../spreadsheets/import-refused.error';
import { ImportBusyError, SpreadsheetTooLargeError } from '../spreadsheets/workbook-guard';
import { columnsOf, otherHeadersOf } from '../spreadsheets/register-columns';
import { RegisterSpreadsheets, kindOf, mappingOf } from '../spreadsheets/register-spreadsheets';
import { PageErrorFilter } from './page-error.filter';
import { PageRequest, programmePageContext } from './page-context';
import { Renderer } from './renderer';
import { words } from '../shared/words';

/** Problems listed on the page; the rest are counted (the API lists them all). */
const PROBLEMS_SHOWN = 200;

/** Importing a register from a spreadsheet through the browser: the same checks and the same command as the API. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId/registers/:register/import')
export class ImportPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly views: ProgrammeViews,
    private readonly spreadsheets: RegisterSpreadsheets,
  ) {}

  @Get()
  @Advisers()
  async form(@Param('programmeId') p: string, @Param('register') r: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, r);
  }

  @Post()
  @Advisers()
  async import(@Param('programmeId') p: string, @Param('register') r: string, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const form = (request.body ?? {}) as { file?: unknown; mapping?: unknown };
    const mapping = typeof form.mapping === 'string' ? form.mapping : '';
    if (!Buffer.isBuffer(form.file) || form.file.length === 0) {
      return this.show(reply, request, p, r, { mapping, errors: [{ text: 'Select a CSV or Excel file to import', href: '#file' }] }, 400);
    }
    try {
      const outcome = await this.spreadsheets.import(p, r, form.file, mappingOf(mapping), context);
      const { programme } = await this.programmeOf(p);
      return this.renderer.send(reply, 'pages/imported.njk', { ...programmePageContext(request, p), title: `${words(r)} imported`, caption: programme.name, register: r, ...outcome });
    } catch (error) {
      if (error instanceof ImportRefusedError) return this.show(reply, request, p, r, { mapping, problems: error.problems, totalProblems: error.totalProblems }, 422);
      if (error instanceof InvalidCommandError) {
        const errors = error.problems.map(({ field, problem }) => ({ text: `The ${field === 'mapping' ? 'column mapping' : 'file'} ${problem}`, href: field === 'mapping' ? '#mapping' : '#file' }));
        return this.show(reply, request, p, r, { mapping, errors }, 400);
      }
      if (error instanceof SpreadsheetTooLargeError) return this.show(reply, request, p, r, { mapping, errors: [{ text: error.message, href: '#file' }] }, 413);
      if (error instanceof ImportBusyError) {
        void reply.header('retry-after', String(error.retryAfterSeconds));
        return this.show(reply, request, p, r, { mapping, errors: [{ text: error.message, href: '#file' }] }, 503);
      }
      if (error instanceof DomainError) return this.show(reply, request, p, r, { mapping, errors: [{ text: error.message, href: '#file' }] }, 409);
      throw error;
    }
  }

  private async show(
    reply: FastifyReply,
    request: PageRequest,
    programmeId: string,
    register: string,
    { mapping = '', problems = [], totalProblems = problems.length, errors = [] }: { mapping?: string; problems?: readonly ImportProblem[]; totalProblems?: number; errors?: { text: string; href: string }[] } = {},
    status = 200,
  ) {
    const kind = kindOf(register);
    const { programme } = await this.programmeOf(programmeId);
    const summary = problems.length > 0 ? [{ text: `${totalProblems === 1 ? 'One problem' : `${totalProblems.toLocaleString('en-GB')} problems`} in the file; nothing was recorded. ${totalProblems > PROBLEMS_SHOWN ? `The first ${PROBLEMS_SHOWN} are listed below.` : 'Each is listed below.'}`, href: '#problems' }] : errors;
    return this.renderer.send(
      reply,
      'pages/import.njk',
      {
        ...programmePageContext(request, programmeId),
        title: `Import ${words(register).toLowerCase()} from a spreadsheet`,
        caption: programme.name,
        register,
        columns: this.columns(kind),
        mapping,
        problems: problems.slice(0, PROBLEMS_SHOWN),
        moreProblems: Math.max(0, totalProblems - PROBLEMS_SHOWN),
        errors: summary,
        fileError: summary.length > 0 ? { text: summary[0].text } : undefined,
        backLink: { href: `/programmes/${programmeId}/registers/${register}` },
      },
      status,
    );
  }

  private columns(kind: ItemKind) {
    return columnsOf(kind).map(({ field, header, optional }) => ({ header, name: field.name, optional, others: otherHeadersOf(kind, field.name).join(', ') }));
  }

  private async programmeOf(programmeId: string) {
    return (await this.views.judged(programmeId)).view;
  }
}
