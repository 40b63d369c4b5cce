// Step 4's form: Identity Provider Entity ID, Identity Provider SSO URL and up
// to two Public Certificates (rollover), saved together.
import { Alert, Button } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import type { IdpForm } from './use-idp-form.ts';

const idpFields = ['entityId', 'ssoUrl', 'certificates.0', 'certificates.1'] as const;

export function IdpSettingsForm({ form }: { form: IdpForm }) {
  const { fields, save, setNotice } = form;
  const errors = useFormErrors(save.error, idpFields);
  return (
    <ServerForm
      errors={errors.fields}
      onSubmit={() => {
        setNotice(undefined);
        save.mutate(undefined, { onSuccess: () => setNotice('SAML settings saved.') });
      }}
    >
      <TextInput
        name="entityId"
        label="Identity Provider Entity ID"
        value={fields.entityId}
        onChange={fields.setEntityId}
      />
      <TextInput
        name="ssoUrl"
        label="Identity Provider SSO URL"
        type="url"
        value={fields.ssoUrl}
        onChange={fields.setSsoUrl}
        description="Where we send the sign-in request (HTTP-Redirect binding); https:// in production."
      />
      <TextInput
        name="certificates.0"
        label="Public Certificate"
        multiline
        value={fields.cert1}
        onChange={fields.setCert1}
        placeholder="-----BEGIN CERTIFICATE-----"
        description="PEM or base64. Saving replaces the configured certificates with the ones entered here."
      />
      <TextInput
        name="certificates.1"
        label="Second Public Certificate (optional, for rollover)"
        multiline
        value={fields.cert2}
        onChange={fields.setCert2}
        description="During a certificate rollover, enter the IdP's new certificate here: both are accepted."
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      <Button type="submit" variant="primary" isDisabled={save.isPending}>
        Save
      </Button>
    </ServerForm>
  );
}
