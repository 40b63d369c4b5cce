// The form errors of a mutation's last error, kept as the same object until
// the error changes: react-aria treats a new validationErrors object as new
// server errors and would show them again after the admin fixed the field.
// useVisibleFieldErrors drops a field's error once the admin changes that
// field (ServerForm uses it, so every console form behaves so).
import { useCallback, useMemo, useState } from 'react';
import {
  errorsKeyOf,
  followErrors,
  formErrorsOf,
  noteFieldChanged,
  visibleFieldErrors,
  type ChangedSinceErrors,
  type FormErrors,
} from '../lib/field-errors.ts';

export function useFormErrors(error: unknown, fieldNames: readonly string[]): FormErrors {
  // fieldNames are constants per form.
  return useMemo(() => formErrorsOf(error, fieldNames), [error]);
}

export function useVisibleFieldErrors(fields: Record<string, string>): {
  visible: Record<string, string>;
  fieldChanged: (name: string) => void;
} {
  const [state, setState] = useState<ChangedSinceErrors>(() => ({
    errorsKey: errorsKeyOf(fields),
    changed: new Set(),
  }));
  // Derived state (set during render, as React documents): other errors, or none while a
  // resubmit is pending, start afresh, so the same message coming back shows again.
  const followed = followErrors(state, fields);
  if (followed !== state) setState(followed);
  const visible = useMemo(() => visibleFieldErrors(fields, state), [fields, state]);
  const fieldChanged = useCallback(
    (name: string) => {
      setState((s) => noteFieldChanged(s, fields, name));
    },
    [fields],
  );
  return { visible, fieldChanged };
}
