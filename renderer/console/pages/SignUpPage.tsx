// Sign up: a new business account and its owner (email + password). The
// owner is signed in straight after, and lands on the IdP Integration.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { SignUpForm } from './SignUpForm.tsx';

export function SignUpPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="signed-out" id="content">
      <div className="card narrow">
        <h1 ref={heading} tabIndex={-1}>
          Create a business account
        </h1>
        <SignUpForm />
        <p>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      </div>
    </main>
  );
}
