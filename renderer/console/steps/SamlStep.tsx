// Step 4, "Configure SAML integration", in the guide's two groups: the
// Service Provider Entity ID and Assertion Consumer Service URL to copy into
// the IdP, then the IdP's Identity Provider Entity ID, Identity Provider SSO
// URL and Public Certificate to paste here and Save — or import from the
// IdP's metadata file or a metadata URL the service re-fetches on a schedule;
// up to two certificates (rollover), each with subject, SHA-256 fingerprint
// and validity. Then the SAML options and the guide's tick.
import { FileTrigger } from 'react-aria-components';
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration } from '../api/types.ts';
import { Alert, Button, CopyValue } from '../components/bits.tsx';
import { Tick } from '../components/fields.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { presetGuides } from '../lib/idp-presets.ts';
import { idpDoneLabel } from '../lib/steps.ts';
import { IdpCertificates } from './IdpCertificates.tsx';
import { IdpSettingsForm } from './IdpSettingsForm.tsx';
import { MetadataUrl } from './MetadataUrl.tsx';
import { PresetIdpValuesTable } from './PresetGuideTables.tsx';
import { SamlOptions } from './SamlOptions.tsx';
import { useIdpForm, type IdpForm } from './use-idp-form.ts';

function MetadataFileImport({ form }: { form: IdpForm }) {
  const { importXml, notice, setNotice } = form;
  const importError = formErrorsOf(importXml.error, []).form;
  return (
    <>
      <FileTrigger
        acceptedFileTypes={['.xml', 'application/xml', 'text/xml', 'application/samlmetadata+xml']}
        onSelect={(files) => {
          const file = files?.[0];
          setNotice(undefined);
          if (file) void file.text().then((xml) => importXml.mutate(xml));
        }}
      >
        <Button>Import IdP metadata file…</Button>
      </FileTrigger>
      {notice && <Alert kind="success">{notice}</Alert>}
      {importError && <Alert kind="error">The metadata was not imported: {importError}</Alert>}
    </>
  );
}

/** The guide's tick at the bottom of step 4: the same stored fact as step 2's (the app is set up in the IdP). */
function SamlDoneTick({ integration }: { integration: Integration }) {
  const done = !integration.steps.find((s) => s.key === 'sp_registration')?.missing.length;
  const tick = useIntegrationChange((value: boolean) =>
    api.put<Integration>('/api/console/integration/steps/sp_registration', { done: value }),
  );
  const failure = formErrorsOf(tick.error, []).form;
  return (
    <>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Tick label={idpDoneLabel} isSelected={done} onChange={(v) => tick.mutate(v)} />
      <p className="description">
        The same box as in step 2: it records that the Latchkey app is set up in your IdP.
      </p>
    </>
  );
}

export function SamlStep({ integration }: { integration: Integration }) {
  const form = useIdpForm(integration);
  const guide = presetGuides[integration.idp.attributePreset];
  return (
    <div>
      <section aria-labelledby="saml-to-idp">
        <h3 id="saml-to-idp">Copy from Latchkey to {guide.label}</h3>
        <CopyValue label="Service Provider Entity ID" value={integration.sp.entityId} />
        <CopyValue label="Assertion Consumer Service URL" value={integration.sp.acsUrl} />
        <p>
          <a href={integration.sp.metadataUrl} download="latchkey-sp-metadata.xml">
            Download SP metadata (XML)
          </a>{' '}
          — for IdPs that import it.
        </p>
      </section>
      <section aria-labelledby="saml-from-idp">
        <h3 id="saml-from-idp">Copy from {guide.label} to Latchkey</h3>
        <p>
          Paste the three values of your IdP&apos;s SAML application and Save — or import its metadata file or
          URL, which hold all three.
        </p>
        <PresetIdpValuesTable guide={guide} />
        <IdpSettingsForm form={form} />
        <MetadataFileImport form={form} />
        <MetadataUrl
          integration={integration}
          // The URL's settings replaced what the form held, as a file import does.
          onImported={(view) => form.replaceWith(view, undefined)}
        />
      </section>
      <h3>Configured certificates</h3>
      <IdpCertificates integration={integration} />
      <SamlOptions integration={integration} />
      <SamlDoneTick integration={integration} />
    </div>
  );
}
