// Step 4's form state: the IdP settings typed in, their save, and the import
// of a metadata file — which replaces what the form held, as a metadata URL does.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration, MetadataImport } from '../api/types.ts';
import { importNotice } from '../lib/metadata-url.ts';

export function useIdpForm(integration: Integration) {
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
  /** Imported settings replaced what the form held: its old values and errors no longer apply. */
  const replaceWith = (view: Integration, newNotice: string | undefined) => {
    save.reset();
    setCert1('');
    setCert2('');
    setEntityId(view.idp.entityId ?? '');
    setSsoUrl(view.idp.ssoUrl ?? '');
    setNotice(newNotice);
  };
  const importXml = useIntegrationChange(async (xml: string) => {
    const view = await api.put<MetadataImport>('/api/console/integration/idp-metadata', { xml });
    replaceWith(view, importNotice(view));
    return view;
  });
  return {
    fields: { entityId, setEntityId, ssoUrl, setSsoUrl, cert1, setCert1, cert2, setCert2 },
    notice,
    setNotice,
    save,
    importXml,
    replaceWith,
  };
}

export type IdpForm = ReturnType<typeof useIdpForm>;
