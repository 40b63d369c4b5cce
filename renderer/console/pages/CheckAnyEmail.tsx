// "Why can't someone activate?" for any email, also one with no user yet (a
// person the IdP has not pushed, a domain not claimed): the service's
// refusal of the email itself shows beside the field.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { keys } from '../api/queries.ts';
import { AccessCheckResult, useAccessCheck } from '../components/AccessCheckPanel.tsx';
import { Button, Loading } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

const emailFields = ['email'] as const;

export function CheckAnyEmail() {
  const client = useQueryClient();
  // ?check=<email>: the denials report's link opens this check already run.
  const [params] = useSearchParams();
  const linked = params.get('check')?.trim() || undefined;
  const [typed, setTyped] = useState(linked ?? '');
  const [email, setEmail] = useState<string | undefined>(linked);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (linked) section.current?.scrollIntoView();
  }, [linked]);
  const check = useAccessCheck(email);
  const errors = useFormErrors(check.error, emailFields);
  // One input: any refusal of the check belongs beside it.
  const fieldErrors = errors.form ? { email: errors.form } : errors.fields;
  return (
    <section ref={section} className="access-check" aria-labelledby="check-any-heading">
      <h2 id="check-any-heading">Why can&apos;t someone activate?</h2>
      <p>For any work email, also one that has no user here yet: the same rules a real activation meets.</p>
      <ServerForm
        errors={fieldErrors}
        onSubmit={() => {
          const value = typed.trim();
          if (value === email) void client.invalidateQueries({ queryKey: keys.accessCheck(value) });
          setEmail(value);
        }}
      >
        <TextInput name="email" label="Email to check" type="email" value={typed} onChange={setTyped} />
        <Button type="submit">Check access</Button>
      </ServerForm>
      {email && check.isFetching && <Loading what="the access check" />}
      {check.data && <AccessCheckResult check={check.data} />}
    </section>
  );
}
