// A form whose errors come from the service: each message is shown under the
// input whose name the service blamed, until the next submit. (react-aria's
// own validationErrors clear on blur, which moved the submit button away
// under the pointer between mousedown and mouseup.)
import { createContext, useContext, type FormEvent, type ReactNode } from 'react';
import { Form } from 'react-aria-components';

const FieldErrors = createContext<Record<string, string>>({});

/** The service's message for the input called `name`, if it blamed that one. */
export const useFieldError = (name: string): string | undefined => {
  const errors = useContext(FieldErrors);
  return Object.hasOwn(errors, name) ? errors[name] : undefined;
};

export function ServerForm(props: {
  errors: Record<string, string>;
  onSubmit: () => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Form
      validationBehavior="aria"
      {...(props.className && { className: props.className })}
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <FieldErrors.Provider value={props.errors}>{props.children}</FieldErrors.Provider>
    </Form>
  );
}
