// Step 5's Bearer Token rotation as a guided two-step (lib/scim-rotation.ts):
// "Create Bearer Token" next to a live token says what it does — a second
// live token; the IdP keeps working with the first until it is revoked.
import type { ScimToken } from '../api/types.ts';
import { Button, When } from '../components/bits.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { rotationOf, type Rotation } from '../lib/scim-rotation.ts';
import { secretEnding } from '../lib/secret-ending.ts';
import type { ScimTokenActions } from './use-scim-token-actions.ts';

const ending = (t: ScimToken) => secretEnding('token', t.lastCharacters);

type Pending = Extract<Rotation, { stage: 'waiting' | 'revoke-old' }>;

/** Step 2 before the IdP's first use of the new token: wait. */
function WaitingForIdp({ rotation }: { rotation: Pending }) {
  return (
    <p role="status">
      Waiting for the IdP to use the new token {ending(rotation.newest)} (created{' '}
      <When at={rotation.newest.createdAt} />
      ): not used yet. The old one keeps working meanwhile.
    </p>
  );
}

/** Step 2 once the IdP used the new token: revoke the old one(s). */
function RevokeOld({ rotation, revoke }: { rotation: Pending; revoke: ScimTokenActions['revoke'] }) {
  return (
    <div role="status">
      <p>
        The IdP used the new token {ending(rotation.newest)} <When at={rotation.newest.lastUsedAt} />.
      </p>
      <ConfirmButton
        label="Revoke the old token"
        title="Revoke the old Bearer Token?"
        confirmLabel="Revoke the old token"
        isDisabled={revoke.isPending}
        onConfirm={() => revoke.mutate(rotation.old.map((t) => t.id))}
      >
        <p>
          {rotation.old.map(ending).join(', ')} will be refused from now on. The IdP already uses{' '}
          {ending(rotation.newest)}.
        </p>
      </ConfirmButton>
    </div>
  );
}

function RotationSteps({ rotation, actions }: { rotation: Rotation; actions: ScimTokenActions }) {
  const { create, revoke } = actions;
  return (
    <ol>
      <li>
        Create a new token, paste it into your IdP and save there.{' '}
        {rotation.stage === 'single' && (
          <Button isDisabled={create.isPending} onPress={() => create.mutate()}>
            Create a new token
          </Button>
        )}
      </li>
      <li>
        Once the IdP has used the new token, revoke the old one.
        {rotation.stage === 'waiting' && <WaitingForIdp rotation={rotation} />}
        {rotation.stage === 'revoke-old' && <RevokeOld rotation={rotation} revoke={revoke} />}
      </li>
    </ol>
  );
}

export function ScimRotation({ live, actions }: { live: ScimToken[]; actions: ScimTokenActions }) {
  const { create } = actions;
  const rotation = rotationOf(live);
  if (rotation.stage === 'none') {
    return (
      <div className="actions">
        <Button variant="primary" isDisabled={create.isPending} onPress={() => create.mutate()}>
          Create Bearer Token
        </Button>
      </div>
    );
  }
  return (
    <section aria-labelledby="rotate-title" className="rotation">
      <h4 id="rotate-title">Rotate the Bearer Token</h4>
      <p className="description">
        A new token does not replace the one the IdP holds: both work, and the IdP keeps using the old one
        until you revoke it. Rotate in two steps:
      </p>
      <RotationSteps rotation={rotation} actions={actions} />
    </section>
  );
}
