// Account & License: what this device holds, and the ways to activate it.
import { useRef, useState } from 'react';
import type { LicenseSummary } from '../../../common/desktop-api.ts';
import { CheckResult, type CheckStatus } from './CheckResult.tsx';
import { ConfirmDeactivate } from './ConfirmDeactivate.tsx';
import { Actions, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';
import { LicenseDetails } from './LicenseDetails.tsx';

type Props =
  | {
      license: LicenseSummary;
      /** Resolves true when the check ran (its outcome is the new state), false when it could not start. */
      onCheckIn: () => Promise<boolean>;
      onDeactivate: () => void;
      /** My devices (issue 26 item 1). */
      onMyDevices?: () => void;
    }
  | { license: null; onSso: () => void; onSignIn: () => void; onBusiness: () => void };

export function AccountLicense(props: Props) {
  return props.license ? (
    <Activated {...props} license={props.license} />
  ) : (
    <Dialog title="Account & License" name="account-license">
      <p className="status">Latchkey is not activated on this device.</p>
      <Actions>
        <PlainButton onClick={props.onSignIn}>Sign in…</PlainButton>
        <PlainButton onClick={props.onBusiness}>Business Edition…</PlainButton>
        <DefaultButton onClick={props.onSso}>Continue with SSO</DefaultButton>
      </Actions>
    </Dialog>
  );
}

function Activated(props: Extract<Props, { license: LicenseSummary }>) {
  const [check, setCheck] = useState<CheckStatus>('none');
  const [confirming, setConfirming] = useState(false);
  // The sheet closed without deactivating: focus goes back to the button that opened it.
  const opener = useRef<HTMLButtonElement>(null);
  const checkIn = () => {
    setCheck('checking');
    void props.onCheckIn().then((ran) => setCheck(ran ? 'done' : 'none'));
  };
  return (
    <>
      <Dialog title="Account & License" name="account-license" inert={confirming}>
        <LicenseDetails license={props.license} />
        <CheckResult status={check} license={props.license} />
        <Actions
          extra={
            <>
              <PlainButton ref={opener} onClick={() => setConfirming(true)}>
                Deactivate on this device…
              </PlainButton>
              {props.onMyDevices && <PlainButton onClick={props.onMyDevices}>My devices…</PlainButton>}
            </>
          }
        >
          <DefaultButton onClick={checkIn} disabled={check === 'checking'}>
            Check license now
          </DefaultButton>
        </Actions>
      </Dialog>
      {confirming && (
        <ConfirmDeactivate
          onCancel={() => {
            setConfirming(false);
            // After React lifts `inert`, or the button cannot take focus.
            setTimeout(() => opener.current?.focus());
          }}
          onDeactivate={() => {
            setConfirming(false);
            props.onDeactivate();
          }}
        />
      )}
    </>
  );
}
