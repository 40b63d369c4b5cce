// The integration's SCIM health for the Dashboard (issue 23 item 5): the
// account's last SCIM request and its outcome, and its last failed one.
// Cheap on the hot path: each node writes an account's row at most once a
// minute (a per-process memo decides when; the row itself is an upsert, so
// several nodes only ever overwrite with a newer request). A failure seen
// between two writes is kept in the memo and goes out with the next write.
// Only requests past the bearer token count: a refused token names no account.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export const scimHealthWriteEveryMs = 60_000;

interface Seen {
  at: string;
  method: string;
  path: string;
  status: number;
}

interface Memo {
  writtenAt: number;
  /** The latest failure not yet written. */
  error: Seen | null;
}

/** The path without query or resource id: what the request did, with no user data. */
function pathOf(request: FastifyRequest): string {
  return `/scim/v2${request.routeOptions.url?.replace(/^\/scim\/v2/, '') ?? ''}`;
}

/**
 * Returns the onSend hook; `memo` is per service (several services share a process in tests).
 * onSend, not onResponse: the (once a minute) write ends before the answer leaves, so the Dashboard
 * read that follows a SCIM request sees it — an onResponse write raced that read.
 */
export function scimHealthRecorder(db: Db, clock: Clock) {
  const memo = new Map<string, Memo>();
  return async <P>(request: FastifyRequest, reply: FastifyReply, payload: P): Promise<P> => {
    await record(request, reply);
    return payload;
  };

  async function record(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const accountId = request.scim?.accountId;
    if (!accountId) return;
    const now = clock.now();
    const seen: Seen = {
      at: now.toISOString(),
      method: request.method,
      path: pathOf(request),
      status: reply.statusCode,
    };
    const failed = seen.status >= 400;
    const mine = memo.get(accountId) ?? { writtenAt: -Infinity, error: null };
    if (failed) mine.error = seen;
    memo.set(accountId, mine);
    if (now.getTime() - mine.writtenAt < scimHealthWriteEveryMs) return;
    mine.writtenAt = now.getTime();
    const error = mine.error;
    mine.error = null;
    const row = {
      last_request_at: seen.at,
      last_method: seen.method,
      last_path: seen.path,
      last_status: seen.status,
      ...(error && {
        last_error_at: error.at,
        last_error_status: error.status,
        last_error_path: error.path,
      }),
    };
    try {
      await db
        .insertInto('scim_health')
        .values({ account_id: accountId, ...row })
        .onConflict((oc) =>
          oc
            .column('account_id')
            .doUpdateSet(row)
            // Another node may have written a newer request meanwhile.
            .where('scim_health.last_request_at', '<=', seen.at),
        )
        .execute();
    } catch (err) {
      // The health note never fails the SCIM request it describes.
      request.log.warn({ err }, 'SCIM health not recorded');
    }
  }
}
