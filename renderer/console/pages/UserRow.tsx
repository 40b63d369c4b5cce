// One row of the users table: who, source, active, groups (from SCIM, or the
// latest sign-in's claim for a JIT user), and two toggles that open the
// user's devices and "Why can't this user activate?" in rows beneath.
import type { Activation, DirectoryUser } from '../api/types.ts';
import { Button } from '../components/bits.tsx';
import { AccessCheckPanel } from '../components/AccessCheckPanel.tsx';
import { UserDevices } from './UserDevices.tsx';

const sourceText: Record<string, string> = { local: 'Local', scim: 'SCIM', jit: 'JIT (first SSO sign-in)' };

export function UserRow(props: {
  user: DirectoryUser;
  isOpen: boolean;
  onToggle: () => void;
  isChecking: boolean;
  onToggleCheck: () => void;
  activations: Activation[];
  /** Invited to the console and not accepted yet (no password). */
  invited?: boolean;
}) {
  const u = props.user;
  const panelId = `devices-${u.id}`;
  const checkId = `access-${u.id}`;
  const who = u.email ?? u.userName;
  return (
    <>
      <tr>
        <th scope="row">
          {u.displayName && <span className="name">{u.displayName}</span>} {u.email ?? u.userName}
          {u.isOwner && <span className="badge gray">Owner</span>}
          {props.invited && <span className="badge gray">Invitation pending</span>}
        </th>
        <td>{sourceText[u.source] ?? u.source}</td>
        <td>{u.active ? 'Active' : 'Deactivated'}</td>
        <td>
          {u.claimMembership
            ? `${u.claimMembership.groups.join(', ') || '—'} (${u.claimMembership.from})`
            : u.groups.length
              ? u.groups.map((g) => g.name).join(', ')
              : '—'}
        </td>
        <td>
          <Button aria-expanded={props.isOpen} aria-controls={panelId} onPress={props.onToggle}>
            {u.activeDevices} {u.activeDevices === 1 ? 'device' : 'devices'}
            <span className="visually-hidden"> of {u.email ?? u.userName}</span>
          </Button>
        </td>
        <td>
          <Button aria-expanded={props.isChecking} aria-controls={checkId} onPress={props.onToggleCheck}>
            Why can&apos;t this user activate?
            <span className="visually-hidden"> ({who})</span>
          </Button>
        </td>
      </tr>
      {props.isOpen && (
        <tr id={panelId}>
          <td colSpan={6}>
            <UserDevices user={u} activations={props.activations} />
          </td>
        </tr>
      )}
      {props.isChecking && (
        <tr id={checkId}>
          <td colSpan={6}>
            <AccessCheckPanel email={who} headingId={`${checkId}-heading`} />
          </td>
        </tr>
      )}
    </>
  );
}
