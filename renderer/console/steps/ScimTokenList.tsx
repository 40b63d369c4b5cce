// Step 5's Bearer Tokens: the new one shown once with where to paste it in the
// IdP (the service keeps only its hash and last 4 characters, by which the
// list names it), and the live ones with their creation, last use and Revoke.
import type { ScimToken } from '../api/types.ts';
import { Alert, CopyValue, Loading, When } from '../components/bits.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { SecretEnding } from '../components/SecretEnding.tsx';
import type { ScimTokenActions, ShownToken } from './use-scim-token-actions.ts';

/** Where the guides paste the Bearer Token (Okta configurator guide step 5; Entra's SCIM guide). */
export function WhereToPaste() {
  return (
    <ul>
      <li>
        Okta: the application&apos;s <strong>Provisioning</strong> tab → <strong>Integration</strong> →{' '}
        <strong>Edit</strong>, Authentication Mode <strong>HTTP Header</strong>, field <strong>Bearer</strong>
        ; then <strong>Save</strong>.
      </li>
      <li>
        Entra: the enterprise application&apos;s <strong>Manage → Provisioning</strong>, Bearer
        authentication, field <strong>Secret token</strong>; then <strong>Test connection</strong> and{' '}
        <strong>Save</strong>.
      </li>
    </ul>
  );
}

export function TokenShownOnce({ shown }: { shown: ShownToken }) {
  return (
    <Alert kind="warning">
      <p>
        Copy the Bearer Token now: it is shown only this once. Afterwards the list below shows only its last
        characters: <SecretEnding kind="token" lastCharacters={shown.lastCharacters} />. Paste it into your
        IdP and save there:
      </p>
      <WhereToPaste />
      <CopyValue label="Bearer Token" value={shown.token} />
    </Alert>
  );
}

function TokenItem({ token: t, actions }: { token: ScimToken; actions: ScimTokenActions }) {
  const { revoke } = actions;
  const ending = t.lastCharacters ? `…${t.lastCharacters}` : 'without a kept ending';
  return (
    <li className="token" aria-label={`Bearer Token ${ending}`}>
      <strong>{t.label}</strong> <SecretEnding kind="token" lastCharacters={t.lastCharacters} /> — created{' '}
      <When at={t.createdAt} />, last used by the IdP <When at={t.lastUsedAt} />
      <div className="actions">
        <ConfirmButton
          label="Revoke"
          title={`Revoke the Bearer Token ${ending}?`}
          confirmLabel="Revoke"
          isDisabled={revoke.isPending}
          onConfirm={() => revoke.mutate([t.id])}
        >
          <p>
            An IdP still using this token is refused from now on: its provisioning stops until it has another.
          </p>
        </ConfirmButton>
      </div>
    </li>
  );
}

export function TokenList(props: { pending: boolean; live: ScimToken[]; actions: ScimTokenActions }) {
  if (props.pending) return <Loading what="tokens" />;
  if (props.live.length === 0) return <p>No Bearer Token yet.</p>;
  return (
    <ul className="plain-list">
      {props.live.map((t) => (
        <TokenItem key={t.id} token={t} actions={props.actions} />
      ))}
    </ul>
  );
}
