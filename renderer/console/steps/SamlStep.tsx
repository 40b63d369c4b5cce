// Step 4: Identity Provider Entity ID, Identity Provider SSO URL and Public
// Certificate — typed in, or imported from the IdP's metadata file or a
// metadata URL the service re-fetches on a schedule; up to two
// certificates (rollover), each with subject, SHA-256 fingerprint and
// validity, and a banner from 30 days before one expires. Then the SAML options.
import { FileTrigger } from 'react-aria-components';
import type { Integration } from '../api/types.ts';
import { Alert, Button } from '../components/bits.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';
import { IdpCertificates } from './IdpCertificates.tsx';
import { IdpSettingsForm } from './IdpSettingsForm.tsx';
import { MetadataUrl } from './MetadataUrl.tsx';
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

export function SamlStep({ integration }: { integration: Integration }) {
  const form = useIdpForm(integration);
  return (
    <div>
      <p>
        From your IdP&apos;s SAML application, copy its Identity Provider Entity ID, Identity Provider SSO URL
        and signing certificate — or import its metadata file, which holds all three.
      </p>
      <MetadataFileImport form={form} />
      <MetadataUrl
        integration={integration}
        // The URL's settings replaced what the form held, as a file import does.
        onImported={(view) => form.replaceWith(view, undefined)}
      />
      <IdpSettingsForm form={form} />
      <h3>Configured certificates</h3>
      <IdpCertificates integration={integration} />
      <SamlOptions integration={integration} />
    </div>
  );
}
