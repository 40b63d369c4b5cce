// Following the IdP's metadata URL: follow a URL (the service fetches it now
// and on a schedule) and re-fetch it at once, each with the notice it earns.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration, MetadataImport } from '../api/types.ts';
import { importNotice, refreshNotice, type Notice, type RefreshResult } from '../lib/metadata-url.ts';

export function useMetadataUrl(onImported: (view: Integration) => void) {
  const [notice, setNotice] = useState<Notice | undefined>();
  const follow = useIntegrationChange(async (value: string) => {
    const view = await api.put<MetadataImport>('/api/console/integration/idp-metadata-url', { url: value });
    setNotice({ kind: 'success', text: importNotice(view) });
    onImported(view);
    return view;
  });
  const refresh = useIntegrationChange(async () => {
    const answer = await api.post<Integration & { result: RefreshResult }>(
      '/api/console/integration/idp-metadata-url/refresh',
    );
    const { result, ...view } = answer;
    setNotice(refreshNotice(result, view.idp.metadata));
    return view;
  });
  return { notice, setNotice, follow, refresh };
}
