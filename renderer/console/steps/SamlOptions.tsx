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
import { flags, optionFields, type Flag } from './saml-option-flags.ts';

/** The options' form state (as saved until changed) and their save. */
function useSamlOptionsForm(sp: Integration['sp']) {
  const [values, setValues] = useState<Record<Flag, boolean>>({
    requireSignedResponse: sp.requireSignedResponse,
    allowIdpInitiated: sp.allowIdpInitiated,
    signAuthnRequests: sp.signAuthnRequests,
    encryptAssertions: sp.encryptAssertions,
    allowSha1: sp.allowSha1,
  });
  const [skew, setSkew] = useState(String(sp.clockSkewSeconds));
  const save = useIntegrationChange(() =>
    api.put<Integration>('/api/console/integration/sp-options', {
      ...values,
      clockSkewSeconds: /^\d+$/.test(skew.trim()) ? Number(skew) : skew,
    }),
  );
  return { values, setValues, skew, setSkew, save };
}

function OptionTick(props: {
  flag: (typeof flags)[number];
  isSelected: boolean;
  onChange: (value: boolean) => void;
  saved: boolean;
  error: string | undefined;
}) {
  const f = props.flag;
  return (
    <div className={`option${f.weak ? ' weak' : ''}`}>
      <Tick name={f.name} label={f.label} isSelected={props.isSelected} onChange={props.onChange} />
      <p className="option-state">Saved: {props.saved ? 'on' : 'off'}</p>
      <p className="description">{f.sentence}</p>
      {props.error && (
        <p className="field-error" role="alert">
          {f.label}: {props.error}
        </p>
      )}
    </div>
  );
}

export function SamlOptions({ integration }: { integration: Integration }) {
  const sp = integration.sp;
  const { values, setValues, skew, setSkew, save } = useSamlOptionsForm(sp);
  const [saved, setSaved] = useState(false);
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
        <OptionTick
          key={f.name}
          flag={f}
          isSelected={values[f.name]}
          onChange={(v) => setValues({ ...values, [f.name]: v })}
          saved={sp[f.name]}
          error={errors.fields[f.name]}
        />
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
