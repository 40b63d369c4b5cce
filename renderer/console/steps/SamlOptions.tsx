// Step 4's SAML options, each with a sentence saying what it does. All six
// are sent together to PUT /integration/sp-options; a field the service
// refuses comes back as its field error, shown beside that option. SHA-1 is
// marked weak in words (not by colour alone), and while the service has it
// on, a warning with the service's reason says so.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { TextInput, Tick } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';

type Flag =
  'requireSignedResponse' | 'allowIdpInitiated' | 'signAuthnRequests' | 'encryptAssertions' | 'allowSha1';

const flags: { name: Flag; label: string; sentence: string; weak?: true }[] = [
  {
    name: 'requireSignedResponse',
    label: 'Require a signed Response',
    sentence: 'Refuse answers whose outer Response is unsigned, even when the assertion inside is signed.',
  },
  {
    name: 'allowIdpInitiated',
    label: 'Allow IdP-initiated sign-in',
    sentence: 'Accept sign-ins started from the IdP’s app dashboard, without a request from Latchkey.',
  },
  {
    name: 'signAuthnRequests',
    label: 'Sign authentication requests',
    sentence: 'Sign the requests we send to the IdP; turn on when the IdP requires signed requests.',
  },
  {
    name: 'encryptAssertions',
    label: 'Encrypted assertions',
    sentence: 'Ask the IdP to encrypt assertions to our certificate (in the SP metadata).',
  },
  {
    name: 'allowSha1',
    label: 'Allow SHA-1 signatures (weak)',
    sentence:
      'Weak: accepts RSA-SHA1 signatures and SHA-1 digests, which can be forged since SHA-1 collisions are practical. Leave it off unless your IdP cannot sign with SHA-256, and switch the IdP to SHA-256 as soon as you can.',
    weak: true,
  },
];
const optionFields = [...flags.map((f) => f.name), 'clockSkewSeconds'] as const;

export function SamlOptions({ integration }: { integration: Integration }) {
  const sp = integration.sp;
  const [values, setValues] = useState<Record<Flag, boolean>>({
    requireSignedResponse: sp.requireSignedResponse,
    allowIdpInitiated: sp.allowIdpInitiated,
    signAuthnRequests: sp.signAuthnRequests,
    encryptAssertions: sp.encryptAssertions,
    allowSha1: sp.allowSha1,
  });
  const [skew, setSkew] = useState(String(sp.clockSkewSeconds));
  const [saved, setSaved] = useState(false);
  const save = useIntegrationChange(() =>
    api.put<Integration>('/api/console/integration/sp-options', {
      ...values,
      clockSkewSeconds: /^\d+$/.test(skew.trim()) ? Number(skew) : skew,
    }),
  );
  const errors = useFormErrors(save.error, optionFields);
  return (
    <ServerForm
      errors={errors.fields}
      onSubmit={() => {
        setSaved(false);
        save.mutate(undefined, { onSuccess: () => setSaved(true) });
      }}
    >
      <h3>SAML options</h3>
      {sp.weakOptions.map((w) => (
        <Alert kind="warning" key={w.option}>
          Weak setting on: {w.reason}
        </Alert>
      ))}
      {flags.map((f) => (
        <div className={`option${f.weak ? ' weak' : ''}`} key={f.name}>
          <Tick
            name={f.name}
            label={f.label}
            isSelected={values[f.name]}
            onChange={(v) => setValues({ ...values, [f.name]: v })}
          />
          <p className="option-state">Saved: {sp[f.name] ? 'on' : 'off'}</p>
          <p className="description">{f.sentence}</p>
          {errors.fields[f.name] && (
            <p className="field-error" role="alert">
              {f.label}: {errors.fields[f.name]}
            </p>
          )}
        </div>
      ))}
      <TextInput
        name="clockSkewSeconds"
        label="Allowed clock skew (seconds)"
        value={skew}
        onChange={setSkew}
        description="How far the IdP's clock may be off from ours when we check NotBefore and NotOnOrAfter."
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      {saved && <Alert kind="success">SAML options saved.</Alert>}
      <Button type="submit" isDisabled={save.isPending}>
        Save SAML options
      </Button>
    </ServerForm>
  );
}
