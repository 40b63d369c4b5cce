// Step 5's choice (issue 21 item 2): provision users with SCIM, or create them
// at their first sign-in — with the trade-off in words, since the guide calls
// SCIM optional and some IdPs (Google Workspace's custom SAML apps) cannot push it.
import { api } from '../api/client.ts';
import { useIntegrationChange } from '../api/queries.ts';
import type { Integration } from '../api/types.ts';
import { Alert } from '../components/bits.tsx';
import { Picker } from '../components/fields.tsx';
import { formErrorsOf } from '../lib/field-errors.ts';

type Mode = Integration['scim']['provisioning'];

const modes = [
  { id: 'scim', label: 'Provision with SCIM' },
  { id: 'jit', label: 'Without SCIM: users are created at their first sign-in' },
];
const windows = [1, 3, 7, 14, 30].map((d) => ({ id: String(d), label: `${d} day${d === 1 ? '' : 's'}` }));

export function ProvisioningChoice({ integration }: { integration: Integration }) {
  const { provisioning, renewWithinDays } = integration.scim;
  const change = useIntegrationChange((input: { mode: Mode; renewWithinDays?: number }) =>
    api.put<Integration>('/api/console/integration/provisioning', input),
  );
  const failure = formErrorsOf(change.error, []).form;
  return (
    <div>
      <Picker
        name="provisioning"
        label="How users reach Latchkey"
        choices={modes}
        selected={provisioning}
        onChange={(id) => change.mutate({ mode: id === 'jit' ? 'jit' : 'scim' })}
        description={
          provisioning === 'scim'
            ? 'Your IdP pushes users and group membership; a user removed from the group loses the license at the next check-in.'
            : 'Each user is created from the signed SAML answer at their first sign-in, and their groups claim is their membership. No directory tells Latchkey when someone leaves, so a license renews only for a while after the last sign-in; then the app asks for the sign-in again.'
        }
      />
      {provisioning === 'jit' && (
        <Picker
          name="renewWithinDays"
          label="Licenses renew within this long after the last sign-in"
          choices={windows}
          selected={String(renewWithinDays)}
          onChange={(id) => change.mutate({ mode: 'jit', renewWithinDays: Number(id) })}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
    </div>
  );
}
