// One row of the users table: who, source, active, groups (from SCIM, or the
// latest sign-in's claim for a JIT user), and two toggles that open the
// user's devices and "Why can't this user activate?" in rows beneath.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DirectoryUser } from '../api/types.ts';
import { Button } from '../components/bits.tsx';
import { AccessCheckPanel } from '../components/AccessCheckPanel.tsx';
import { UserDevices } from './UserDevices.tsx';

const sourceText: Record<string, string> = { local: 'Local', scim: 'SCIM', jit: 'JIT (first SSO sign-in)' };

type UserRowProps = {
  user: DirectoryUser;
  isOpen: boolean;
  onToggle: () => void;
  isChecking: boolean;
  onToggleCheck: () => void;
  /** Invited to the console and not accepted yet (no password). */
  invited?: boolean;
};

/** SCIM groups, or the latest sign-in's claim for a JIT user. */
const groupsText = (u: DirectoryUser) =>
  u.claimMembership
    ? `${u.claimMembership.groups.join(', ') || '—'} (${u.claimMembership.from})`
    : u.groups.length
      ? u.groups.map((g) => g.name).join(', ')
      : '—';

/** The user's own row: who, source, active, groups and the two toggles. */
function UserSummaryRow(props: UserRowProps & { panelId: string; checkId: string }) {
  const u = props.user;
  const who = u.email ?? u.userName;
  return (
    <tr>
      <th scope="row">
        {u.displayName && <span className="name">{u.displayName}</span>} {u.email ?? u.userName}
        {u.isOwner && <span className="badge gray">Owner</span>}
        {props.invited && <span className="badge gray">Invitation pending</span>}{' '}
        <Link to={`/users/${u.id}`}>
          Timeline<span className="visually-hidden"> of {who}</span>
        </Link>
      </th>
      <td>{sourceText[u.source] ?? u.source}</td>
      <td>{u.active ? 'Active' : 'Deactivated'}</td>
      <td>{groupsText(u)}</td>
      <td>
        <Button aria-expanded={props.isOpen} aria-controls={props.panelId} onPress={props.onToggle}>
          {u.activeDevices} {u.activeDevices === 1 ? 'device' : 'devices'}
          <span className="visually-hidden"> of {u.email ?? u.userName}</span>
        </Button>
      </td>
      <td>
        <Button aria-expanded={props.isChecking} aria-controls={props.checkId} onPress={props.onToggleCheck}>
          Why can&apos;t this user activate?
          <span className="visually-hidden"> ({who})</span>
        </Button>
      </td>
    </tr>
  );
}

/** A full-width row beneath the user's, opened by one of its toggles. */
function PanelRow({ id, children }: { id: string; children: ReactNode }) {
  return (
    <tr id={id}>
      <td colSpan={6}>{children}</td>
    </tr>
  );
}

export function UserRow(props: UserRowProps) {
  const u = props.user;
  const panelId = `devices-${u.id}`;
  const checkId = `access-${u.id}`;
  return (
    <>
      <UserSummaryRow {...props} panelId={panelId} checkId={checkId} />
      {props.isOpen && (
        <PanelRow id={panelId}>
          <UserDevices user={u} />
        </PanelRow>
      )}
      {props.isChecking && (
        <PanelRow id={checkId}>
          <AccessCheckPanel email={u.email ?? u.userName} headingId={`${checkId}-heading`} />
        </PanelRow>
      )}
    </>
  );
}
