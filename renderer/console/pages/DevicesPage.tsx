// Devices (issue 26 items 1 and 4): new devices waiting for approval, with
// Approve / Deny; whether users may release their own devices; which licenses
// require approval of new devices. Every change is audited.
import type { PendingApproval } from '../../../common/console-devices.ts';
import { useDeviceChanges, useDeviceSettings, usePendingApprovals } from '../api/device-queries.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';

type Changes = ReturnType<typeof useDeviceChanges>;

export function DevicesPage() {
  const changes = useDeviceChanges();
  const failure =
    changes.decide.error ?? changes.selfService.error ?? changes.deviceCode.error ?? changes.approval.error;
  return (
    <>
      <PageHeading>Devices</PageHeading>
      {failure && <Alert kind="error">{failure.message}</Alert>}
      <PendingApprovals changes={changes} />
      <DeviceSettingsSection changes={changes} />
    </>
  );
}

function PendingApprovals({ changes }: { changes: Changes }) {
  const list = usePendingApprovals();
  return (
    <section aria-labelledby="pending-approvals">
      <h2 id="pending-approvals">Device approvals</h2>
      <p>New devices waiting for your approval. A request ends after 7 days without an answer.</p>
      {list.isPending ? (
        <Loading what="device approvals" />
      ) : list.error ? (
        <Alert kind="error">{list.error.message}</Alert>
      ) : list.data.length === 0 ? (
        <p>No device is waiting for approval.</p>
      ) : (
        <table className="data device-approvals">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">User</th>
              <th scope="col">License</th>
              <th scope="col">Requested</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <ApprovalRow key={r.id} request={r} changes={changes} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ApprovalRow({ request: r, changes }: { request: PendingApproval; changes: Changes }) {
  const busy = changes.decide.isPending;
  return (
    <tr>
      <th scope="row">
        {r.deviceName}
        <div className="muted">
          {r.os}, app {r.appVersion}
        </div>
      </th>
      <td>{r.userEmail ?? r.userName}</td>
      <td>{r.licenseEdition}</td>
      <td>
        <When at={r.requestedAt} />
      </td>
      <td>
        <div className="row-actions">
          <Button
            variant="primary"
            isDisabled={busy}
            onPress={() => changes.decide.mutate({ id: r.id, decision: 'approve' })}
          >
            Approve
            <span className="visually-hidden">
              {' '}
              {r.deviceName} of {r.userEmail ?? r.userName}
            </span>
          </Button>
          <Button
            variant="danger"
            isDisabled={busy}
            onPress={() => changes.decide.mutate({ id: r.id, decision: 'deny' })}
          >
            Deny
            <span className="visually-hidden">
              {' '}
              {r.deviceName} of {r.userEmail ?? r.userName}
            </span>
          </Button>
        </div>
      </td>
    </tr>
  );
}

function DeviceSettingsSection({ changes }: { changes: Changes }) {
  const settings = useDeviceSettings();
  if (settings.isPending) return <Loading what="device settings" />;
  if (settings.error) return <Alert kind="error">{settings.error.message}</Alert>;
  const { selfServiceRelease, deviceCodeSignIn, licenses } = settings.data;
  return (
    <section aria-labelledby="device-settings">
      <h2 id="device-settings">Settings</h2>
      <p>
        Users may release their own devices (after a fresh sign-in):{' '}
        <strong>{selfServiceRelease ? 'on' : 'off'}</strong>{' '}
        <Button
          isDisabled={changes.selfService.isPending}
          onPress={() => changes.selfService.mutate(!selfServiceRelease)}
        >
          {selfServiceRelease ? 'Turn self-service release off' : 'Turn self-service release on'}
        </Button>
      </p>
      <p>
        Sign in from a second device (a code and a QR code the user finishes on a phone):{' '}
        <strong>{deviceCodeSignIn ? 'on' : 'off'}</strong>{' '}
        <Button
          isDisabled={changes.deviceCode.isPending}
          onPress={() => changes.deviceCode.mutate(!deviceCodeSignIn)}
        >
          {deviceCodeSignIn
            ? 'Turn sign-in from a second device off'
            : 'Turn sign-in from a second device on'}
        </Button>
      </p>
      <ul className="plain">
        {licenses.map((l) => (
          <li key={l.id}>
            {l.edition} license until {l.expiresAt.slice(0, 10)}: approval of new devices{' '}
            <strong>{l.deviceApproval ? 'required' : 'not required'}</strong>{' '}
            <Button
              isDisabled={changes.approval.isPending}
              onPress={() => changes.approval.mutate({ licenseId: l.id, required: !l.deviceApproval })}
            >
              {l.deviceApproval ? 'Stop requiring approval' : 'Require approval of new devices'}
              <span className="visually-hidden">
                {' '}
                for the {l.edition} license until {l.expiresAt.slice(0, 10)}
              </span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
