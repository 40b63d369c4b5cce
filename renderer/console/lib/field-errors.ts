// Server-side validation errors shown next to their field: the console API
// names the field at fault (`field`, e.g. "ssoUrl" or "certificates.0") and
// prefixes its message with it; the form shows the message under the input
// whose `name` is that field. An error without a field is the form's own.
import { ConsoleApiError } from '../api/client.ts';

export interface FormErrors {
  /** For react-aria's <Form validationErrors>: input name → message. */
  fields: Record<string, string>;
  /** What belongs to no field (or to a field this form does not have). */
  form: string | undefined;
}

export const noErrors: FormErrors = { fields: {}, form: undefined };

/** "ssoUrl: not a URL" → "not a URL" (the field is already shown beside it). */
export function withoutFieldPrefix(message: string, field: string): string {
  const prefix = `${field}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

export function formErrorsOf(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!error) return noErrors;
  if (!(error instanceof ConsoleApiError)) {
    return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  }
  const field = error.field;
  // An error about a whole list ("certificates") belongs under its first input ("certificates.0").
  const input = field && (fieldNames.includes(field) ? field : fieldNames.find((n) => n === `${field}.0`));
  if (field && input) {
    const message = withoutFieldPrefix(error.message, field);
    return { fields: { [input]: message.charAt(0).toUpperCase() + message.slice(1) }, form: undefined };
  }
  return { fields: {}, form: error.message };
}

/**
 * Which fields the admin changed since the service's field errors came. A field's old error
 * disappears once its value changes (issue 22 item 8): it was about a value no longer there.
 * Keyed by the errors' content, so new errors (after the next submit) start afresh; a resubmit
 * passes through "no errors" while pending, so the same message coming back shows again.
 */
export interface ChangedSinceErrors {
  errorsKey: string;
  changed: ReadonlySet<string>;
}

export function errorsKeyOf(fields: Record<string, string>): string {
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
}

/** The state for `fields`: afresh when they are other errors than the state's (also "none"). */
export function followErrors(state: ChangedSinceErrors, fields: Record<string, string>): ChangedSinceErrors {
  const errorsKey = errorsKeyOf(fields);
  return state.errorsKey === errorsKey ? state : { errorsKey, changed: new Set() };
}

export function noteFieldChanged(
  state: ChangedSinceErrors,
  fields: Record<string, string>,
  name: string,
): ChangedSinceErrors {
  const errorsKey = errorsKeyOf(fields);
  const changed = state.errorsKey === errorsKey ? state.changed : new Set<string>();
  if (!Object.hasOwn(fields, name) || changed.has(name)) {
    return state.errorsKey === errorsKey ? state : { errorsKey, changed };
  }
  return { errorsKey, changed: new Set([...changed, name]) };
}

/** The field errors still to show: those of fields not changed since the errors came. */
export function visibleFieldErrors(
  fields: Record<string, string>,
  state: ChangedSinceErrors,
): Record<string, string> {
  if (state.errorsKey !== errorsKeyOf(fields) || state.changed.size === 0) return fields;
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !state.changed.has(name)));
}
