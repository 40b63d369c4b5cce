// One attempt of the activation log, as a disclosure: its reference, email,
// stage, outcome and time; opened, the user's message and the admin's remedy
// from the catalog, and its decoded, redacted evidence.
import { Disclosure, DisclosurePanel, Heading, Button as AriaButton } from 'react-aria-components';
import { describeFailure, isFailureCode } from '../../../common/failure-codes.ts';
import type { Attempt } from '../api/types.ts';
import { When } from '../components/bits.tsx';
import { NameValueTable } from '../components/name-value-table.tsx';
import { evidenceRows } from '../lib/evidence.ts';

const stageText: Record<string, string> = {
  discovery: 'Home realm discovery',
  acs: 'SAML response (ACS)',
  entitlement: 'Entitlement',
  activation: 'Activation',
  'check-in': 'Check-in',
  deactivation: 'Deactivation',
};

export function AttemptItem({ attempt }: { attempt: Attempt }) {
  const info = attempt.code && isFailureCode(attempt.code) ? describeFailure(attempt.code) : undefined;
  const rows = evidenceRows(attempt.evidence);
  const ok = attempt.outcome === 'success';
  return (
    <Disclosure className={`attempt ${ok ? 'ok' : 'failed'}`} data-reference={attempt.id}>
      <Heading level={2} className="attempt-heading">
        <AriaButton slot="trigger" className="attempt-trigger">
          <span className="ref">ref:{attempt.id}</span>
          <span>{attempt.email ?? '(no email)'}</span>
          <span>{stageText[attempt.stage] ?? attempt.stage}</span>
          <span className={`badge ${ok ? 'green' : 'danger'}`}>{ok ? 'Accepted' : attempt.code}</span>
          <When at={attempt.at} />
        </AriaButton>
      </Heading>
      <DisclosurePanel className="attempt-panel">
        <dl className="facts">
          <dt>Reference</dt>
          <dd>
            {attempt.code ?? 'OK'} ref:{attempt.id}
          </dd>
          <dt>Our clock at the attempt</dt>
          <dd>
            <code>{attempt.at}</code> (compare notBefore / notOnOrAfter below)
          </dd>
          <dt>Stage</dt>
          <dd>{stageText[attempt.stage] ?? attempt.stage}</dd>
          {info && (
            <>
              <dt>What the user was told</dt>
              <dd>{info.userMessage}</dd>
              <dt>Remedy</dt>
              <dd>{info.adminRemedy}</dd>
            </>
          )}
        </dl>
        <NameValueTable caption="Evidence (secrets redacted)" rows={rows} />
      </DisclosurePanel>
    </Disclosure>
  );
}
