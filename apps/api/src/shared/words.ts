/** Codes and names in words, for pages, files and messages alike. */

const ACRONYMS: Record<string, string> = { sla: 'SLA', slas: 'SLAs', eli: 'ELI', lgps: 'LGPS', ict: 'ICT' };

/** A code as words: "staff-groups" → "Staff groups", "slas" → "SLAs". */
export function words(code: string | null | undefined): string {
  if (!code) return '';
  const text = code
    .split('-')
    .map((word) => ACRONYMS[word] ?? word)
    .join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A name as it goes into a file name: "Northshire Children’s Trust" → "northshire-children-s-trust". */
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A kind of item with its article, as in "Register an SLA": "sla" → "an SLA", "staff-group" → "a staff group". */
export function aKindOf(kind: string): string {
  const noun = words(kind);
  const named = noun === noun.toUpperCase() ? noun : noun.toLowerCase();
  return `${/^[aeiou]/i.test(named) || named === 'SLA' ? 'an' : 'a'} ${named}`;
}
