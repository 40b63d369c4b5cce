// The integration's health: the last SCIM request and its outcome (and the
// last failed one), the IdP signing certificates' expiry, and when the
// metadata URL was last fetched — each a fact with a date, a warning where
// the admin must act.
import { Link } from 'react-router';
import type { ScimHealth } from '../../../../common/console-dashboard.ts';
import { useIntegration } from '../../api/queries.ts';
import type { Integration } from '../../api/types.ts';
import { Alert, When } from '../../components/bits.tsx';
import { expiryOf } from '../../lib/cert-expiry.ts';

export function IntegrationHealthCard({ scim }: { scim: ScimHealth | null }) {
  const integration = useIntegration();
  return (
    <section className="card dashboard-card" aria-labelledby="dash-health">
      <h2 id="dash-health">Integration health</h2>
      <dl className="health-facts">
        <dt>Last SCIM request</dt>
        <dd>
          <ScimFact scim={scim} provisioning={integration.data?.scim.provisioning} />
        </dd>
        {scim?.lastErrorAt && (
          <>
            <dt>Last SCIM failure</dt>
            <dd>
              <When at={scim.lastErrorAt} />: {scim.lastErrorStatus} on <code>{scim.lastErrorPath}</code>
            </dd>
          </>
        )}
        {integration.data && <IdpFacts idp={integration.data.idp} />}
      </dl>
    </section>
  );
}

function ScimFact({ scim, provisioning }: { scim: ScimHealth | null; provisioning?: 'scim' | 'jit' }) {
  if (!scim) return <>{provisioning === 'jit' ? 'none: users are created at sign-in' : 'none yet'}</>;
  return (
    <>
      <When at={scim.lastRequestAt} />: {scim.lastMethod} <code>{scim.lastPath}</code> answered{' '}
      {scim.lastStatus} {scim.lastStatus < 400 ? '(OK)' : '(failed)'}
    </>
  );
}

function IdpFacts({ idp }: { idp: Integration['idp'] }) {
  const now = new Date();
  return (
    <>
      <dt>Signing certificates</dt>
      <dd>
        {idp.certificates.length === 0 ? (
          <>
            none yet (<Link to="/integration#step-4">Step 4</Link>)
          </>
        ) : (
          <ul className="dashboard-list">
            {idp.certificates.map((c) => {
              const state = expiryOf(c.notAfter, now);
              return (
                <li key={c.fingerprintSha256}>
                  {c.subject}:{' '}
                  {state.kind === 'expired'
                    ? `expired ${state.daysAgo} days ago`
                    : `expires in ${state.daysLeft} days`}
                  {state.kind !== 'valid' && (
                    <Alert kind="warning">
                      Add the IdP&apos;s new certificate in <Link to="/integration#step-4">Step 4</Link>.
                    </Alert>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </dd>
      <dt>Metadata URL</dt>
      <dd>
        {idp.metadata ? (
          <>
            last fetched <When at={idp.metadata.fetchedAt} />
            {idp.metadata.error && <Alert kind="warning">Last try failed: {idp.metadata.error}</Alert>}
          </>
        ) : (
          'not used (certificates pasted or imported)'
        )}
      </dd>
    </>
  );
}
