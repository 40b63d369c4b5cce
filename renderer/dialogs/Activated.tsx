// The moment it worked: who it is licensed to, the edition, until when.
import type { LicenseSummary } from '../../common/desktop-api.ts';
import { Actions, Dialog } from './Dialog.tsx';
import { LicenseDetails } from './LicenseDetails.tsx';

export function Activated(props: { license: LicenseSummary; onDone: () => void }) {
  return (
    <Dialog title="Latchkey is activated" name="activated">
      <LicenseDetails license={props.license} />
      <Actions>
        <button type="button" onClick={props.onDone}>
          Done
        </button>
      </Actions>
    </Dialog>
  );
}
