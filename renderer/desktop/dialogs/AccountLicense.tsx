// Account & License: what this device holds, and the ways to activate it.
import { useRef, useState } from 'react';
import type { LicenseSummary } from '../../../common/desktop-api.ts';
import { CheckResult, type CheckStatus } from './CheckResult.tsx';
import { ConfirmDeactivate } from './ConfirmDeactivate.tsx';
import { ComeBackLater } from './ComeBackLater.tsx';
import { Actions, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';
import { LicenseDetails } from './LicenseDetails.tsx';
import { ManagedNote } from './ManagedNote.tsx';

/**
 * Below the buttons, last in the Tab order: a link to the settings in force and the policy's
 * problems (a link, not a button: it opens another view and leaves the button row as it was).
 */
function AboutLink(props: { onAbout: () => void }) {
  return (
    <p className="about-link">
      <a
        href="#about"
        onClick={(e) => {
          e.preventDefault();
          props.onAbout();
        }}
      >
        About Latchkey…
      </a>
    </p>
  );
}

/** What the organisation's policy allows here (the core refuses the rest as well). */
export interface Allowed {
  methods: 'sso' | 'key' | 'both';
  deactivate: boolean;
}

type Props = { allowed: Allowed; onAbout: () => void } & (
  | {
      license: LicenseSummary;
      /** Resolves true when the check ran (its outcome is the new state), false when it could not start. */
      onCheckIn: () => Promise<boolean>;
      onDeactivate: () => void;
      /** My devices (issue 26 item 1). */
      onMyDevices?: () => void;
    }
  | {
      license: null;
      onSso: () => void;
      onSignIn: () => void;
      onBusiness: () => void;
      /** The user cancelled the SSO step the app opened at start: say how to come back. */
      cancelled: boolean;
    }
);

export function AccountLicense(props: Props) {
  return props.license ? (
    <Activated {...props} license={props.license} />
  ) : (
    <Dialog title="Account & License" name="account-license">
      <p className="status">Latchkey is not activated on this device.</p>
      {props.cancelled && <ComeBackLater sso={props.allowed.methods !== 'key'} />}
      <Actions>
        <PlainButton onClick={props.onSignIn}>Sign in…</PlainButton>
        {props.allowed.methods !== 'sso' && (
          <PlainButton onClick={props.onBusiness}>Business Edition…</PlainButton>
        )}
        {props.allowed.methods !== 'key' && (
          <DefaultButton onClick={props.onSso}>Continue with SSO</DefaultButton>
        )}
      </Actions>
      <AboutLink onAbout={props.onAbout} />
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
        {!props.allowed.deactivate && (
          <div className="deactivate-managed">
            <p>Deactivation on this device is turned off.</p>
            <ManagedNote />
          </div>
        )}
        <Actions
          extra={
            <>
              {props.allowed.deactivate && (
                <PlainButton ref={opener} onClick={() => setConfirming(true)}>
                  Deactivate on this device…
                </PlainButton>
              )}
              {props.onMyDevices && <PlainButton onClick={props.onMyDevices}>My devices…</PlainButton>}
            </>
          }
        >
          <DefaultButton onClick={checkIn} disabled={check === 'checking'}>
            Check license now
          </DefaultButton>
        </Actions>
        <AboutLink onAbout={props.onAbout} />
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
