// Failed and Account & License with the way into My devices (issue 26 item 1):
// each keeps whether My devices is open, so the dialog under it stays as it was.
import { useState } from 'react';
import type { DesktopApi, FailureView, LicenseSummary } from '../../../common/desktop-api.ts';
import { AccountLicense, type Allowed } from './AccountLicense.tsx';
import { Failed } from './Failed.tsx';
import { MyDevices } from './MyDevices.tsx';

export function FailedWithDevices(props: {
  api: DesktopApi;
  failure: FailureView;
  onRetry: () => void;
  onClose: () => void;
}) {
  const [open, setOpen] = useState(false);
  const email = props.failure.tried?.email;
  const canRelease = props.failure.code === 'DEVICE_LIMIT_REACHED' && email !== undefined;
  if (open && email)
    return <MyDevices api={props.api} email={email} retryAfterRelease onClose={() => setOpen(false)} />;
  return (
    <Failed
      failure={props.failure}
      diagnosticReport={() => props.api.diagnosticReport()}
      onRetry={props.onRetry}
      onClose={props.onClose}
      {...(canRelease && { onReleaseDevice: () => setOpen(true) })}
    />
  );
}

export function AccountWithDevices(props: {
  api: DesktopApi;
  license: LicenseSummary;
  allowed: Allowed;
  onAbout: () => void;
  onCheckIn: () => Promise<boolean>;
  onDeactivate: () => void;
}) {
  const [open, setOpen] = useState(false);
  if (open)
    return (
      <MyDevices
        api={props.api}
        email={props.license.licensedTo}
        retryAfterRelease={false}
        onClose={() => setOpen(false)}
      />
    );
  return (
    <AccountLicense
      license={props.license}
      allowed={props.allowed}
      onAbout={props.onAbout}
      onCheckIn={props.onCheckIn}
      onDeactivate={props.onDeactivate}
      onMyDevices={() => setOpen(true)}
    />
  );
}
