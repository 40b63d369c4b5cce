// The live secrets of one SCIM OAuth client: which one (its last characters
// and ID), when created and last used, and a Revoke button each.
import type { ScimClient, ScimClientSecret } from '../api/types.ts';
import { Button, When } from '../components/bits.tsx';
import { SecretEnding } from '../components/SecretEnding.tsx';
import { maxLiveSecrets } from './scim-client-secret.ts';

interface Props {
  client: ScimClient;
  live: ScimClientSecret[];
  revoking: boolean;
  onRevoke: (secretId: string) => void;
}

function SecretRow({
  secret,
  revoking,
  onRevoke,
}: { secret: ScimClientSecret } & Omit<Props, 'client' | 'live'>) {
  return (
    <tr>
      <th scope="row">
        <SecretEnding kind="secret" lastCharacters={secret.lastCharacters} />
      </th>
      <td>
        <code>{secret.id}</code>
      </td>
      <td>
        <When at={secret.createdAt} />
      </td>
      <td>
        <When at={secret.lastUsedAt} />
      </td>
      <td>
        <Button variant="danger" isDisabled={revoking} onPress={() => onRevoke(secret.id)}>
          Revoke secret {secret.id}
        </Button>
      </td>
    </tr>
  );
}

export function ScimClientSecrets({ client, live, revoking, onRevoke }: Props) {
  return (
    <table className="data">
      <caption>
        Live secrets of {client.label}: {live.length} of at most {maxLiveSecrets}
      </caption>
      <thead>
        <tr>
          <th scope="col">Secret</th>
          <th scope="col">ID</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {live.map((s) => (
          <SecretRow key={s.id} secret={s} revoking={revoking} onRevoke={onRevoke} />
        ))}
      </tbody>
    </table>
  );
}
