// What Check license now found, in words: renewed (and until when the license
// runs), or the server out of reach (and until when it still works offline).
// A refusal is not shown here: the core moves to Failed, which says why.
import type { LicenseSummary } from '../../../common/desktop-api.ts';
import { day, moment } from './license-dates.ts';

export type CheckStatus = 'none' | 'checking' | 'done';

export function CheckResult(props: { status: CheckStatus; license: LicenseSummary }) {
  const l = props.license;
  return (
    <p className="note check-result" role="status">
      {props.status === 'checking' && 'Checking the license…'}
      {props.status === 'done' &&
        (l.offline
          ? `Could not reach the license server — the license still works offline until ${moment(l.leaseEndsAt)}`
          : `Checked in just now — license valid until ${day(l.subscriptionEndsAt)}`)}
    </p>
  );
}
