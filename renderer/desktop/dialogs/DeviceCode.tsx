// Sign in on another device (RFC 8628 §3.3, issue 26 item 2): the code to type, where, a QR code of
// the link with the code in it, and how long it stays good. The core polls; Activated or Failed follow.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { DeviceCodePrompt } from '../../../common/desktop-api.ts';
import { Actions, Dialog, PlainButton } from './Dialog.tsx';
import { copyText } from './copy-text.ts';

/** "4:59" until the code expires; "0:00" after. */
function remaining(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function DeviceCode(props: { email: string; prompt: DeviceCodePrompt; onCancel: () => void }) {
  const { prompt } = props;
  const [qr, setQr] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [copied, setCopied] = useState<'no' | 'yes' | 'refused'>('no');
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(prompt.verificationUriComplete, { margin: 1, width: 176 }).then((url) => {
      if (live) setQr(url);
    });
    return () => {
      live = false;
    };
  }, [prompt.verificationUriComplete]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = remaining(prompt.expiresAt, now);
  return (
    <Dialog title="Sign in on another device" name="device-code" onEscape={props.onCancel}>
      <p>
        On your phone or another computer, open <strong>{prompt.verificationUri}</strong> and enter this code
        to sign in as <strong>{props.email}</strong>. Or scan the QR code.
      </p>
      <div className="device-code">
        <p className="user-code" aria-label={`Code: ${prompt.userCode}`}>
          {prompt.userCode}
        </p>
        {qr && (
          <img
            className="qr"
            src={qr}
            width={176}
            height={176}
            alt={`QR code of the sign-in link ${prompt.verificationUriComplete}`}
          />
        )}
      </div>
      <p className="progress" role="status">
        <span className="spinner" aria-hidden="true" /> Waiting for the other device…
      </p>
      <p className="note">
        The code expires in <span className="countdown">{left}</span>.
      </p>
      <Actions
        extra={
          <PlainButton
            onClick={() => void copyText(prompt.userCode).then((ok) => setCopied(ok ? 'yes' : 'refused'))}
          >
            Copy code
          </PlainButton>
        }
      >
        <PlainButton onClick={props.onCancel}>Cancel</PlainButton>
      </Actions>
      <p className="note" role="status">
        {copied === 'yes' && 'Code copied.'}
      </p>
      {copied === 'refused' && (
        <label className="manual-copy">
          Copy this code by hand:
          <input readOnly value={prompt.userCode} />
        </label>
      )}
    </Dialog>
  );
}
