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
