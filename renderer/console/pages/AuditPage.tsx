// Audit log: who changed what, when — from the console, SCIM and the CLI.
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { AuditEntry } from '../api/types.ts';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';

const pageSize = 100;

function actorText(actor: string): string {
  if (actor.startsWith('user:')) return actor.slice('user:'.length);
  if (actor.startsWith('scim-token:'))
    return `SCIM (token ${actor.slice('scim-token:'.length, 'scim-token:'.length + 8)}…)`;
  return actor;
}

export function AuditPage() {
  const audit = useInfiniteQuery({
    queryKey: keys.auditPages,
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await api.get<{ entries: AuditEntry[] }>(
          `/api/console/audit?limit=${pageSize}${pageParam ? `&before=${pageParam}` : ''}`,
        )
      ).entries,
    getNextPageParam: (last) => (last.length === pageSize ? last[last.length - 1]?.id : undefined),
  });
  const entries = audit.data?.pages.flat() ?? [];
  return (
    <>
      <PageHeading>Audit log</PageHeading>
      {audit.isPending ? (
        <Loading what="the audit log" />
      ) : audit.isError ? (
        <Alert kind="error">{audit.error.message}</Alert>
      ) : (
        <table className="data audit">
          <caption>Who changed what, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <When at={e.at} />
                </td>
                <td>{actorText(e.actor)}</td>
                <td>{e.action}</td>
                <td>{e.target ?? '—'}</td>
                <td>
                  <code>{Object.keys(e.detail).length ? JSON.stringify(e.detail) : '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {audit.hasNextPage && (
        <Button isDisabled={audit.isFetchingNextPage} onPress={() => void audit.fetchNextPage()}>
          Load older entries
        </Button>
      )}
    </>
  );
}
