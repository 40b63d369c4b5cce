// Step 2: our Service Provider Entity ID and Assertion Consumer Service URL
// (copy buttons), the SP metadata to download, and per IdP which of our
// values goes into which of its fields and which attribute statements to add.
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { AttributePreset, Integration } from '../api/types.ts';
import { Alert, CopyValue } from '../components/bits.tsx';
import { Picker, Tick } from '../components/fields.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { presetGuides, presetOrder } from '../lib/idp-presets.ts';
import { idpDoneLabel } from '../lib/steps.ts';

export function RegisterAppStep({ integration }: { integration: Integration }) {
  const preset = integration.idp.attributePreset;
  const guide = presetGuides[preset];
  const done = !integration.steps.find((s) => s.key === 'sp_registration')?.missing.length;
  const setPreset = useIntegrationChange((p: AttributePreset) =>
    api.put<Integration>('/api/console/integration/attribute-preset', { preset: p }),
  );
  const tick = useIntegrationChange((value: boolean) =>
    api.put<Integration>('/api/console/integration/steps/sp_registration', { done: value }),
  );
  const failure = formErrorsOf(setPreset.error ?? tick.error, []).form;
  const value = (ours: string) =>
    ours === 'Service Provider Entity ID' ? integration.sp.entityId : integration.sp.acsUrl;
  return (
    <div>
      <p>
        In your IdP, create a SAML 2.0 enterprise application for Latchkey and enter these values. Assign the
        application to the groups of step 3.
      </p>
      <CopyValue label="Service Provider Entity ID" value={integration.sp.entityId} />
      <CopyValue label="Assertion Consumer Service URL" value={integration.sp.acsUrl} />
      <p>
        <a href={integration.sp.metadataUrl} download="latchkey-sp-metadata.xml">
          Download SP metadata (XML)
        </a>{' '}
        — for IdPs that import it.
      </p>
      <Picker
        name="preset"
        label="Your identity provider"
        choices={presetOrder.map((id) => ({ id, label: presetGuides[id].label }))}
        selected={preset}
        onChange={(id) => setPreset.mutate(id as AttributePreset)}
        description="Sets how Latchkey reads the attributes your IdP sends."
      />
      <table className="guide">
        <caption>In {guide.label}</caption>
        <thead>
          <tr>
            <th scope="col">{guide.label} field</th>
            <th scope="col">Enter</th>
          </tr>
        </thead>
        <tbody>
          {guide.fields.map((f) => (
            <tr key={f.theirs}>
              <th scope="row">{f.theirs}</th>
              <td>
                {f.ours}: <code>{value(f.ours)}</code>
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Name ID</th>
            <td>{guide.nameId}</td>
          </tr>
        </tbody>
      </table>
      <table className="guide">
        <caption>Attribute statements to add in {guide.label}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {guide.attributes.map((a) => (
            <tr key={a.name}>
              <td>
                <code>{a.name}</code>
              </td>
              <td>{a.value}</td>
            </tr>
          ))}
          <tr>
            <td>Groups</td>
            <td>{guide.groupsClaim}</td>
          </tr>
        </tbody>
      </table>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Tick label={idpDoneLabel} isSelected={done} onChange={(v) => tick.mutate(v)} />
    </div>
  );
}
