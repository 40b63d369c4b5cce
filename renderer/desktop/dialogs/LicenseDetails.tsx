// To whom, which edition, until when — and, offline, until when it still works.
import type { LicenseSummary } from '../../../common/desktop-api.ts';
import { holderText, signedInAsText } from '../../../common/license-holder-text.ts';

const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
const moment = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function LicenseDetails(props: { license: LicenseSummary }) {
  const l = props.license;
  const signedInAs = signedInAsText(l);
  return (
    <dl className="license" aria-label="License">
      <dt>Licensed to</dt>
      <dd className="holder">
        {holderText(l)}
        {signedInAs && (
          <p className="signed-in-as" role="note">
            {signedInAs}
          </p>
        )}
      </dd>
      <dt>Edition</dt>
      <dd className="edition">{l.edition}</dd>
      <dt>Subscription until</dt>
      <dd>{day(l.subscriptionEndsAt)}</dd>
      <dt>Activated with</dt>
      <dd>{l.via === 'sso' ? 'Single sign-on' : 'Enterprise key'}</dd>
      {l.offline ? (
        <>
          <dt>Offline</dt>
          <dd role="status">
            The license server could not be reached. This license stays valid until {moment(l.leaseEndsAt)}.
          </dd>
        </>
      ) : (
        <>
          <dt>Checked</dt>
          <dd>{moment(l.lastCheckInAt)}</dd>
        </>
      )}
    </dl>
  );
}
