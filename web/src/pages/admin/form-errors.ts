import type { MessageKey } from '../../i18n/i18n.js';

/** A form's complaint about one field: a message key and its placeholders (translated when shown). */
export interface FieldProblem {
  key: MessageKey;
  vars?: Record<string, string | number>;
}
/** Complaints by field name (dotted for nested parts, e.g. `hours.tue.0`). */
export type FormErrors = Record<string, FieldProblem>;

/** The outcome of turning a form's values into a request body. */
export type Checked<T> = { body: T; errors?: undefined } | { body?: undefined; errors: FormErrors };

export function checked<T>(body: T, errors: FormErrors): Checked<T> {
  return Object.keys(errors).length > 0 ? { errors } : { body };
}

/** A whole number within bounds, or the complaint about it. */
export function wholeNumber(text: string, min: number, max: number): number | FieldProblem {
  const trimmed = text.trim();
  if (trimmed === '') return { key: 'admin.error.required' };
  if (!/^-?\d+$/.test(trimmed)) return { key: 'admin.error.wholeNumber' };
  const n = Number(trimmed);
  if (n < min || n > max) return { key: 'admin.error.range', vars: { min, max } };
  return n;
}

/** Trimmed text that must be present and at most `max` long; records a complaint under `field` otherwise. */
export function requiredText(errors: FormErrors, field: string, text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed === '') errors[field] = { key: 'admin.error.required' };
  else if (trimmed.length > max) errors[field] = { key: 'admin.error.tooLong', vars: { max } };
  return trimmed;
}
