// Test connection (beyond the vendor guides): before Activate Integration,
// one real SP-initiated sign-in at the IdP of step 4. This tab goes to the
// IdP's login page and comes back here; the service shows whom the IdP
// vouched for and with which groups, measured against step 3 — or the check
// that refused the answer, with its code, evidence and remedy. Nobody is
// signed in and nothing is activated by a test.
import {
  useConnectionTest,
  useStartConnectionTest,
  type GroupMatch,
  type TestOutcome,
} from '../api/connection-test.ts';
import type { Integration } from '../api/types.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { NameValueTable } from '../components/name-value-table.tsx';
import { evidenceRows } from '../lib/evidence.ts';
import { formErrorsOf } from '../lib/field-errors.ts';

const sourceText: Record<string, string> = { scim: 'SCIM', local: 'local', jit: 'an earlier SSO sign-in' };

function GroupRow({ role, group }: { role: string; group: GroupMatch }) {
  return (
    <tr>
      <th scope="row">{role}</th>
      <td>
        {group.name ?? '(not mapped)'}
        {group.id && <> ({group.id})</>}
      </td>
      <td>
        <span className={`badge ${group.matched ? 'green' : 'gray'}`}>
          {group.matched ? 'Matches' : 'Not in the groups sent'}
        </span>
      </td>
    </tr>
  );
}

function Accepted({ outcome }: { outcome: Extract<TestOutcome, { result: 'accepted' }> }) {
  const who = outcome.nameId ?? outcome.profile.email ?? outcome.profile.userName ?? '(no NameID)';
  const user = outcome.provisionedUser;
  return (
    <>
      <Alert kind="success">
        Last test <When at={outcome.at} />: accepted as <strong>{who}</strong>
        {outcome.groups.length > 0 ? `, with groups ${outcome.groups.join(', ')}` : ', with no groups'}.
      </Alert>
      <dl className="facts">
        <dt>NameID</dt>
        <dd>{outcome.nameId ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{outcome.profile.email ?? '—'}</dd>
        <dt>User name</dt>
        <dd>{outcome.profile.userName ?? '—'}</dd>
        <dt>External ID</dt>
        <dd>{outcome.profile.externalId ?? '—'}</dd>
        <dt>In Latchkey</dt>
        <dd>
          {user
            ? `known from ${sourceText[user.source] ?? user.source}${user.active ? '' : ', deactivated'}`
            : 'not provisioned yet (SCIM has not pushed this user)'}
        </dd>
        <dt>Started by</dt>
        <dd>{outcome.startedBy}</dd>
      </dl>
      <table className="data">
        <caption>Groups sent, against step 3</caption>
        <thead>
          <tr>
            <th scope="col">Mapped group</th>
            <th scope="col">Name (ID)</th>
            <th scope="col">In this sign-in</th>
          </tr>
        </thead>
        <tbody>
          <GroupRow role="Admins group" group={outcome.groupMatch.admins} />
          <GroupRow role="Desktop-users group" group={outcome.groupMatch.desktopUsers} />
        </tbody>
      </table>
      {outcome.groupsOverage && (
        <Alert kind="warning">
          The IdP sent groups.link instead of groups (over 150 groups): membership will come from SCIM.
        </Alert>
      )}
      <NameValueTable
        caption="Attributes the IdP sent (secrets redacted)"
        rows={evidenceRows(outcome.attributes)}
      />
    </>
  );
}

function Refused({ outcome }: { outcome: Extract<TestOutcome, { result: 'refused' }> }) {
  return (
    <>
      <Alert kind="error">
        Last test <When at={outcome.at} />: refused at the {outcome.check} check — {outcome.code}.
      </Alert>
      <dl className="facts">
        <dt>Code</dt>
        <dd>{outcome.code}</dd>
        <dt>What failed</dt>
        <dd>{outcome.detail}</dd>
        <dt>Remedy</dt>
        <dd>{outcome.remedy}</dd>
        <dt>Started by</dt>
        <dd>{outcome.startedBy}</dd>
      </dl>
      <NameValueTable caption="Evidence (secrets redacted)" rows={evidenceRows(outcome.evidence)} />
    </>
  );
}

export function TestConnection({ integration }: { integration: Integration }) {
  const view = useConnectionTest();
  const start = useStartConnectionTest();
  const ready = Boolean(integration.idp.entityId && integration.idp.ssoUrl);
  const failed = formErrorsOf(start.error, []).form;
  const last = view.data?.last ?? null;
  return (
    <section className="card test-connection" aria-labelledby="test-connection-heading">
      <h2 id="test-connection-heading">Test connection</h2>
      <p>
        Before you activate, sign in once at your IdP as one of your users: this tab goes to the IdP&apos;s
        login page and comes back here with what Latchkey decoded. Nobody is signed in and nothing is
        activated by a test.
      </p>
      {!ready && <p id="test-connection-needs">Test connection needs step 4 (Configure SAML integration).</p>}
      {view.isPending ? (
        <Loading what="the last test" />
      ) : view.isError ? (
        <Alert kind="error">{view.error.message}</Alert>
      ) : last === null ? (
        <p>No test has been run yet.</p>
      ) : last.result === 'accepted' ? (
        <Accepted outcome={last} />
      ) : (
        <Refused outcome={last} />
      )}
      {view.data?.pendingSince && (
        <Alert kind="info">
          A test started <When at={view.data.pendingSince} /> is still waiting for the IdP&apos;s answer (it
          expires after 10 minutes).
        </Alert>
      )}
      {failed && <Alert kind="error">{failed}</Alert>}
      <div className="actions">
        <Button
          isDisabled={!ready || start.isPending}
          {...(!ready && { 'aria-describedby': 'test-connection-needs' })}
          onPress={() => start.mutate()}
        >
          Test connection
        </Button>
      </div>
    </section>
  );
}
