// A form whose errors come from the service: each message is shown under the
// input whose name the service blamed, until the next submit or until the
// admin changes that input (use-form-errors.ts). (react-aria's
// own validationErrors clear on blur, which moved the submit button away
// under the pointer between mousedown and mouseup.)
import { createContext, useContext, useMemo, type FormEvent, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { useVisibleFieldErrors } from './use-form-errors.ts';

const FieldErrors = createContext<{ errors: Record<string, string>; fieldChanged: (name: string) => void }>({
  errors: {},
  fieldChanged: () => undefined,
});

/** The service's message for the input called `name`, if it blamed that one and it is unchanged since. */
export const useFieldError = (name: string): string | undefined => {
  const { errors } = useContext(FieldErrors);
  return Object.hasOwn(errors, name) ? errors[name] : undefined;
};

/** Tells the form that the input called `name` changed: its old error goes. */
export const useFieldChanged = (name: string): (() => void) => {
  const { fieldChanged } = useContext(FieldErrors);
  return () => {
    fieldChanged(name);
  };
};

export function ServerForm(props: {
  errors: Record<string, string>;
  onSubmit: () => void;
  className?: string;
  children: ReactNode;
}) {
  const { visible, fieldChanged } = useVisibleFieldErrors(props.errors);
  const context = useMemo(() => ({ errors: visible, fieldChanged }), [visible, fieldChanged]);
  return (
    <Form
      validationBehavior="aria"
      {...(props.className && { className: props.className })}
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <FieldErrors.Provider value={context}>{props.children}</FieldErrors.Provider>
    </Form>
  );
}
