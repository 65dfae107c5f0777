import { DomainError, DuplicateReferenceError, InvalidCommandError, NotFoundError } from '@tracker/domain';
import { validationPipe } from './validation-pipe';
import { words } from './words';

/*
 * A page's form is described once, as fields; from that description come the GOV.UK
 * components it is drawn with, the JSON body the API's own DTO validates, and the error
 * summary and inline errors when that validation (or the domain) refuses it.
 */

export interface Choice {
  readonly value: string;
  readonly text?: string;
  readonly hint?: string;
}

interface FieldBase {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  /** The error when it is left unanswered, where the usual "Enter …" or "Select …" would not read well (a yes-or-no question). */
  readonly missing?: string;
  /**
   * The request's field this one is part of, where the form spreads one answer over several
   * fields (a closure's lessons, area by area): a problem with the whole is shown on the first of
   * them, in the group's words ("Lessons learned must say …").
   */
  readonly group?: { readonly name: string; readonly label: string };
}

export type Field =
  | (FieldBase & { readonly kind: 'text' | 'textarea' | 'date' | 'number' | 'money' | 'lines' | 'evidence' })
  /** A file, on a form posted as multipart/form-data; the page handles it, it is not part of the request checked. */
  | (FieldBase & { readonly kind: 'file' })
  | (FieldBase & { readonly kind: 'select' | 'radios' | 'checkboxes'; readonly choices: readonly Choice[]; /** The select's empty choice, where leaving it empty means something. */ readonly empty?: string })
  | (FieldBase & { readonly kind: 'yes-no' })
  /** Rows of a go's conditions: what must be done, who sees to it, by when; empty rows are left out. */
  | (FieldBase & { readonly kind: 'conditions'; readonly rows: number });

/** The parts of a condition row, in the words of its inputs. */
export const CONDITION_PARTS = { text: 'what must be done', owner: 'who sees to it', dueOn: 'due by' } as const;
type ConditionPart = keyof typeof CONDITION_PARTS;
const conditionControl = (name: string, row: number, part: ConditionPart) => `${name}-${row}-${part}`;

/** A form's fields; its answers are checked by the API's own request class. */
export interface FormSpec<Request extends object = object> {
  readonly fields: readonly Field[];
  readonly request: new () => Request;
}

export interface FormError {
  readonly field: string;
  readonly text: string;
  readonly href: string;
}

/** Codes as choices in words: ['novate', …] → [{ value: 'novate', text: 'Novate' }, …]. */
export const choicesOf = (codes: readonly string[]): Choice[] => codes.map((value) => ({ value, text: words(value) }));

const isChoice = (field: Field) => field.kind === 'select' || field.kind === 'radios' || field.kind === 'checkboxes' || field.kind === 'yes-no';

/** A problem with an answer the API never sees, because it cannot be read (a date with no month). */
export interface Unreadable {
  readonly field: string;
  readonly problem: string;
}

/** The form's answers as the API's JSON body: what was left empty is not given, as a JSON client would leave it out. */
export function requestBodyOf(fields: readonly Field[], form: Record<string, unknown>): Record<string, unknown> {
  return answersOf(fields, form).body;
}

/** The body, and the answers that could not be read: those are left out of the body and told in GOV.UK's words. */
export function answersOf(fields: readonly Field[], form: Record<string, unknown>): { body: Record<string, unknown>; unreadable: Unreadable[] } {
  const body: Record<string, unknown> = {};
  const unreadable: Unreadable[] = [];
  for (const field of fields) {
    const value = answerOf(field, form, unreadable);
    if (value !== undefined) body[field.name] = value;
  }
  return { body, unreadable };
}

const DATE_PARTS = ['day', 'month', 'year'] as const;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dateControl = (name: string, part: (typeof DATE_PARTS)[number]) => `${name}-${part}`;
const listed = (parts: readonly string[]) => (parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);

/**
 * A date typed in GOV.UK's three fields (`dueDate-day`, `-month`, `-year`) as YYYY-MM-DD, or what is
 * wrong with it in the words of GOV.UK's date input pattern. A month may be written as a number or
 * a name ("3", "Mar", "March"). A single `dueDate` answer, as a script might post, is taken as given.
 */
export function dateAnswer(form: Record<string, unknown>, name: string): { value?: string; problem?: string } {
  const whole = text(form[name]);
  if (whole !== undefined) return { value: whole.trim() };
  const [day, month, year] = DATE_PARTS.map((part) => text(form[dateControl(name, part)])?.trim() ?? '');
  if (!day && !month && !year) return {};
  const missing = DATE_PARTS.filter((_, i) => ![day, month, year][i]);
  if (missing.length > 0) return { problem: `must include a ${listed(missing)}` };
  const monthNumber = /^\d{1,2}$/.test(month) ? Number(month) : MONTHS.indexOf(month.slice(0, 3).toLowerCase()) + 1;
  if (!/^\d{4}$/.test(year)) return { problem: 'must include a year with 4 numbers, like 2027' };
  if (!/^\d{1,2}$/.test(day) || monthNumber < 1 || monthNumber > 12) return { problem: 'must be a real date' };
  const iso = `${year}-${String(monthNumber).padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return { problem: 'must be a real date' };
  return { value: iso };
}

function answerOf(field: Field, form: Record<string, unknown>, unreadable: Unreadable[] = []): unknown {
  if (field.kind === 'date') {
    const { value, problem } = dateAnswer(form, field.name);
    if (problem) unreadable.push({ field: field.name, problem });
    return value;
  }
  if (field.kind === 'file') return undefined;
  if (field.kind === 'evidence') {
    const [link, description] = [text(form[`${field.name}-link`]), text(form[`${field.name}-description`])];
    return link === undefined ? undefined : [{ link, ...(description === undefined ? {} : { description }) }];
  }
  if (field.kind === 'conditions') {
    const rows = [];
    for (let row = 1; row <= field.rows; row++) {
      const control = (part: ConditionPart) => conditionControl(field.name, row, part);
      const due = dateAnswer(form, control('dueOn'));
      const parts = Object.fromEntries(Object.keys(CONDITION_PARTS).flatMap((part) => {
        const value = part === 'dueOn' ? due.value : text(form[control(part as ConditionPart)]);
        return value === undefined ? [] : [[part, value.trim()]];
      }));
      if (due.problem) unreadable.push({ field: `${field.name}[${rows.length}].dueOn`, problem: due.problem });
      if (Object.keys(parts).length > 0 || due.problem) rows.push(parts);
    }
    return rows.length === 0 ? undefined : rows;
  }
  if (field.kind === 'checkboxes') {
    // One box ticked arrives as text, several as a list, none not at all.
    const ticked = ([] as unknown[]).concat(form[field.name] ?? []).filter((v) => text(v) !== undefined);
    return ticked.length === 0 ? undefined : ticked;
  }
  const value = text(form[field.name]);
  if (value === undefined) return undefined;
  switch (field.kind) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    case 'money': {
      // People write money as they see it: "£1,250.00" is 1250.
      const plain = value.replace(/^£/, '').replace(/,/g, '');
      return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : value;
    }
    case 'yes-no':
      return value === 'yes' ? true : value === 'no' ? false : value;
    case 'lines':
      return value.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
    default:
      return value;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The id of the control a problem is about: radios are reached by their first option, evidence by its link, a date by its day. */
const controlId = (field: Field) =>
  field.kind === 'evidence' ? `${field.name}-link` : field.kind === 'conditions' ? conditionControl(field.name, 1, 'text') : field.kind === 'date' ? dateControl(field.name, 'day') : field.name;

/**
 * Checks the answers with the API's request class; answers the valid request or throws its
 * InvalidCommandError, with the answers that could not be read told first and in their own words.
 */
export async function validatedRequest<Request extends object>(spec: FormSpec<Request>, body: Record<string, unknown>, unreadable: readonly Unreadable[] = []): Promise<Request> {
  let request: Request;
  try {
    request = (await pipe.transform(body, { type: 'body', metatype: spec.request, data: '' })) as Request;
  } catch (error) {
    if (!(error instanceof InvalidCommandError) || unreadable.length === 0) throw error;
    const told = new Set(unreadable.map((u) => u.field));
    throw new InvalidCommandError([...unreadable, ...error.problems.filter((p) => !told.has(p.field))]);
  }
  if (unreadable.length > 0) throw new InvalidCommandError([...unreadable]);
  return request;
}
const pipe = validationPipe();

/**
 * A refusal as the GOV.UK error summary's list: each problem by the field's label, linking to its
 * control. A refusal that is not about the answers (a missing finding) is not the form's to show.
 */
export function formErrorsOf(error: unknown, fields: readonly Field[]): FormError[] {
  if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
  const known = new Map(fields.map((field) => [field.name, field]));
  // A taken reference or email is the field's problem, shown on it; other refusals are the form's.
  const problems = error instanceof InvalidCommandError ? error.problems : [{ field: error instanceof DuplicateReferenceError ? error.field : '', problem: error.message }];
  // The summary lists problems in the order of the fields on the page; one not about a field comes first.
  const fieldFor = (path: string) => {
    const name = path.split(/[.[]/)[0];
    return known.get(name) ?? fields.find((field) => field.group?.name === name);
  };
  const order = (path: string) => {
    const field = fieldFor(path);
    return field === undefined ? -1 : fields.indexOf(field);
  };
  return [...problems].sort((a, b) => order(a.field) - order(b.field)).map(({ field: path, problem }) => {
    const field = fieldFor(path);
    if (field === undefined) return { field: '', text: sentence(problem), href: `#${controlId(fields[0])}` };
    if (field.name !== path.split(/[.[]/)[0]) return { field: field.name, text: `${field.group!.label} ${problem}`, href: `#${controlId(field)}` };
    // A condition's problem names its row and part, and links to that input: conditions[1].dueOn is row 2's due date.
    const part = field.kind === 'conditions' ? /^[^[]+\[(\d+)\]\.(text|owner|dueOn)$/.exec(path) : null;
    if (part) {
      const [row, name] = [Number(part[1]) + 1, part[2] as ConditionPart];
      const control = conditionControl(field.name, row, name);
      const text = problem === 'is required' ? `Condition ${row}: enter ${CONDITION_MISSING[name]}` : `Condition ${row}: ${CONDITION_PARTS[name]} ${problem}`;
      return { field: control, text, href: `#${name === 'dueOn' ? dateControl(control, 'day') : control}` };
    }
    // GOV.UK's wording for an answer left out ("Enter the owner", "Select the severity"); any other problem is the API's own words after the label.
    const text = problem === 'is required' ? missingAnswer(field) : `${field.label} ${problem}`;
    return { field: field.name, text, href: `#${controlId(field)}` };
  });
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const CONDITION_MISSING: Record<ConditionPart, string> = { text: 'what must be done', owner: 'who sees to it', dueOn: 'the date it is due by' };

/**
 * The GOV.UK error message for an answer left out: "Enter …" for what is typed, "Select …" for a
 * choice, naming the thing as the label does ("Enter the owner", "Enter why it is closed", "Select
 * the severity"); a yes-or-no question says its own (`missing`), or asks for yes or no.
 */
function missingAnswer(field: Field): string {
  if (field.missing) return field.missing;
  if (field.kind === 'yes-no') return 'Select yes or no';
  const label = /^[A-Z][A-Z]/.test(field.label) ? field.label : field.label.charAt(0).toLowerCase() + field.label.slice(1);
  // A question ("Why it is closed") or a name that carries its own article reads on without "the".
  const thing = /^(why|how|what|who|when|where|which|whether|the|a|an|your|each|any)\b/i.test(label) ? label : `the ${label}`;
  return `${isChoice(field) || field.kind === 'file' ? 'Select' : 'Enter'} ${thing}`;
}

/** What the template draws: each field with its answer, its choices and its error, ready for GOV.UK's macros. */
export function fieldViews(fields: readonly Field[], values: Record<string, unknown>, errors: readonly FormError[]): object[] {
  const errorOf = new Map(errors.filter((e) => e.field).map((e) => [e.field, { text: e.text }]));
  return fields.map((field) => {
    const view = { kind: field.kind, id: controlId(field), name: field.name, label: field.label, hint: field.hint, errorMessage: errorOf.get(field.name) };
    switch (field.kind) {
      case 'select':
      case 'radios':
      case 'checkboxes':
        return {
          ...view,
          items: [
            ...(field.kind === 'select' ? [{ value: '', text: field.empty ?? `Choose ${field.label.toLowerCase()}` }] : []),
            ...field.choices.map((choice) => ({
              value: choice.value,
              text: choice.text ?? words(choice.value),
              hint: choice.hint ? { text: choice.hint } : undefined,
              selected: values[field.name] === choice.value,
              checked: ([] as unknown[]).concat(values[field.name] ?? []).includes(choice.value),
            })),
          ],
        };
      case 'yes-no':
        return { ...view, items: [{ value: 'yes', text: 'Yes', checked: values[field.name] === 'yes' }, { value: 'no', text: 'No', checked: values[field.name] === 'no' }] };
      case 'evidence':
        return { ...view, link: values[`${field.name}-link`], description: values[`${field.name}-description`] };
      case 'conditions':
        return {
          ...view,
          rows: Array.from({ length: field.rows }, (_, i) => i + 1).map((row) => ({
            row,
            parts: (Object.keys(CONDITION_PARTS) as ConditionPart[]).map((part) => {
              const id = conditionControl(field.name, row, part);
              return { part, id, label: CONDITION_PARTS[part], value: values[id], ...(part === 'dueOn' ? { items: dateInputItems(values, id, errorOf.has(id)) } : {}), errorMessage: errorOf.get(id) };
            }),
          })),
        };
      case 'file':
        return view;
      case 'date':
        return { ...view, id: field.name, items: dateInputItems(values, field.name, errorOf.has(field.name)) };
      default:
        return { ...view, value: values[field.name] };
    }
  });
}

/** GOV.UK's date input items: what was typed in each part, or the parts of a date given whole (a form's defaults). */
export function dateInputItems(values: Record<string, unknown>, name: string, error: boolean): object[] {
  const whole = typeof values[name] === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(values[name] as string) : null;
  const given = { day: whole ? String(Number(whole[3])) : values[dateControl(name, 'day')], month: whole ? String(Number(whole[2])) : values[dateControl(name, 'month')], year: whole ? whole[1] : values[dateControl(name, 'year')] };
  return DATE_PARTS.map((part) => ({ name: part, value: given[part], classes: `govuk-input--width-${part === 'year' ? 4 : 2}${error ? ' govuk-input--error' : ''}` }));
}
