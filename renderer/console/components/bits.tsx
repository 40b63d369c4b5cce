// Small shared pieces: buttons, a copy button, alerts, a state badge, times.
import { useState, type ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps } from 'react-aria-components';

export function Button(props: ButtonProps & { variant?: 'primary' | 'secondary' | 'danger' }) {
  const { variant = 'secondary', className, ...rest } = props;
  return (
    <AriaButton {...rest} className={`button ${variant} ${typeof className === 'string' ? className : ''}`} />
  );
}

/** Copies `value`; says so in a live region (screen readers hear it, too). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy">
      <Button
        aria-label={`Copy ${label}`}
        onPress={() => {
          void navigator.clipboard.writeText(value).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          });
        }}
      >
        Copy
      </Button>
      <span role="status" className="copied">
        {copied ? 'Copied' : ''}
      </span>
    </span>
  );
}

/** A read-only value the admin copies into the IdP. */
export function CopyValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="copy-value">
      <div className="copy-label">{label}</div>
      <div className="copy-row">
        <code>{value}</code>
        <CopyButton value={value} label={label} />
      </div>
    </div>
  );
}

export function Alert({
  kind,
  children,
}: {
  kind: 'error' | 'warning' | 'info' | 'success';
  children: ReactNode;
}) {
  return (
    <div className={`alert ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function StateBadge({ green, labels }: { green: boolean; labels?: [string, string] }) {
  const [done, notDone] = labels ?? ['Done', 'Not done'];
  return <span className={`badge ${green ? 'green' : 'gray'}`}>{green ? done : notDone}</span>;
}

export function When({ at }: { at: string | null }) {
  if (!at) return <>never</>;
  return <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Loading {what}…</p>;
}
