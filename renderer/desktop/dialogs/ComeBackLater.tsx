// After Cancel on the SSO step the app opened by itself: Latchkey stays unactivated, and
// the user learns how to come back (the admin guide's steps, "Troubleshooting the SSO
// Activation": menu → Account & License… → Continue with SSO → work email → Next).
export function ComeBackLater(props: { sso: boolean }) {
  return (
    <div className="note come-back" role="status">
      <p>To activate it later:</p>
      <ol>
        <li>
          In the menu, choose <strong>Latchkey → Account &amp; License…</strong>.
        </li>
        <li>
          Select <strong>{props.sso ? 'Continue with SSO' : 'Business Edition…'}</strong>.
        </li>
        <li>
          {props.sso
            ? 'Enter your work email and click Next: your company’s sign-in opens in your browser.'
            : 'Enter the enterprise key your IT team gave you.'}
        </li>
      </ol>
    </div>
  );
}
