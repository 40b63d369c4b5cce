// Licenses → Register license key (the Enterprise guide's "Creating a Business
// Account and Registering Your License"): the owner types the key from their
// order email; the service checks it against the keys it issued and binds it
// to this account, and the license is listed at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { License } from '../../../common/console-api.ts';
import { licenseKeyFormat } from '../../../common/license-key.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

export function RegisterLicenseForm() {
  const client = useQueryClient();
  const [key, setKey] = useState('');
  const register = useMutation({
    mutationFn: () => api.post<License>('/api/console/licenses', { key }),
    onSuccess: (license) => {
      setKey('');
      client.setQueryData<License[]>(keys.licenses, (list) => [...(list ?? []), license]);
      void client.invalidateQueries({ queryKey: keys.licenses });
      void client.invalidateQueries({ queryKey: keys.usage });
      void client.invalidateQueries({ queryKey: keys.audit });
    },
  });
  const errors = useFormErrors(register.error, ['key']);
  return (
    <section className="card" aria-labelledby="register-license">
      <h2 id="register-license">Register license key</h2>
      <ServerForm errors={errors.fields} onSubmit={() => register.mutate()} className="inline-form">
        <TextInput
          name="key"
          label="License key"
          description={`As in your order email: ${licenseKeyFormat} (case, spaces and dashes do not matter).`}
          placeholder={licenseKeyFormat}
          value={key}
          onChange={(v) => {
            register.reset();
            setKey(v);
          }}
          isRequired
          autoComplete="off"
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" isDisabled={register.isPending}>
          {register.isPending ? 'Registering…' : 'Register license key'}
        </Button>
      </ServerForm>
      {register.isSuccess && (
        <p role="status">
          Registered: {register.data.key} ({register.data.edition}, {register.data.seats} seats).
        </p>
      )}
    </section>
  );
}
