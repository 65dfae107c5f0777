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

/** The form's answers as the API's JSON body: what was left empty is not given, as a JSON client would leave it out. */
export function requestBodyOf(fields: readonly Field[], form: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = answerOf(field, form);
    if (value !== undefined) body[field.name] = value;
  }
  return body;
}

function answerOf(field: Field, form: Record<string, unknown>): unknown {
  if (field.kind === 'file') return undefined;
  if (field.kind === 'evidence') {
    const [link, description] = [text(form[`${field.name}-link`]), text(form[`${field.name}-description`])];
    return link === undefined ? undefined : [{ link, ...(description === undefined ? {} : { description }) }];
  }
  if (field.kind === 'conditions') {
    const rows = [];
    for (let row = 1; row <= field.rows; row++) {
      const parts = Object.fromEntries(Object.keys(CONDITION_PARTS).flatMap((part) => {
        const value = text(form[conditionControl(field.name, row, part as ConditionPart)]);
        return value === undefined ? [] : [[part, value.trim()]];
      }));
      if (Object.keys(parts).length > 0) rows.push(parts);
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

/** The id of the control a problem is about: radios are reached by their first option, evidence by its link. */
const controlId = (field: Field) => (field.kind === 'evidence' ? `${field.name}-link` : field.kind === 'conditions' ? conditionControl(field.name, 1, 'text') : field.name);

/** Checks the answers with the API's request class; answers the valid request or throws its InvalidCommandError. */
export async function validatedRequest<Request extends object>(spec: FormSpec<Request>, body: Record<string, unknown>): Promise<Request> {
  return (await pipe.transform(body, { type: 'body', metatype: spec.request, data: '' })) as Request;
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
  const order = (path: string) => fields.findIndex((field) => field.name === path.split(/[.[]/)[0]);
  return [...problems].sort((a, b) => order(a.field) - order(b.field)).map(({ field: path, problem }) => {
    const field = known.get(path.split(/[.[]/)[0]);
    if (field === undefined) return { field: '', text: sentence(problem), href: `#${controlId(fields[0])}` };
    // A condition's problem names its row and part, and links to that input: conditions[1].dueOn is row 2's due date.
    const part = field.kind === 'conditions' ? /^[^[]+\[(\d+)\]\.(text|owner|dueOn)$/.exec(path) : null;
    if (part) {
      const [row, name] = [Number(part[1]) + 1, part[2] as ConditionPart];
      return { field: conditionControl(field.name, row, name), text: `Condition ${row}: ${CONDITION_PARTS[name]} ${problem}`, href: `#${conditionControl(field.name, row, name)}` };
    }
    // GOV.UK's wording for a choice left unmade; any other problem is the API's own words after the label.
    const text = isChoice(field) && problem === 'is required' ? `Select ${field.label.toLowerCase()}` : `${field.label} ${problem}`;
    return { field: field.name, text, href: `#${controlId(field)}` };
  });
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

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
              return { part, id, label: CONDITION_PARTS[part], value: values[id], errorMessage: errorOf.get(id) };
            }),
          })),
        };
      case 'file':
        return view;
      default:
        return { ...view, value: values[field.name] };
    }
  });
}
