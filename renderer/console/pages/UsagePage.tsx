// Usage: who holds a seat and who does not use it (issue 23 item 1). The
// summary, the idle threshold, the filters, and one page of devices at a
// time (Next page / Previous page by cursor): never more than a page rendered.
import { useState } from 'react';
import { useUsagePage, useUsageSettings, useUsageSummary } from '../api/usage.ts';
import { Alert, Button, Loading } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { useFormErrors } from '../components/use-form-errors.ts';
import { emptyUsageFilter, usageFilterQuery, type UsageFilter } from '../lib/usage-filter.ts';
import { IdleDaysForm } from './IdleDaysForm.tsx';
import { UsageFilterForm, usageFilterFields } from './UsageFilterForm.tsx';
import { UsageSummaryCard } from './UsageSummaryCard.tsx';
import { UsageTable } from './UsageTable.tsx';
import { ExportCsv } from '../components/ListPaging.tsx';

export function UsagePage() {
  const [filter, setFilter] = useState<UsageFilter>(emptyUsageFilter);
  // The cursors of the pages before this one: Previous pops, Next pushes, a new filter empties.
  const [trail, setTrail] = useState<string[]>([]);
  const query = usageFilterQuery(filter);
  const cursor = trail.at(-1) ?? null;
  const page = useUsagePage(query, cursor);
  const settings = useUsageSettings();
  const summary = useUsageSummary().data;
  const errors = useFormErrors(page.error, usageFilterFields);
  const pageNumber = trail.length + 1;
  return (
    <>
      <PageHeading>Usage</PageHeading>
      <p>
        Who holds a seat and who does not use it: each device with its user, its first activation and last
        check-in.
      </p>
      {summary && <UsageSummaryCard summary={summary} />}
      {settings.data && <IdleDaysForm idleDays={settings.data.idleDays} />}
      <UsageFilterForm
        summary={summary}
        fieldErrors={errors.fields}
        onApply={(f) => {
          setFilter(f);
          setTrail([]);
        }}
      />
      {errors.form && <Alert kind="error">{errors.form}</Alert>}
      {page.isPending ? (
        <Loading what="usage" />
      ) : page.isError ? null : (
        <section aria-label="Devices">
          <p role="status">
            {page.data.items.length === 0
              ? 'No devices match.'
              : `Page ${pageNumber}: ${page.data.items.length} device${page.data.items.length === 1 ? '' : 's'}` +
                (page.data.order === 'longest-silent'
                  ? ', longest silent first.'
                  : ', in order of first activation.')}
          </p>
          {page.data.items.length > 0 && (
            <UsageTable rows={page.data.items} caption={`Devices, page ${pageNumber}`} />
          )}
          <div className="actions pager">
            <Button isDisabled={trail.length === 0} onPress={() => setTrail(trail.slice(0, -1))}>
              Previous page
            </Button>
            <Button
              isDisabled={!page.data.nextCursor || page.isPlaceholderData}
              onPress={() => page.data.nextCursor && setTrail([...trail, page.data.nextCursor])}
            >
              Next page
            </Button>
          </div>
        </section>
      )}
      {page.data && page.data.items.length > 0 && (
        <ExportCsv path={`/api/console/export/usage.csv${query ? `?${query}` : ''}`} what="devices" />
      )}
    </>
  );
}
