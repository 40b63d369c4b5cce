// Step 4 from a metadata URL: the service fetches it now and re-fetches it on
// a schedule, so the IdP's certificate rollover needs no admin (README "IdP
// metadata URL"). Shows which URL is followed, when a good copy was last
// fetched and why the last try failed; "Re-fetch now" runs the schedule's
// fetch at once. The form has one input, so every refusal shows beside it.
import { useState } from 'react';
import type { Integration, MetadataUrlState } from '../api/types.ts';
import { Alert, Button, When } from '../components/bits.tsx';
import { TextInput } from '../components/fields.tsx';
import { ServerForm } from '../components/server-form.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { formErrorsOf } from '../lib/field-errors.ts';
import { useMetadataUrl } from './use-metadata-url.ts';

const urlFields = ['url'] as const;

function Following({ metadata }: { metadata: MetadataUrlState }) {
  return (
    <dl className="facts">
      <dt>Following</dt>
      <dd>
        <code>{metadata.url}</code>
      </dd>
      <dt>Last good copy fetched</dt>
      <dd>
        <When at={metadata.fetchedAt} />
      </dd>
      <dt>Last checked</dt>
      <dd>
        <When at={metadata.checkedAt} />
      </dd>
      <dt>Last result</dt>
      <dd>{metadata.error ? `Failed: ${metadata.error} (the last good settings stay in use)` : 'OK'}</dd>
    </dl>
  );
}

export function MetadataUrl({
  integration,
  onImported,
}: {
  integration: Integration;
  onImported: (view: Integration) => void;
}) {
  const metadata = integration.idp.metadata;
  const [url, setUrl] = useState(metadata?.url ?? '');
  const { notice, setNotice, follow, refresh } = useMetadataUrl(onImported);
  const errors = useFormErrors(follow.error, urlFields);
  // One input: a refusal about no field (a fetch that failed, a document refused) belongs beside it too.
  const fieldErrors = errors.form ? { url: errors.form } : errors.fields;
  const refreshError = formErrorsOf(refresh.error, []).form;
  return (
    <section className="metadata-url" aria-labelledby="metadata-url-heading">
      <h3 id="metadata-url-heading">Or follow the IdP&apos;s metadata URL</h3>
      <ServerForm
        errors={fieldErrors}
        onSubmit={() => {
          setNotice(undefined);
          refresh.reset();
          follow.mutate(url.trim());
        }}
      >
        <TextInput
          name="url"
          label="IdP metadata URL"
          type="url"
          value={url}
          onChange={setUrl}
          description="We fetch it now and again every few hours, so a new IdP certificate is picked up without you. https:// only. Typing the settings in or importing a file stops following it."
        />
        <div className="actions">
          <Button type="submit" isDisabled={follow.isPending}>
            Fetch and follow
          </Button>
          {metadata && (
            <Button
              isDisabled={refresh.isPending}
              onPress={() => {
                setNotice(undefined);
                refresh.mutate(undefined);
              }}
            >
              Re-fetch now
            </Button>
          )}
        </div>
      </ServerForm>
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      {refreshError && <Alert kind="error">{refreshError}</Alert>}
      {metadata ? <Following metadata={metadata} /> : <p>No metadata URL followed.</p>}
    </section>
  );
}
