/**
 * One CSV cell as Excel must read it. A cell that would start a formula (= + - @, tab or CR at
 * the start: OWASP's CSV injection list) gets a leading apostrophe, which Excel shows as text;
 * a cell holding a quote, a comma, a semicolon (the separator where Excel's locale uses one), a
 * tab or a line break is quoted, so `;=1+1` can never become a cell of its own that runs.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as it was before {@link csvCell} made it inert: an export re-imported reads what was exported. */
export function fromCsvCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
