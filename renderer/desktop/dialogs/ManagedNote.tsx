// The mark of a value the organisation set (managed policy): it cannot be changed here.
import { managedLabel } from '../../../common/desktop-policy.ts';

export function ManagedNote(props: { id?: string }) {
  return (
    <p className="managed" id={props.id}>
      {managedLabel}
    </p>
  );
}
