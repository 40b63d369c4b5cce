// What every console list has below it: "Load more" while the service has a
// next page (a list never renders an unbounded number of rows at once: each
// press adds one page), and "Export CSV" for the list as filtered on screen.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { downloadFile } from '../api/download.ts';
import { Alert, Button } from './bits.tsx';

/** One page of a console list as the API answers it: the items under their list's name, and the next page's cursor. */
type Paged = Record<string, unknown> & { nextCursor?: string | null };

/**
 * A console list read page by page: `path` with its filters as a query string, `field` the
 * answer's name for the items. The key holds the filters, so a new filter starts at page one.
 */
export function useCursorList<T>(key: readonly unknown[], path: string, field: string, pageSize = 100) {
  const query = useInfiniteQuery({
    queryKey: key,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const sep = path.includes('?') ? '&' : '?';
      const cursor = pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : '';
      return api.get<Paged>(`${path}${sep}limit=${pageSize}${cursor}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? null,
    // While a new filter's first page loads, the last answer stays on screen (and keeps the keyboard focus).
    placeholderData: keepPreviousData,
  });
  const items = (query.data?.pages ?? []).flatMap((p) => (p[field] as T[] | undefined) ?? []);
  return { query, items };
}

export function LoadMore(props: {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  what: string;
  /** How many rows are on screen (said in a live region); left out where the page says it already. */
  shown?: number;
}) {
  return (
    <div className="list-paging">
      {props.shown !== undefined && (
        <p role="status">
          {props.shown} {props.what} shown{props.hasMore ? '; more to load' : ''}
        </p>
      )}
      {props.hasMore && (
        <Button isDisabled={props.loading} onPress={props.onMore}>
          {props.loading ? 'Loading…' : `Load more ${props.what}`}
        </Button>
      )}
    </div>
  );
}

/** "Export CSV": the list as filtered now (`path` the export with the same filters). */
export function ExportCsv({ path, what }: { path: string; what: string }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: string | null }>({
    busy: false,
    error: null,
    saved: null,
  });
  return (
    <div className="export-csv">
      <Button
        isDisabled={state.busy}
        onPress={() => {
          setState({ busy: true, error: null, saved: null });
          downloadFile(path, `${what}.csv`).then(
            (saved) => setState({ busy: false, error: null, saved }),
            (e: unknown) =>
              setState({ busy: false, error: e instanceof Error ? e.message : String(e), saved: null }),
          );
        }}
      >
        {state.busy ? 'Exporting…' : `Export ${what} as CSV`}
      </Button>
      <span role="status" className="export-saved">
        {state.saved ? `Saved ${state.saved}` : ''}
      </span>
      {state.error && <Alert kind="error">{state.error}</Alert>}
    </div>
  );
}
