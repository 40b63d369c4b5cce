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
import { PresetAttributesTable, PresetFieldsTable } from './PresetGuideTables.tsx';

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
      <PresetFieldsTable guide={guide} sp={integration.sp} />
      <PresetAttributesTable guide={guide} />
      {failure && <Alert kind="error">{failure}</Alert>}
      <Tick label={idpDoneLabel} isSelected={done} onChange={(v) => tick.mutate(v)} />
    </div>
  );
}
