// The form errors of a mutation's last error, kept as the same object until
// the error changes: react-aria treats a new validationErrors object as new
// server errors and would show them again after the admin fixed the field.
import { useMemo } from 'react';
import { formErrorsOf, type FormErrors } from '../lib/field-errors.ts';

export function useFormErrors(error: unknown, fieldNames: readonly string[]): FormErrors {
  // fieldNames are constants per form.
  return useMemo(() => formErrorsOf(error, fieldNames), [error]);
}
