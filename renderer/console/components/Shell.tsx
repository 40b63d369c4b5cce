// The signed-in frame: a skip link, the navigation (Business Profile → IdP
// Integration, Users, Licenses, Activation log, Audit log), who is signed in
// and Sign out; each page's heading takes focus when it opens.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Button } from './bits.tsx';
import { ConsoleNav } from './ConsoleNav.tsx';

const viaText: Record<Me['via'], string> = {
  password: 'password',
  sso: 'single sign-on',
  backup: 'the backup login',
};

/** Ends the session and forgets every page's data but the (now empty) session. */
function useSignOut() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await api.post('/api/console/logout');
    client.setQueryData(keys.me, null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    void navigate('/sign-in');
  };
}

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const signOut = useSignOut();
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Latchkey console</span>
        <span className="who">
          {me.account.name} · {me.email} (signed in with {viaText[me.via]})
        </span>
        <Button onPress={() => void signOut()}>Sign out</Button>
      </header>
      <div className="frame">
        <ConsoleNav />
        <main id="content" className="content">
          {children}
        </main>
      </div>
    </div>
  );
}

/** A page's heading, focused when the page opens so keyboard and screen-reader users start there. */
export function PageHeading({
  children,
  crumb,
  crumbTo,
}: {
  children: ReactNode;
  crumb?: string;
  /** Where the crumb leads (the page it names). */
  crumbTo?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <>
      {crumb && (
        <p className="crumb">
          {crumbTo ? <Link to={crumbTo}>{crumb}</Link> : crumb} <span aria-hidden="true">›</span>
        </p>
      )}
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
    </>
  );
}
