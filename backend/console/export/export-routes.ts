// GET /api/console/export/{users,devices,usage,activation-log,audit}.csv: the list
// as filtered on screen (the same query fields, without cursor and limit),
// streamed from the list's own keyset query, a page at a time (issue 23 item 7).
// Signed in like every console read; the file is named for the account and day.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { getAccount } from '../../accounts/account-service.ts';
import { requireSession } from '../../http/session-guard.ts';
import { parseInput } from '../../http/validate.ts';
import type { ServiceDeps } from '../../service-deps.ts';
import { describeDirectoryUsers } from '../directory-queries.ts';
import { attemptListFilter, attemptPage } from '../lists/attempt-list.ts';
import { auditListFilter, auditPage } from '../lists/audit-list.ts';
import { deviceListFilter, devicePage } from '../lists/device-list.ts';
import { userListFilter, userRowsPage } from '../lists/user-list.ts';
import { checkUsageFilters, usageQuery } from '../usage-filters.ts';
import { usagePage } from '../usage-query.ts';
import {
  allPages,
  csvChunks,
  fileSlug,
  sendCsv,
  type CsvColumn,
  type PageReader,
  type PageView,
} from './csv-stream.ts';
import { attemptColumns, auditColumns, deviceColumns, usageColumns, userColumns } from './list-columns.ts';

/** Rows read per page of an export: the most one export holds in memory at once. */
export const exportPageSize = 500;

const withCursor = (cursor: string | null) => (cursor === null ? {} : { cursor });

/** One list's export: its filters, how a page is read, and what a row's cells are. */
interface ListExport<F, R, T> {
  filter: z.ZodType<F>;
  /** Checks the filter before the file starts: once it streams, a 400 can no longer be sent. */
  check?: (accountId: string, filter: F) => Promise<void>;
  pages: (accountId: string, filter: F) => PageReader<R>;
  columns: readonly CsvColumn<T>[];
  view: (accountId: string) => PageView<R, T>;
}

export function registerConsoleExportRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { database, clock } = deps;
  const same =
    <T>() =>
    (rows: T[]) =>
      rows;

  function route<F, R, T>(list: string, e: ListExport<F, R, T>): void {
    app.get(`/api/console/export/${list}.csv`, async (request, reply): Promise<FastifyReply> => {
      const { accountId } = requireSession(request);
      const filter = parseInput(e.filter, request.query, 'query');
      await e.check?.(accountId, filter);
      const account = await getAccount(database.db, accountId);
      const file = `latchkey-${fileSlug(account.name)}-${list}-${clock.now().toISOString().slice(0, 10)}.csv`;
      return sendCsv(
        reply,
        file,
        csvChunks(e.columns, allPages(e.pages(accountId, filter)), e.view(accountId)),
      );
    });
  }

  route('users', {
    filter: userListFilter,
    pages: (accountId, f) => (cursor) =>
      userRowsPage(database, accountId, { ...f, ...withCursor(cursor), limit: exportPageSize }),
    columns: userColumns,
    view: (accountId) => (rows) => describeDirectoryUsers(database.db, accountId, rows),
  });
  route('devices', {
    filter: deviceListFilter,
    pages: (accountId, f) => (cursor) =>
      devicePage(database, accountId, { ...f, ...withCursor(cursor), limit: exportPageSize }),
    columns: deviceColumns,
    view: same,
  });
  // A usage page holds at most 200 devices (usage-filters.ts).
  const usageFilter = usageQuery.omit({ cursor: true, limit: true }).strict();
  route('usage', {
    filter: usageFilter,
    check: (accountId, f) => checkUsageFilters(database.db, accountId, { ...f, limit: 200 }),
    pages: (accountId, f) => (cursor) =>
      usagePage(database, clock, accountId, { ...f, ...withCursor(cursor), limit: 200 }),
    columns: usageColumns,
    view: same,
  });
  route('activation-log', {
    filter: attemptListFilter,
    pages: (accountId, f) => (cursor) =>
      attemptPage(database, accountId, { ...f, ...withCursor(cursor), limit: exportPageSize }),
    columns: attemptColumns,
    view: same,
  });
  route('audit', {
    filter: auditListFilter,
    pages: (accountId, f) => (cursor) =>
      auditPage(database, accountId, { ...f, ...withCursor(cursor), limit: exportPageSize }),
    columns: auditColumns,
    view: same,
  });
}
