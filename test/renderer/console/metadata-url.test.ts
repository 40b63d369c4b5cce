// What step 4 says after metadata came in and after a re-fetch of the URL.
import { expect, test } from 'vitest';
import type { MetadataImport } from '../../../renderer/console/api/types.ts';
import { importNotice, refreshNotice } from '../../../renderer/console/lib/metadata-url.ts';

test('an import says how many certificates came, the binding, and what was refused', () => {
  const view = {
    idp: { certificates: [{}], ssoBinding: 'post' },
    import: { warnings: ['The document signature was not checked.'], refusedCertificates: [{}, {}] },
  } as unknown as MetadataImport;
  expect(importNotice(view)).toBe(
    'Imported: 1 certificate(s), HTTP-POST binding. The document signature was not checked. 2 certificate(s) refused (expired or unreadable).',
  );
});

test('a failed re-fetch is a warning with the reason, and says the last good settings stay', () => {
  const metadata = { url: 'https://idp/m', fetchedAt: null, checkedAt: null, error: 'HTTP 404' };
  expect(refreshNotice('failed', metadata)).toEqual({
    kind: 'warning',
    text: 'The re-fetch failed: HTTP 404. The last good settings stay in use.',
  });
  expect(refreshNotice('unchanged', metadata).kind).toBe('success');
  expect(refreshNotice('changed', metadata).text).toMatch(/changed/);
});
