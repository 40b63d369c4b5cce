// GET /api/console/dashboard and GET /api/console/denials (issue 23 items 4
// and 5): the signed-in admin's workspace, a bounded window of whole days.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Dashboard, DenialsReport } from '../../common/console-dashboard.ts';
import { requireSession } from '../http/session-guard.ts';
import { parseInput } from '../http/validate.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { attemptsPerDay, directoryCounts, idleDevices, scimHealthOf } from './dashboard-queries.ts';
import { idleDaysOf } from './usage-settings.ts';
import { dayRange, maxWindowDays } from './day-window.ts';
import { denialsReport } from './denials.ts';
import { seatHistory } from './seat-history.ts';

const windowQuery = (defaultDays: number) =>
  z.object({ days: z.coerce.number().int().min(1).max(maxWindowDays).default(defaultDays) }).strict();
const denialsQuery = windowQuery(7);
const dashboardQuery = windowQuery(maxWindowDays);

export function registerDashboardRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  const { db } = deps.database;

  app.get('/api/console/denials', async (request): Promise<DenialsReport> => {
    const { accountId } = requireSession(request);
    const { days } = parseInput(denialsQuery, request.query, 'query');
    return denialsReport(db, accountId, dayRange(deps.clock.now(), days));
  });

  app.get('/api/console/dashboard', async (request): Promise<Dashboard> => {
    const { accountId } = requireSession(request);
    const { days } = parseInput(dashboardQuery, request.query, 'query');
    const now = deps.clock.now();
    const range = dayRange(now, days);
    return {
      window: { from: range.from, to: range.to },
      seats: await seatHistory(db, accountId, range),
      attempts: await attemptsPerDay(db, accountId, range),
      idle: await idleDevices(db, accountId, now, await idleDaysOf(db, accountId)),
      users: await directoryCounts(db, accountId),
      scim: await scimHealthOf(db, accountId),
    };
  });
}
