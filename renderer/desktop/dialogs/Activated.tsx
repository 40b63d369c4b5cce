// The moment it worked: who it is licensed to, the edition, until when.
import type { LicenseSummary } from '../../../common/desktop-api.ts';
import { Actions, DefaultButton, Dialog } from './Dialog.tsx';
import { LicenseDetails } from './LicenseDetails.tsx';

export function Activated(props: { license: LicenseSummary; onDone: () => void }) {
  return (
    <Dialog title="Latchkey is activated" name="activated" onEscape={props.onDone}>
      <LicenseDetails license={props.license} />
      <Actions>
        <DefaultButton onClick={props.onDone}>Done</DefaultButton>
      </Actions>
    </Dialog>
  );
}
