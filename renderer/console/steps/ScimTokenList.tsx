// Step 5's Bearer Tokens: the new one shown once (the service keeps only its
// hash and last 4 characters, by which the list names it), and the live ones
// with Rotate and Revoke.
import type { ScimToken } from '../api/types.ts';
import { Alert, Button, CopyValue, Loading, When } from '../components/bits.tsx';
import { SecretEnding } from '../components/SecretEnding.tsx';
import type { ScimTokenActions, ShownToken } from './use-scim-token-actions.ts';

export function TokenShownOnce({ shown }: { shown: ShownToken }) {
  return (
    <Alert kind="warning">
      <p>
        Copy the Bearer Token now: it is shown only this once. Afterwards the list below shows only its last
        characters: <SecretEnding kind="token" lastCharacters={shown.lastCharacters} />.
      </p>
      <CopyValue label="Bearer Token" value={shown.token} />
    </Alert>
  );
}

function TokenItem({ token: t, actions }: { token: ScimToken; actions: ScimTokenActions }) {
  const { create, revoke } = actions;
  return (
    <li className="token">
      <strong>{t.label}</strong> <SecretEnding kind="token" lastCharacters={t.lastCharacters} /> — created{' '}
      <When at={t.createdAt} />, last used <When at={t.lastUsedAt} />
      <div className="actions">
        <Button isDisabled={create.isPending} onPress={() => create.mutate(t.id)}>
          Rotate
        </Button>
        <Button variant="danger" isDisabled={revoke.isPending} onPress={() => revoke.mutate(t.id)}>
          Revoke
        </Button>
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
