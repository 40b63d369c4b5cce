// Step 2, "Register Latchkey enterprise app": the IdP picker, which of our
// values goes into which of its fields (the values to copy are in step 4, as
// the guide places them), the attribute statements to add, and the tick.
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { AttributePreset, Integration } from '../api/types.ts';
import { Alert } from '../components/bits.tsx';
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
        In your IdP, register a SAML 2.0 enterprise application for Latchkey. The two values it asks for —
        Service Provider Entity ID and Assertion Consumer Service URL — are in <a href="#step-4">Step 4</a>,
        with copy buttons. Assign the application to the groups of step 3.
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
