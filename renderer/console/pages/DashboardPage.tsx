// The Dashboard: where sign-in lands, as the guides begin ("Go to the
// Dashboard page, and make sure that your business account is selected as
// the current workspace in the top-left corner"). The account's state and its
// next step, one card each; then seats over time, activations and refusals
// per day, idle devices and the integration's health (issue 23 item 5).
import { useDashboard } from '../api/dashboard-queries.ts';
import { useMe } from '../api/queries.ts';
import { Alert, Loading } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { ActivityCard } from './dashboard/ActivityCard.tsx';
import { DomainsCard } from './dashboard/DomainsCard.tsx';
import { IdleDevicesCard } from './dashboard/IdleDevicesCard.tsx';
import { IntegrationCard } from './dashboard/IntegrationCard.tsx';
import { IntegrationHealthCard } from './dashboard/IntegrationHealthCard.tsx';
import { LicensesCard } from './dashboard/LicensesCard.tsx';
import { SeatsHistoryCard } from './dashboard/SeatsHistoryCard.tsx';
import { UsersCard } from './dashboard/UsersCard.tsx';

export function DashboardPage() {
  const me = useMe();
  const dashboard = useDashboard();
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
        {dashboard.data && <UsersCard users={dashboard.data.users} />}
        <DomainsCard />
        {dashboard.data && (
          <>
            <IdleDevicesCard idle={dashboard.data.idle} />
            <IntegrationHealthCard scim={dashboard.data.scim} />
          </>
        )}
      </div>
      {dashboard.isPending ? (
        <Loading what="seats and activity" />
      ) : dashboard.isError ? (
        <Alert kind="error">{dashboard.error.message}</Alert>
      ) : (
        <>
          <SeatsHistoryCard seats={dashboard.data.seats} />
          <ActivityCard attempts={dashboard.data.attempts} />
        </>
      )}
    </>
  );
}
