// Account & License: what this device holds, and the ways to activate it.
import type { LicenseSummary } from '../../common/desktop-api.ts';
import { Actions, Dialog } from './Dialog.tsx';
import { LicenseDetails } from './LicenseDetails.tsx';

export function AccountLicense(props: {
  license: LicenseSummary | null;
  onSignIn: () => void;
  onSso: () => void;
  onBusiness: () => void;
  onCheckIn: () => void;
  onDeactivate: () => void;
}) {
  const { license } = props;
  return (
    <Dialog title="Account & License" name="account-license">
      {license ? (
        <LicenseDetails license={license} />
      ) : (
        <p className="status">Latchkey is not activated on this device.</p>
      )}
      <Actions>
        {license ? (
          <>
            <button type="button" onClick={props.onCheckIn}>
              Check license now
            </button>
            <button type="button" className="secondary" onClick={props.onDeactivate}>
              Deactivate on this device
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={props.onSso}>
              Continue with SSO
            </button>
            <button type="button" className="secondary" onClick={props.onSignIn}>
              Sign in…
            </button>
            <button type="button" className="secondary" onClick={props.onBusiness}>
              Business Edition…
            </button>
          </>
        )}
      </Actions>
    </Dialog>
  );
}
