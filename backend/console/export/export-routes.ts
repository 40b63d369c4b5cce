// GET /api/console/export/{users,devices,usage,activation-log,audit}.csv: the list
// as filtered on screen (the same query fields, without cursor and limit),
// streamed from the list's own keyset query, 500 rows a page (issue 23 item 7).
// Signed in like every console read; the file is named for the account and day.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { getAccount } from '../../accounts/account-service.ts';
import { requireSession } from '../../http/session-guard.ts';
import { parseInput } from '../../http/validate.ts';
import type { ServiceDeps } from '../../service-deps.ts';
import { describeDirectoryUsers } from '../directory-queries.ts';
import { attemptListFilter, attemptPage } from '../lists/attempt-list.ts';
import { auditListFilter, auditPage } from '../lists/audit-list.ts';
import { deviceListFilter, devicePage } from '../lists/device-list.ts';
import { userListFilter, userRowsPage } from '../lists/user-list.ts';
import { allPages, csvChunks, fileSlug, sendCsv } from './csv-stream.ts';
import { checkUsageFilters, usageQuery } from '../usage-filters.ts';
import { usagePage } from '../usage-query.ts';
import { attemptColumns, auditColumns, deviceColumns, usageColumns, userColumns } from './list-columns.ts';

/** Rows read per page of an export: the most one export holds in memory at once. */
export const exportPageSize = 500;

const withCursor = (cursor: string | null) => (cursor === null ? {} : { cursor });

export function registerConsoleExportRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { database, clock } = deps;

  async function fileName(accountId: string, list: string): Promise<string> {
    const account = await getAccount(database.db, accountId);
    return `latchkey-${fileSlug(account.name)}-${list}-${clock.now().toISOString().slice(0, 10)}.csv`;
  }

  app.get('/api/console/export/users.csv', async (request, reply): Promise<FastifyReply> => {
    const { accountId } = requireSession(request);
    const filter = parseInput(userListFilter, request.query, 'query');
    const pages = allPages((cursor) =>
      userRowsPage(database, accountId, { ...filter, ...withCursor(cursor), limit: exportPageSize }),
    );
    const chunks = csvChunks(userColumns, pages, (rows) =>
      describeDirectoryUsers(database.db, accountId, rows),
    );
    return sendCsv(reply, await fileName(accountId, 'users'), chunks);
  });

  app.get('/api/console/export/devices.csv', async (request, reply): Promise<FastifyReply> => {
    const { accountId } = requireSession(request);
    const filter = parseInput(deviceListFilter, request.query, 'query');
    const pages = allPages((cursor) =>
      devicePage(database, accountId, { ...filter, ...withCursor(cursor), limit: exportPageSize }),
    );
    return sendCsv(
      reply,
      await fileName(accountId, 'devices'),
      csvChunks(deviceColumns, pages, (r) => r),
    );
  });

  app.get('/api/console/export/usage.csv', async (request, reply): Promise<FastifyReply> => {
    const { accountId } = requireSession(request);
    const filter = parseInput(
      usageQuery.omit({ cursor: true, limit: true }).strict(),
      request.query,
      'query',
    );
    // The filters' ids are checked before the file starts: once it streams, a 400 can no longer be sent.
    await checkUsageFilters(database.db, accountId, { ...filter, limit: 200 });
    // A usage page holds at most 200 devices (usage-filters.ts).
    const pages = allPages((cursor) =>
      usagePage(database, clock, accountId, { ...filter, ...withCursor(cursor), limit: 200 }),
    );
    return sendCsv(
      reply,
      await fileName(accountId, 'usage'),
      csvChunks(usageColumns, pages, (r) => r),
    );
  });

  app.get('/api/console/export/activation-log.csv', async (request, reply): Promise<FastifyReply> => {
    const { accountId } = requireSession(request);
    const filter = parseInput(attemptListFilter, request.query, 'query');
    const pages = allPages((cursor) =>
      attemptPage(database, accountId, { ...filter, ...withCursor(cursor), limit: exportPageSize }),
    );
    const file = await fileName(accountId, 'activation-log');
    return sendCsv(
      reply,
      file,
      csvChunks(attemptColumns, pages, (r) => r),
    );
  });

  app.get('/api/console/export/audit.csv', async (request, reply): Promise<FastifyReply> => {
    const { accountId } = requireSession(request);
    const filter = parseInput(auditListFilter, request.query, 'query');
    const pages = allPages((cursor) =>
      auditPage(database, accountId, { ...filter, ...withCursor(cursor), limit: exportPageSize }),
    );
    return sendCsv(
      reply,
      await fileName(accountId, 'audit'),
      csvChunks(auditColumns, pages, (r) => r),
    );
  });
}
