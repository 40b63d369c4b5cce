// Business Profile (issue 22 item 2; the guides: "Click the Business Profile
// item in the business account navigation menu", then "choose the SSO menu
// item"): its local menu (General, SSO), and General's company name, contacts
// and the account's domains at a glance. SSO opens the IdP Integration
// configurator (/integration), where domains are managed (step 1).
import { useQuery } from '@tanstack/react-query';
import { Link, NavLink } from 'react-router';
import type { BusinessProfile } from '../../../common/console-api.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { Alert, Loading, StateBadge } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { ProfileForm } from './ProfileForm.tsx';
import { ApiKeysSection } from './ApiKeysSection.tsx';

function ProfileMenu() {
  return (
    <nav aria-label="Business Profile" className="local-nav">
      <ul>
        <li>
          <NavLink to="/business-profile" end>
            General
          </NavLink>
        </li>
        <li>
          <NavLink to="/integration" aria-describedby="sso-item-hint">
            SSO
          </NavLink>
          <span id="sso-item-hint" className="description">
            {' '}
            (the IdP Integration configurator)
          </span>
        </li>
      </ul>
    </nav>
  );
}

function DomainsAtAGlance({ domains }: { domains: BusinessProfile['domains'] }) {
  return (
    <section className="card" aria-labelledby="profile-domains">
      <h2 id="profile-domains">Domains</h2>
      {domains.length === 0 ? (
        <p>
          No domains yet: add the email domains your people sign in with in step 1 of the IdP Integration.
        </p>
      ) : (
        <ul className="plain-list glance">
          {domains.map((d) => (
            <li key={d.domain}>
              <strong>{d.domain}</strong>{' '}
              <StateBadge green={d.verified} labels={['Verified', 'Waiting for DNS']} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/integration#step-1">Manage domains</Link>
      </p>
    </section>
  );
}

export function BusinessProfilePage() {
  const profile = useQuery({
    queryKey: keys.profile,
    queryFn: () => api.get<BusinessProfile>('/api/console/profile'),
  });
  return (
    <>
      <PageHeading>Business Profile</PageHeading>
      <ProfileMenu />
      <h2 className="section-title">General</h2>
      {profile.isPending ? (
        <Loading what="the business profile" />
      ) : profile.isError ? (
        <Alert kind="error">{profile.error.message}</Alert>
      ) : (
        <>
          <ProfileForm profile={profile.data} />
          <DomainsAtAGlance domains={profile.data.domains} />
          <ApiKeysSection />
        </>
      )}
    </>
  );
}
