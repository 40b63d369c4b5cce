// The IdP signing certificates step 4 holds (up to two, for rollover): each
// with subject, SHA-256 fingerprint and validity, and a banner from 30 days
// before one expires.
import type { Integration } from '../api/types.ts';
import { Alert, When } from '../components/bits.tsx';
import { expiryBanner } from '../lib/cert-expiry.ts';

export function IdpCertificates({ integration }: { integration: Integration }) {
  const certs = integration.idp.certificates;
  const banner = expiryBanner(certs, new Date());
  if (certs.length === 0) return <p>No certificate configured yet.</p>;
  return (
    <>
      {banner && <Alert kind="warning">{banner}</Alert>}
      <ul className="plain-list certs" aria-label="Configured certificates">
        {certs.map((c, i) => (
          <li key={c.fingerprintSha256}>
            <strong>Certificate {i + 1}</strong>
            <dl>
              <dt>Subject</dt>
              <dd>{c.subject}</dd>
              <dt>SHA-256 fingerprint</dt>
              <dd>
                <code>{c.fingerprintSha256}</code>
              </dd>
              <dt>Valid</dt>
              <dd>
                <When at={c.notBefore} /> to <When at={c.notAfter} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
