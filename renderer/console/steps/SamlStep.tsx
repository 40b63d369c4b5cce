// Step 4: Identity Provider Entity ID, Identity Provider SSO URL and Public
// Certificate — typed in, or imported from the IdP's metadata file or a
// metadata URL the service re-fetches on a schedule; up to two
// certificates (rollover), each with subject, SHA-256 fingerprint and
// validity, and a banner from 30 days before one expires. Then the SAML options.
import { useState } from 'react';
import { FileTrigger } from 'react-aria-components';
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration, MetadataImport } from '../api/types.ts';
import { Alert, Button, When } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { expiryBanner } from '../lib/cert-expiry.ts';
import { importNotice } from '../lib/metadata-url.ts';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { formErrorsOf } from '../lib/field-errors.ts';
import { MetadataUrl } from './MetadataUrl.tsx';
import { SamlOptions } from './SamlOptions.tsx';

const idpFields = ['entityId', 'ssoUrl', 'certificates.0', 'certificates.1'] as const;

function Certificates({ integration }: { integration: Integration }) {
  const certs = integration.idp.certificates;
  const banner = expiryBanner(certs, new Date());
  if (certs.length === 0) return <p>No certificate configured yet.</p>;
  return (
    <>
      {banner && <Alert kind="warning">{banner}</Alert>}
      <ul className="plain-list certs" aria-label="Configured certificates">
        {certs.map((c, i) => (
          <li key={c.fingerprintSha256}>
            <strong>Certificate {i + 1}</strong>
            <dl>
              <dt>Subject</dt>
              <dd>{c.subject}</dd>
              <dt>SHA-256 fingerprint</dt>
              <dd>
                <code>{c.fingerprintSha256}</code>
              </dd>
              <dt>Valid</dt>
              <dd>
                <When at={c.notBefore} /> to <When at={c.notAfter} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}

export function SamlStep({ integration }: { integration: Integration }) {
  const [entityId, setEntityId] = useState(integration.idp.entityId ?? '');
  const [ssoUrl, setSsoUrl] = useState(integration.idp.ssoUrl ?? '');
  const [cert1, setCert1] = useState('');
  const [cert2, setCert2] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const save = useIntegrationChange(() =>
    api.put<Integration>('/api/console/integration/idp', {
      entityId,
      ssoUrl,
      certificates: [cert1, cert2].filter((c) => c.trim() !== ''),
    }),
  );
  const importXml = useIntegrationChange(async (xml: string) => {
    const view = await api.put<MetadataImport>('/api/console/integration/idp-metadata', { xml });
    // The import replaced what the form held: its old values and errors no longer apply.
    save.reset();
    setCert1('');
    setCert2('');
    setEntityId(view.idp.entityId ?? '');
    setSsoUrl(view.idp.ssoUrl ?? '');
    setNotice(importNotice(view));
    return view;
  });
  const errors = useFormErrors(save.error, idpFields);
  const importError = formErrorsOf(importXml.error, []).form;
  return (
    <div>
      <p>
        From your IdP&apos;s SAML application, copy its Identity Provider Entity ID, Identity Provider SSO URL
        and signing certificate — or import its metadata file, which holds all three.
      </p>
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
      <MetadataUrl
        integration={integration}
        onImported={(view) => {
          // The URL's settings replaced what the form held, as a file import does.
          save.reset();
          setCert1('');
          setCert2('');
          setEntityId(view.idp.entityId ?? '');
          setSsoUrl(view.idp.ssoUrl ?? '');
          setNotice(undefined);
        }}
      />
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
          value={entityId}
          onChange={setEntityId}
        />
        <TextInput
          name="ssoUrl"
          label="Identity Provider SSO URL"
          type="url"
          value={ssoUrl}
          onChange={setSsoUrl}
          description="Where we send the sign-in request (HTTP-Redirect binding); https:// in production."
        />
        <TextInput
          name="certificates.0"
          label="Public Certificate"
          multiline
          value={cert1}
          onChange={setCert1}
          placeholder="-----BEGIN CERTIFICATE-----"
          description="PEM or base64. Saving replaces the configured certificates with the ones entered here."
        />
        <TextInput
          name="certificates.1"
          label="Second Public Certificate (optional, for rollover)"
          multiline
          value={cert2}
          onChange={setCert2}
          description="During a certificate rollover, enter the IdP's new certificate here: both are accepted."
        />
        {errors.form && <Alert kind="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          Save SAML settings
        </Button>
      </ServerForm>
      <h3>Configured certificates</h3>
      <Certificates integration={integration} />
      <SamlOptions integration={integration} />
    </div>
  );
}
