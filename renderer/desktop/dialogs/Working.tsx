// Signed in; the app exchanges the code and asks for its license.
import { Dialog } from './Dialog.tsx';

export function Working(props: { email: string }) {
  return (
    <Dialog title="Activating…" name="activating">
      <p className="progress" role="status">
        <span className="spinner" aria-hidden="true" /> Getting the license for {props.email}…
      </p>
    </Dialog>
  );
}
