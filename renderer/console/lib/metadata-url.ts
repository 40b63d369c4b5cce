// What step 4 says after IdP metadata came in (a file or a URL) and after a
// re-fetch of the followed URL, in the admin's words.
import type { MetadataImport, MetadataUrlState } from '../api/types.ts';

/** The service's answer to POST /integration/idp-metadata-url/refresh. */
export type RefreshResult = 'unchanged' | 'changed' | 'failed';

export interface Notice {
  kind: 'success' | 'warning';
  text: string;
}

export function importNotice(view: MetadataImport): string {
  const refused = view.import.refusedCertificates.length;
  return [
    `Imported: ${view.idp.certificates.length} certificate(s), ${view.idp.ssoBinding === 'post' ? 'HTTP-POST' : 'HTTP-Redirect'} binding.`,
    ...view.import.warnings,
    ...(refused ? [`${refused} certificate(s) refused (expired or unreadable).`] : []),
  ].join(' ');
}

export function refreshNotice(result: RefreshResult, metadata: MetadataUrlState | null): Notice {
  switch (result) {
    case 'unchanged':
      return { kind: 'success', text: 'Re-fetched: the metadata has not changed.' };
    case 'changed':
      return {
        kind: 'success',
        text: 'Re-fetched: the metadata changed and step 4 now uses it (see the certificates below).',
      };
    case 'failed':
      return {
        kind: 'warning',
        text: `The re-fetch failed: ${metadata?.error ?? 'no reason given'}. The last good settings stay in use.`,
      };
  }
}
