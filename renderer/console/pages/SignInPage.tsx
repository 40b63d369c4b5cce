// Sign in: email + password (the account owner, or the backup login once SSO
// is active); Continue with SSO (email first, then the company IdP — for
// members of the admins group); clear words when the account enforces SSO.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { PasswordSignIn } from './PasswordSignIn.tsx';
import { SsoSignIn } from './SsoSignIn.tsx';

export function SignInPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="signed-out" id="content">
      <div className="card narrow">
        <h1 ref={heading} tabIndex={-1}>
          Sign in to the Latchkey console
        </h1>
        <PasswordSignIn />
        <h2>Single sign-on</h2>
        <SsoSignIn />
        <p>
          New to Latchkey? <Link to="/sign-up">Create a business account</Link>
        </p>
      </div>
    </main>
  );
}
