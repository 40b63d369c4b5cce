// While the system browser is out: Cancel, open it again, or copy the link
// (for a browser the app could not open).
import { useState } from 'react';
import { Actions, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';
import { copyText } from './copy-text.ts';

export function Waiting(props: {
  email: string;
  authorizationUrl: string;
  onCancel: () => void;
  onReopen: () => void;
}) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'refused'>('no');
  return (
    <Dialog title="Finish signing in in your browser" name="waiting" onEscape={props.onCancel}>
      <p>
        Your company's sign-in page opened in your browser for <strong>{props.email}</strong>. Come back here
        when you have signed in.
      </p>
      <p className="progress" role="status">
        <span className="spinner" aria-hidden="true" /> Waiting for the browser…
      </p>
      <Actions
        extra={
          <PlainButton
            onClick={() =>
              void copyText(props.authorizationUrl).then((ok) => setCopied(ok ? 'yes' : 'refused'))
            }
          >
            Copy link
          </PlainButton>
        }
      >
        <PlainButton onClick={props.onCancel}>Cancel</PlainButton>
        <DefaultButton onClick={props.onReopen}>Open the browser again</DefaultButton>
      </Actions>
      <p className="note" role="status">
        {copied === 'yes' && 'Link copied. Paste it into the browser you sign in with.'}
      </p>
      {copied === 'refused' && (
        <label className="manual-copy">
          Copy this link by hand:
          <textarea readOnly value={props.authorizationUrl} rows={3} />
        </label>
      )}
    </Dialog>
  );
}
