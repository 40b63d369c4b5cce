// Sign in: email + password (the account owner, or the backup login once SSO
// is active); Continue with SSO (email first, then the company IdP — for
// members of the admins group); clear words when the account enforces SSO.
// ?add=1 is "Add a business account": the same sign-in, within the session.
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PasswordSignIn } from './PasswordSignIn.tsx';
import { SsoSignIn } from './SsoSignIn.tsx';

export function SignInPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const add = useSearchParams()[0].get('add') === '1';
  return (
    <main className="signed-out" id="content">
      <div className="card narrow">
        <h1 ref={heading} tabIndex={-1}>
          {add ? 'Add a business account' : 'Sign in to the Latchkey console'}
        </h1>
        {add && (
          <p className="description">
            Sign in to the other business account as you do there. You stay signed in to your current
            workspaces; the new one joins them in the switcher.{' '}
            <Link to="/dashboard">Back to the Dashboard</Link>
          </p>
        )}
        <PasswordSignIn add={add} />
        <h2>Single sign-on</h2>
        <SsoSignIn add={add} />
        <p>
          New to Latchkey? <Link to="/sign-up">Create a business account</Link>
        </p>
      </div>
    </main>
  );
}
