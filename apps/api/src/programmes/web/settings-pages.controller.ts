import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { DECIDING_BODIES, DECIDING_BODY_CODES, DECISION_TYPES, InvalidCommandError, SEVERITIES } from '@tracker/domain';
import { ProgrammeList } from '@tracker/read-models';
import { Permit, Readers } from '../../access/auth/permissions';
import { Context, RequestContext } from '../../shared/request-context';
import { Field, FormError, fieldViews, formErrorsOf, requestBodyOf, validatedRequest } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest, programmePageContext } from '../../web/page-context';
import { Renderer } from '../../web/renderer';
import { words } from '../../shared/words';
import { ProgrammeSettingsReader, ProgrammeSettingsView } from '../queries/get-settings/get-settings';
import { ChangeProgrammeSettingsCommand } from '../commands/change-settings/change-settings';
import { ChangeProgrammeSettingsRequest } from '../commands/change-settings/change-settings.request.dto';

/** The kinds of decision in the board's words. */
export const DECISION_TYPE_WORDS: Record<(typeof DECISION_TYPES)[number], string> = {
  'sla-recommendation': 'Decisions on SLA recommendations',
  'risk-acceptance': 'Accepting a finding’s risk',
  'delivery-confidence': 'Rating delivery confidence',
  'go-no-go': 'Go / no-go for go-live',
};

const BODY_WORDS: Record<(typeof DECIDING_BODY_CODES)[number], string> = {
  'project-board': 'project board',
  commissioner: 'Commissioner',
  department: 'department (Secretary of State)',
  'shadow-trust-board': 'shadow trust board',
  'council-cabinet': 'council cabinet',
};

const bodyField = (body: (typeof DECIDING_BODY_CODES)[number]): Field => ({
  kind: 'checkboxes',
  name: `body-${body}`,
  label: `Decisions the ${BODY_WORDS[body]} takes`,
  hint: 'Leave all unticked if it takes none',
  choices: DECISION_TYPES.map((value) => ({ value, text: DECISION_TYPE_WORDS[value] })),
});
const FOUR_EYES: Field = {
  kind: 'checkboxes',
  name: 'fourEyes',
  label: 'Findings that need four eyes to close',
  hint: 'For findings of these severities, whoever marked the finding resolved cannot also close it',
  choices: SEVERITIES.map((value) => ({ value, text: words(value) })),
};
const FIELDS: readonly Field[] = [...DECIDING_BODY_CODES.map(bodyField), FOUR_EYES];

/** The programme's settings page: every member reads them; the board and administrators change them. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId/settings')
export class ProgrammeSettingsPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly settings: ProgrammeSettingsReader,
    private readonly programmes: ProgrammeList,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @Readers()
  async show(@Param('programmeId') programmeId: string, @Query('done') done: string | undefined, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const settings = await this.settings.read(programmeId);
    return this.page(reply, request, programmeId, settings, valuesOf(settings), [], 200, done === 'settings' ? 'The programme’s settings have been changed.' : undefined);
  }

  @Post()
  @Permit('board')
  async change(@Param('programmeId') programmeId: string, @Body() form: Record<string, unknown> | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const values = form ?? {};
    try {
      const answers = requestBodyOf(FIELDS, values);
      // The whole settings, as the page shows them: a body with nothing ticked takes no decisions.
      const decisionBodies = Object.fromEntries(DECIDING_BODY_CODES.map((body) => [body, answers[`body-${body}`] ?? []]));
      const body = await validatedRequest({ fields: FIELDS, request: ChangeProgrammeSettingsRequest }, { decisionBodies, fourEyes: answers.fourEyes ?? [] });
      await this.commands.execute(new ChangeProgrammeSettingsCommand(programmeId, body, context));
    } catch (error) {
      const errors = formErrorsOf(onThePage(error), FIELDS);
      return this.page(reply, request, programmeId, await this.settings.read(programmeId), values, errors, 400);
    }
    return reply.redirect(`/programmes/${programmeId}/settings?done=settings`, 303);
  }

  private page(reply: FastifyReply, request: PageRequest, programmeId: string, settings: ProgrammeSettingsView, values: Record<string, unknown>, errors: FormError[], status: number, notice?: string) {
    const programme = this.programmes.get(programmeId);
    const context = programmePageContext(request, programmeId);
    const current = [
      ...DECIDING_BODY_CODES.map((body) => ({
        key: { text: DECIDING_BODIES[body] },
        value: { text: (settings.decisionBodies[body] ?? []).map((type) => DECISION_TYPE_WORDS[type]).join('; ') || 'None' },
      })),
      { key: { text: 'Four eyes to close' }, value: { text: settings.fourEyes.length ? settings.fourEyes.map(words).join(', ') + ' findings' : 'No findings' } },
    ];
    return this.renderer.send(
      reply,
      'pages/settings.njk',
      {
        ...context,
        ...(notice ? { notice } : {}),
        title: 'Programme settings',
        caption: programme?.name ?? '',
        current,
        description: [
          { key: { text: 'Region' }, value: { text: programme?.description.region ? words(programme.description.region) : 'Not said' } },
          { key: { text: 'Delivery model' }, value: { text: programme?.description.deliveryModel ? words(programme.description.deliveryModel) : 'Not said' } },
          { key: { text: 'Inspection judgement' }, value: { text: programme?.description.inspectionJudgement ?? 'Not said' } },
          { key: { text: 'Lead adviser' }, value: { text: programme?.description.leadAdviser ?? 'Not said' } },
        ],
        fields: fieldViews(FIELDS, values, errors),
        errors,
      },
      status,
    );
  }
}

/** The settings as the form's ticked boxes. */
function valuesOf(settings: ProgrammeSettingsView): Record<string, unknown> {
  return { ...Object.fromEntries(DECIDING_BODY_CODES.map((body) => [`body-${body}`, [...(settings.decisionBodies[body] ?? [])]])), fourEyes: [...settings.fourEyes] };
}

/** The API's field names as the page's: decisionBodies.commissioner is the Commissioner's boxes. */
function onThePage(error: unknown): unknown {
  if (!(error instanceof InvalidCommandError)) return error;
  return new InvalidCommandError(
    error.problems.map(({ field, problem }) => {
      const body = /^decisionBodies\.([a-z-]+)/.exec(field)?.[1];
      if (body !== undefined) return { field: `body-${body}`, problem };
      if (field === 'decisionBodies') {
        const untaken = /nobody would take (.*)$/.exec(problem)?.[1].split(', ') ?? [];
        const named = untaken.map((type) => DECISION_TYPE_WORDS[type as keyof typeof DECISION_TYPE_WORDS]?.toLowerCase() ?? type);
        return { field: '', problem: `Every kind of decision needs a body to take it; nobody would take: ${named.join('; ')}` };
      }
      return { field, problem };
    }),
  );
}
