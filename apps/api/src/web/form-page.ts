import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NotFoundError, REGISTER_OF_KIND } from '@tracker/domain';
import { ProgrammeViews } from '../readiness/programme-views';
import { FormError, FormSpec, answersOf, fieldViews, formErrorsOf, validatedRequest } from '../shared/forms';
import { ProgrammeFactsReader } from '../shared/programme-facts.reader';
import { CLOCK, Clock } from '../infrastructure/tokens';
import { PageRequest, programmePageContext } from './page-context';
import { Renderer } from './renderer';

export type Answers = Record<string, unknown>;

/** Where a form is: a programme (by id), or outside any, under a section of the header. */
export type Where = string | { readonly section: string };

/** A form page: its fields and the words around them. */
export interface FormPage<Request extends object> {
  readonly spec: FormSpec<Request>;
  readonly title: string;
  readonly caption: string;
  readonly intro?: string;
  readonly submit: string;
  /** Where Back and Cancel go: the page the form was opened from. */
  readonly back: string;
  /** The API's request from the answers, where the address gives part of it (what a note is about). */
  readonly requestOf?: (answers: Answers) => Answers;
  /** What the form shows before anything is answered (the first body that may decide, chosen). */
  readonly defaults?: Answers;
  /** Posted as multipart/form-data: the form has a file field. */
  readonly multipart?: boolean;
}

/**
 * What every form page does, whichever part it belongs to: draw the form, check the answers with
 * the API's own request class, dispatch the API's own command, and go on or show every problem
 * with nothing recorded. The forms themselves live beside their part (`findings/web/`, …).
 */
@Injectable()
export class FormPages {
  constructor(
    private readonly renderer: Renderer,
    private readonly views: ProgrammeViews,
    readonly facts: ProgrammeFactsReader,
    @Inject(CLOCK) readonly clock: Clock,
  ) {}

  /** `where` is the programme the form is in, or for a form outside any (a new programme, a new person) the header's section. */
  show(reply: FastifyReply, request: PageRequest, where: Where, page: FormPage<object>, values: Answers = page.defaults ?? {}, errors: FormError[] = [], status = 200) {
    return this.renderer.send(
      reply,
      'pages/form.njk',
      {
        ...(typeof where === 'string' ? programmePageContext(request, where) : { principal: request.principal, section: where.section }),
        title: page.title,
        caption: page.caption,
        intro: page.intro,
        submit: page.submit,
        multipart: page.multipart,
        fields: fieldViews(page.spec.fields, values, errors),
        errors,
        backLink: { href: page.back },
      },
      status,
    );
  }

  /** Checks the answers as the API would; records them and goes on, or shows the form again with every problem and nothing recorded. */
  async submit<Request extends object>(reply: FastifyReply, request: PageRequest, where: Where, page: FormPage<Request>, form: Answers | undefined, act: (body: Request) => Promise<string>) {
    const values = form ?? {};
    const { body: answers, unreadable } = answersOf(page.spec.fields, values);
    let next: string;
    try {
      next = await act(await validatedRequest(page.spec, page.requestOf ? page.requestOf(answers) : answers, unreadable));
    } catch (error) {
      return this.show(reply, request, where, page, values, formErrorsOf(error, page.spec.fields), 400);
    }
    return reply.redirect(next, 303);
  }

  /** A plain page (not a form) in the programme's frame. */
  send(reply: FastifyReply, view: string, context: Record<string, unknown>) {
    return this.renderer.send(reply, view, context);
  }

  async present(programmeId: string) {
    return (await this.views.judged(programmeId)).view;
  }

  async itemOf(programmeId: string, register: string, itemId: string) {
    const view = await this.present(programmeId);
    const item = view.items.find((i) => i.itemId === itemId && REGISTER_OF_KIND[i.kind] === register);
    if (!item) throw new NotFoundError('item', itemId);
    return { programme: view.programme, item };
  }

  async findingOf(programmeId: string, findingId: string) {
    const view = await this.present(programmeId);
    const finding = view.findings.find((f) => f.findingId === findingId);
    if (!finding) throw new NotFoundError('finding', findingId);
    return { programme: view.programme, finding };
  }
}
