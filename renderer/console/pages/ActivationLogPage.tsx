// Activation log: every attempt, filtered by email, code, outcome, reference
// and time; each with its stage, code, the remedy for the admin from the
// catalog, and its decoded, redacted evidence; the reference number the user
// was shown is the attempt's number.
import { useState } from 'react';
import { keys } from '../api/queries.ts';
import type { Attempt } from '../api/types.ts';
import { Alert, Loading } from '../components/bits.tsx';
import { ExportCsv, LoadMore, useCursorList } from '../components/ListPaging.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { attemptCount, emptyLogFilter, logFilterQuery, type LogFilter } from '../lib/log-filter.ts';
import { AttemptItem } from './AttemptItem.tsx';
import { LogFilterForm } from './LogFilterForm.tsx';

export function ActivationLogPage() {
  const [filter, setFilter] = useState<LogFilter>(emptyLogFilter);
  const query = logFilterQuery(filter);
  const { query: attempts, items } = useCursorList<Attempt>(
    keys.attempts(query),
    `/api/console/attempts?${query}`,
    'attempts',
  );
  const errors = useFormErrors(attempts.error, ['email', 'code', 'reference', 'from', 'to']);
  return (
    <>
      <PageHeading>Activation log</PageHeading>
      <p>
        Every sign-in and activation attempt, accepted or refused, newest first. Search by the reference a
        user reads you from their screen (for example <code>USER_NOT_IN_GROUP ref:42</code>), or by the start
        of an email (the whole address is fastest).
      </p>
      <LogFilterForm
        fieldErrors={errors.fields}
        onSearch={setFilter}
        onRefresh={() => void attempts.refetch()}
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      {attempts.isPending ? (
        <Loading what="the activation log" />
      ) : attempts.isError ? null : (
        // On a refused filter the error says why; the last search's list is not shown as its answer.
        <section aria-label="Attempts" className="attempts">
          <p role="status">{attemptCount(items.length, attempts.hasNextPage)}</p>
          {items.map((a) => (
            <AttemptItem key={a.id} attempt={a} />
          ))}
          <LoadMore
            hasMore={attempts.hasNextPage}
            loading={attempts.isFetchingNextPage}
            onMore={() => void attempts.fetchNextPage()}
            what="attempts"
          />
          <ExportCsv path={`/api/console/export/activation-log.csv?${query}`} what="attempts" />
        </section>
      )}
    </>
  );
}
