// Deactivate on this device asks first (a sheet over Account & License): it
// frees the seat and the app stops working here. Cancel is the default button,
// so Return and Escape both keep the license (Apple HIG, "Alerts": a
// destructive action is never the default).
import { Actions, DefaultButton, Dialog, PlainButton } from './Dialog.tsx';

export function ConfirmDeactivate(props: { onDeactivate: () => void; onCancel: () => void }) {
  return (
    <div className="sheet-backdrop">
      <Dialog
        title="Deactivate Latchkey on this device?"
        name="confirm-deactivate"
        alert
        onEscape={props.onCancel}
      >
        <p>
          Your seat is freed for someone else, and Latchkey stops working on this device until it is activated
          again.
        </p>
        <Actions>
          <PlainButton onClick={props.onDeactivate}>Deactivate</PlainButton>
          <DefaultButton onClick={props.onCancel}>Cancel</DefaultButton>
        </Actions>
      </Dialog>
    </div>
  );
}
