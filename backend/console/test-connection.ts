// Test connection (issue 15, "beyond the vendor guides"): before activating,
// an admin runs a real SP-initiated sign-in against the IdP configured in
// step 4. The IdP's answer goes through the ACS verifier exactly as a real
// sign-in does (same steps, same codes); for the `test` purpose the ACS then
// records what it decided here instead of signing anyone in: no session, no
// just-in-time user, no activation. Only an answer to a stored test request
// counts (saml-core §3.2.2: InResponseTo) — there is no IdP-initiated test.
import type { ConnectionTestView, TestOutcome, TestStart } from '../../common/connection-test.ts';
import { describeFailure, type FailureCode } from '../../common/failure-codes.ts';
import type { LatchkeyError } from '../../common/latchkey-error.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { ConnectionTestsTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import type { AcsResult } from '../saml/acs-flow.ts';
import { requestLifetimeMs, startSamlLogin } from '../saml/authn-request.ts';
import { findUser } from '../access/find-user.ts';
import { groupMatchesOf, redactOutcome } from './test-outcome.ts';

/** Where the admin's browser lands after the IdP answered a test: the IdP Integration page. */
export const testResultPath = '/console/integration';

export interface TestAdmin {
  accountId: string;
  userId: string;
  email: string;
}

// The ACS step (acs-flow.ts) each code comes from, in the words the page uses.
const checkOf: Partial<Record<FailureCode, string>> = {
  SAML_MALFORMED: 'schema and shape of the response',
  SAML_SIGNATURE_INVALID: 'signature',
  SAML_WEAK_ALGORITHM: 'signature algorithm',
  SAML_CERT_EXPIRED: 'certificate validity',
  SAML_ISSUER_MISMATCH: 'issuer',
  SAML_AUDIENCE_MISMATCH: 'audience',
  SAML_DESTINATION_MISMATCH: 'recipient and destination',
  SAML_EXPIRED: 'time window (NotOnOrAfter)',
  SAML_NOT_YET_VALID: 'time window (NotBefore)',
  SAML_REPLAYED: 'replay cache',
  SAML_UNSOLICITED: 'InResponseTo',
  INTEGRATION_NOT_ACTIVE: 'IdP configuration',
};

export async function startConnectionTest(
  db: Db,
  clock: Clock,
  publicUrl: string,
  masterKey: Buffer,
  admin: TestAdmin,
): Promise<TestStart> {
  const config = await db
    .selectFrom('idp_configs')
    .select(['idp_entity_id', 'sso_url'])
    .where('account_id', '=', admin.accountId)
    .executeTakeFirst();
  if (!config?.idp_entity_id || !config.sso_url)
    throw new ApiError(
      409,
      'idp_not_configured',
      'Test connection needs step 4 first: the Identity Provider Entity ID and SSO URL',
    );
  const now = clock.now();
  await db
    .deleteFrom('connection_tests')
    .where('account_id', '=', admin.accountId)
    .where('finished_at', 'is', null)
    .where('expires_at', '<=', now.toISOString())
    .execute();
  const start = await startSamlLogin(
    db,
    clock,
    publicUrl,
    { accountId: admin.accountId, purpose: 'test', email: null, returnPath: testResultPath },
    masterKey,
  );
  await db
    .insertInto('connection_tests')
    .values({
      request_id: start.requestId,
      account_id: admin.accountId,
      started_by: admin.userId,
      started_by_email: admin.email,
      started_at: now.toISOString(),
      expires_at: new Date(now.getTime() + requestLifetimeMs).toISOString(),
      post_form: start.binding === 'post' ? JSON.stringify({ url: start.url, fields: start.fields }) : null,
      finished_at: null,
      result: null,
      outcome: null,
    })
    .execute();
  await writeAudit(db, clock, {
    accountId: admin.accountId,
    actor: `user:${admin.email}`,
    action: 'integration.test_connection.started',
    target: start.requestId,
    detail: { binding: start.binding },
  });
  if (start.binding === 'redirect') return { binding: 'redirect', url: start.url };
  return {
    binding: 'post',
    url: `/api/console/integration/test-connection/${encodeURIComponent(start.requestId)}/post`,
  };
}

/** The HTTP-POST form of the admin's own pending test, handed out once. */
export async function takeTestPostForm(
  db: Db,
  clock: Clock,
  admin: TestAdmin,
  requestId: string,
): Promise<{ url: string; fields: Record<string, string> } | undefined> {
  const row = await db
    .selectFrom('connection_tests')
    .select(['post_form'])
    .where('request_id', '=', requestId)
    .where('account_id', '=', admin.accountId)
    .where('started_by', '=', admin.userId)
    .where('finished_at', 'is', null)
    .where('expires_at', '>', clock.now().toISOString())
    .executeTakeFirst();
  if (!row?.post_form) return undefined;
  const taken = await db
    .updateTable('connection_tests')
    .set({ post_form: null })
    .where('request_id', '=', requestId)
    .where('post_form', 'is not', null)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) return undefined;
  return JSON.parse(row.post_form) as { url: string; fields: Record<string, string> };
}

/** Records the outcome once (a second answer to the same test loses) and keeps only this last run. */
async function finishTest(
  db: Db,
  clock: Clock,
  test: ConnectionTestsTable,
  outcome: TestOutcome,
): Promise<boolean> {
  const done = await db
    .updateTable('connection_tests')
    .set({
      finished_at: outcome.at,
      result: outcome.result,
      outcome: JSON.stringify(outcome),
      post_form: null,
    })
    .where('request_id', '=', test.request_id)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) return false;
  await db
    .deleteFrom('connection_tests')
    .where('account_id', '=', test.account_id)
    .where('finished_at', 'is not', null)
    .where('request_id', '!=', test.request_id)
    .execute();
  await writeAudit(db, clock, {
    accountId: test.account_id,
    actor: `user:${test.started_by_email}`,
    action: `integration.test_connection.${outcome.result}`,
    target: test.request_id,
    detail:
      outcome.result === 'accepted'
        ? { nameId: outcome.nameId, groups: outcome.groups.length }
        : { code: outcome.code },
  });
  return true;
}

async function pendingTest(
  db: Db,
  clock: Clock,
  accountId: string,
  requestId: unknown,
): Promise<ConnectionTestsTable | undefined> {
  if (typeof requestId !== 'string' || !requestId) return undefined;
  return db
    .selectFrom('connection_tests')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('account_id', '=', accountId)
    .where('finished_at', 'is', null)
    .where('expires_at', '>', clock.now().toISOString())
    .executeTakeFirst();
}

/**
 * The ACS verified an answer to a `test` request: decode whom the IdP
 * vouched for and which groups it sent, against step 3's mapping. Returns
 * where the browser goes next.
 */
export async function acceptConnectionTest(db: Db, clock: Clock, result: AcsResult): Promise<string> {
  const test = await pendingTest(db, clock, result.accountId, result.request?.id);
  if (!test) return testResultPath;
  const config = await db
    .selectFrom('idp_configs')
    .select(['admins_group_id', 'admins_group_name', 'desktop_group_id', 'desktop_group_name'])
    .where('account_id', '=', result.accountId)
    .executeTakeFirstOrThrow();
  const { profile, evidence } = result;
  const user = await findUser(db, result.accountId, profile);
  const nameId = typeof evidence.nameId === 'string' ? evidence.nameId : null;
  const attributes = (evidence.attributes ?? {}) as Record<string, string[]>;
  const name = [profile.givenName, profile.familyName].filter(Boolean).join(' ');
  await finishTest(db, clock, test, {
    result: 'accepted',
    at: clock.now().toISOString(),
    startedBy: test.started_by_email,
    nameId,
    profile: { email: profile.email, userName: profile.userName, externalId: profile.externalId, name },
    attributes: redactOutcome({ attributes }).attributes as Record<string, string[]>,
    groups: profile.groups,
    groupsOverage: profile.groupsOverage,
    groupMatch: groupMatchesOf(profile.groups, {
      admins: { id: config.admins_group_id, name: config.admins_group_name },
      desktopUsers: { id: config.desktop_group_id, name: config.desktop_group_name },
    }),
    provisionedUser: user ? { source: user.source, active: user.active === 1 } : null,
    issuer: evidence.issuer ?? null,
  });
  return testResultPath;
}

/**
 * The ACS refused an answer: when it answers (by its verified or, failing
 * that, claimed InResponseTo) a pending test, record the failing check.
 * Returns where the browser goes next, or undefined when no test is waiting.
 */
export async function refuseConnectionTest(
  db: Db,
  clock: Clock,
  accountId: string,
  err: LatchkeyError,
): Promise<string | undefined> {
  const test = await pendingTest(
    db,
    clock,
    accountId,
    err.evidence.inResponseTo ?? err.evidence.claimedInResponseTo,
  );
  if (!test) return undefined;
  await finishTest(db, clock, test, {
    result: 'refused',
    at: clock.now().toISOString(),
    startedBy: test.started_by_email,
    code: err.code,
    check: checkOf[err.code] ?? err.code,
    detail: err.message,
    remedy: describeFailure(err.code).adminRemedy,
    evidence: redactOutcome(err.evidence),
  });
  return testResultPath;
}

export async function connectionTestView(
  db: Db,
  clock: Clock,
  accountId: string,
): Promise<ConnectionTestView> {
  const rows = await db
    .selectFrom('connection_tests')
    .select(['finished_at', 'started_at', 'expires_at', 'outcome'])
    .where('account_id', '=', accountId)
    .orderBy('started_at', 'desc')
    .execute();
  const last = rows.find((r) => r.finished_at !== null && r.outcome !== null);
  const now = clock.now().toISOString();
  const pending = rows.find((r) => r.finished_at === null && r.expires_at > now);
  return {
    last: last?.outcome ? (JSON.parse(last.outcome) as TestOutcome) : null,
    pendingSince:
      pending && (!last || pending.started_at > (last.finished_at ?? '')) ? pending.started_at : null,
  };
}
