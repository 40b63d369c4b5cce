// Signed in; the app exchanges the code and asks for its license.
import { Actions, Dialog, PlainButton } from './Dialog.tsx';

export function Working(props: {
  email: string;
  approval?: { expiresAt: string };
  /** Stop waiting for the approval (the request stays; activating again asks about it). */
  onStopWaiting?: () => void;
}) {
  // The license waits for IT to approve new devices (issue 26 item 4): the app keeps asking.
  if (props.approval)
    return (
      <Dialog title="Waiting for approval" name="approval-pending">
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" /> Waiting for your IT team to approve this computer…
        </p>
        <p>
          The app checks on its own; you can leave this window open. The request ends on{' '}
          <time dateTime={props.approval.expiresAt}>
            {new Date(props.approval.expiresAt).toLocaleDateString()}
          </time>
          .
        </p>
        {props.onStopWaiting && (
          <Actions>
            <PlainButton onClick={props.onStopWaiting}>Stop waiting</PlainButton>
          </Actions>
        )}
      </Dialog>
    );
  return (
    <Dialog title="Activating…" name="activating">
      <p className="progress" role="status">
        <span className="spinner" aria-hidden="true" /> Getting the license for {props.email}…
      </p>
    </Dialog>
  );
}
