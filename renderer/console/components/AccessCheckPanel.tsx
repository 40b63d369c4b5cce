// "Why can't this user activate?": GET /api/console/access-check runs the
// same decision as a real activation, without side effects; this shows every
// rule in order with its verdict, evidence and remedy.
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import type { AccessCheck, AccessRuleResult } from '../../../common/access-check.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { accessSummary, evidenceLines, verdictText } from '../lib/access-check.ts';
import { Alert, Button, Loading, When } from './bits.tsx';

export function useAccessCheck(email: string | undefined) {
  return useQuery({
    queryKey: keys.accessCheck(email ?? ''),
    queryFn: () => api.get<AccessCheck>(`/api/console/access-check?email=${encodeURIComponent(email ?? '')}`),
    enabled: email !== undefined && email !== '',
    // A fresh answer each time it is opened: the rules read live state.
    staleTime: 0,
  });
}

function Rule({ rule, index }: { rule: AccessRuleResult; index: number }) {
  const lines = evidenceLines(rule);
  return (
    <li className={`access-rule ${rule.verdict}`} data-rule={rule.rule} data-verdict={rule.verdict}>
      <p>
        <span className="verdict">{verdictText[rule.verdict]}</span>
        <strong>
          {index + 1}. {rule.title}
        </strong>{' '}
        <span className="description">(rule “{rule.rule}”)</span>
      </p>
      {lines.length > 0 && (
        <dl className="facts">
          {lines.map((l) => (
            <Fragment key={l.name}>
              <dt>{l.name}</dt>
              <dd>{l.value}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      {rule.verdict === 'fail' && (
        <p className="remedy">
          <strong>Remedy:</strong> {rule.remedy ?? 'none given'}
          {rule.code && (
            <>
              {' '}
              A real activation is refused now with <code>{rule.code}</code>.
            </>
          )}
        </p>
      )}
    </li>
  );
}

export function AccessCheckResult({ check }: { check: AccessCheck }) {
  return (
    <>
      <Alert kind={check.allowed ? 'success' : 'warning'}>{accessSummary(check)}</Alert>
      <ol className="access-rules" aria-label={`Access rules for ${check.email}, in order`}>
        {check.rules.map((r, i) => (
          <Rule key={r.rule} rule={r} index={i} />
        ))}
      </ol>
      <p className="description">
        Checked <When at={check.checkedAt} />
        {check.via === 'key' ? ' for a license-key activation' : ' for a single sign-on activation'}. Nothing
        was changed or logged.
      </p>
    </>
  );
}

/** The check for one email, with a way to run it again. */
export function AccessCheckPanel({ email, headingId }: { email: string; headingId: string }) {
  const check = useAccessCheck(email);
  return (
    <section className="access-check" aria-labelledby={headingId}>
      <h2 id={headingId}>Why can&apos;t {email} activate?</h2>
      {check.isPending ? (
        <Loading what="the access check" />
      ) : check.isError ? (
        <Alert kind="error">The access check did not run: {check.error.message}</Alert>
      ) : (
        <AccessCheckResult check={check.data} />
      )}
      <Button isDisabled={check.isFetching} onPress={() => void check.refetch()}>
        Check again
      </Button>
    </section>
  );
}
