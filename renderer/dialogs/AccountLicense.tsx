// Account & License: what this device holds, and the ways to activate it.
import type { LicenseSummary } from '../../common/desktop-api.ts';
import { Actions, Dialog } from './Dialog.tsx';
import { LicenseDetails } from './LicenseDetails.tsx';

type Props =
  | { license: LicenseSummary; onCheckIn: () => void; onDeactivate: () => void }
  | { license: null; onSso: () => void; onSignIn: () => void; onBusiness: () => void };

export function AccountLicense(props: Props) {
  return (
    <Dialog title="Account & License" name="account-license">
      {props.license ? (
        <>
          <LicenseDetails license={props.license} />
          <Actions>
            <button type="button" onClick={props.onCheckIn}>
              Check license now
            </button>
            <button type="button" className="secondary" onClick={props.onDeactivate}>
              Deactivate on this device
            </button>
          </Actions>
        </>
      ) : (
        <>
          <p className="status">Latchkey is not activated on this device.</p>
          <Actions>
            <button type="button" onClick={props.onSso}>
              Continue with SSO
            </button>
            <button type="button" className="secondary" onClick={props.onSignIn}>
              Sign in…
            </button>
            <button type="button" className="secondary" onClick={props.onBusiness}>
              Business Edition…
            </button>
          </Actions>
        </>
      )}
    </Dialog>
  );
}
