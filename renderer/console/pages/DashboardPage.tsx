// The Dashboard: where sign-in lands, as the guides begin ("Go to the
// Dashboard page, and make sure that your business account is selected as
// the current workspace in the top-left corner"). Until the seats-over-time
// charts arrive, it shows the account's state and its next step, one card each.
import { useMe } from '../api/queries.ts';
import { PageHeading } from '../components/Shell.tsx';
import { DomainsCard } from './dashboard/DomainsCard.tsx';
import { IntegrationCard } from './dashboard/IntegrationCard.tsx';
import { LicensesCard } from './dashboard/LicensesCard.tsx';
import { UsersCard } from './dashboard/UsersCard.tsx';

export function DashboardPage() {
  const me = useMe();
  return (
    <>
      <PageHeading>Dashboard</PageHeading>
      {me.data && (
        <p className="description">
          Business account <strong>{me.data.account.name}</strong>: its state and its next step.
        </p>
      )}
      <div className="dashboard">
        <IntegrationCard />
        <LicensesCard />
        <UsersCard />
        <DomainsCard />
      </div>
    </>
  );
}
