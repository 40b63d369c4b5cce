// Licenses: Register license key (the key from the order email); key, edition, seats used / total, device limit, expiry;
// sublicenses (a share of the seats for a group): create, assign, seats;
// the devices activated on each license.
import { useLicenseUsage, useLicenses } from '../api/queries.ts';
import type { License, LicenseUsage } from '../api/types.ts';
import { CopyValue, Loading, When } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { LicenseDevices } from './LicenseDevices.tsx';
import { LicenseOverageSection } from './LicenseOverage.tsx';
import { Reclamation } from './Reclamation.tsx';
import { RegisterLicenseForm } from './RegisterLicenseForm.tsx';
import { Sublicenses } from './Sublicenses.tsx';

function LicenseCard({ license: l, usage: u }: { license: License; usage: LicenseUsage | undefined }) {
  return (
    <section className="card" aria-label={`License ${l.key}`}>
      <h2>
        {l.edition === 'enterprise' ? 'Enterprise' : 'Business'} license{' '}
        {l.expired && <span className="badge danger">Expired</span>}
      </h2>
      <CopyValue label="License key" value={l.key} />
      <dl className="facts">
        <dt>Edition</dt>
        <dd>{l.edition}</dd>
        <dt>Seats used / total</dt>
        <dd>
          {u?.seatsUsed ?? 0} / {l.seats}
        </dd>
        <dt>Devices per user</dt>
        <dd>{l.deviceLimit}</dd>
        <dt>Expires</dt>
        <dd>
          <When at={l.expiresAt} />
        </dd>
      </dl>
      <LicenseOverageSection license={l} usage={u} />
      <Sublicenses license={l} usage={u} />
      <Reclamation license={l} />
      <h3>Devices</h3>
      <LicenseDevices licenseId={l.id} />
    </section>
  );
}

export function LicensesPage() {
  const licenses = useLicenses();
  const usage = useLicenseUsage();
  return (
    <>
      <PageHeading>Licenses</PageHeading>
      <RegisterLicenseForm />
      {licenses.isPending ? (
        <Loading what="licenses" />
      ) : (licenses.data ?? []).length === 0 ? (
        <p>
          No licenses yet. Register the license key from your order email above (or your Latchkey reseller
          registers it for you); your licenses appear here.
        </p>
      ) : (
        (licenses.data ?? []).map((l) => (
          <LicenseCard key={l.id} license={l} usage={usage.data?.find((x) => x.licenseId === l.id)} />
        ))
      )}
    </>
  );
}
