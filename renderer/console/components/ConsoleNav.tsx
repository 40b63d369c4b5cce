// The signed-in navigation: the Dashboard, then three labelled sections
// (Business account: the Business Profile and its IdP Integration; People and
// licenses; Troubleshooting), each a list of page links.
import { NavLink } from 'react-router';

const sections = [
  { id: 'nav-overview', title: 'Overview', links: [['/dashboard', 'Dashboard']] },
  {
    id: 'nav-business-account',
    title: 'Business account',
    links: [
      ['/business-profile', 'Business Profile'],
      ['/integration', 'IdP Integration'],
      ['/notifications', 'Notifications'],
      ['/webhooks', 'Webhooks'],
    ],
  },
  {
    id: 'nav-people',
    title: 'People and licenses',
    links: [
      ['/users', 'Users'],
      ['/licenses', 'Licenses'],
      ['/usage', 'Usage'],
      ['/app-invitations', 'App invitations'],
      ['/devices', 'Devices'],
    ],
  },
  {
    id: 'nav-troubleshooting',
    title: 'Troubleshooting',
    links: [
      ['/activation-log', 'Activation log'],
      ['/audit', 'Audit log'],
      ['/denials', 'Denials'],
    ],
  },
] as const;

export function ConsoleNav() {
  return (
    <nav aria-label="Console" className="sidenav">
      {sections.map((section) => (
        <NavSection key={section.id} {...section} />
      ))}
    </nav>
  );
}

function NavSection({ id, title, links }: (typeof sections)[number]) {
  return (
    <>
      <p className="nav-section" id={id}>
        {title}
      </p>
      <ul aria-labelledby={id}>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to}>{label}</NavLink>
          </li>
        ))}
      </ul>
    </>
  );
}
