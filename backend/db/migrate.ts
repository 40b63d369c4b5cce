// Runs the migrations: at service start and by `latchkey-server migrate`.
// The list is static (no folder scan) so it works the same from any cwd.
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationResultSet } from 'kysely/migration';
import type { SqlDialect } from './connect.ts';
import * as initial from './migrations/0001-initial.ts';
import * as scim from './migrations/0002-scim.ts';
import * as ssoBinding from './migrations/0003-sso-binding.ts';
import * as saml from './migrations/0004-saml.ts';
import * as licensing from './migrations/0005-licensing.ts';
import * as oidc from './migrations/0006-oidc.ts';
import * as refusalReference from './migrations/0007-refusal-reference.ts';
import * as trustRoots from './migrations/0008-trust-roots.ts';
import * as oidcKeysAtRest from './migrations/0009-oidc-keys-at-rest.ts';
import * as rateLimitsAndDomainClaims from './migrations/0010-rate-limits-and-domain-claims.ts';
import * as scimOauth from './migrations/0011-scim-oauth.ts';
import * as samlOptions from './migrations/0013-saml-options.ts';
import * as signInClaims from './migrations/0014-sign-in-claims.ts';
import * as oidcUserColumn from './migrations/0015-oidc-user-column.ts';
import * as connectionTests from './migrations/0016-connection-tests.ts';
import * as activationSecretIndex from './migrations/0017-activation-secret-index.ts';
import * as secretLastCharacters from './migrations/0018-secret-last-characters.ts';
import * as revocationCodes from './migrations/0019-revocation-codes.ts';
import * as ssoSignIns from './migrations/0021-sso-sign-ins.ts';
import * as provisioningMode from './migrations/0022-provisioning-mode.ts';
import * as samlRequestContinuation from './migrations/0023-saml-request-continuation.ts';
import * as workspaceGrants from './migrations/0024-workspace-grants.ts';
import * as businessProfileAndIssuedKeys from './migrations/0025-business-profile-and-issued-keys.ts';
import * as invitations from './migrations/0026-invitations.ts';
import * as usage from './migrations/0027-usage.ts';
import * as reclamation from './migrations/0028-reclamation.ts';
import * as licenseOverage from './migrations/0029-license-overage.ts';
import * as dashboardHistory from './migrations/0030-dashboard-history.ts';
import * as userTimeline from './migrations/0031-user-timeline.ts';
import * as consoleListIndexes from './migrations/0032-console-list-indexes.ts';
import * as scimPagingIndexes from './migrations/0033-scim-paging-indexes.ts';
import * as events from './migrations/0034-events.ts';
import * as webhooks from './migrations/0035-webhooks.ts';
import * as notifications from './migrations/0036-notifications.ts';
import * as detectorStates from './migrations/0037-detector-states.ts';
import * as appInvitations from './migrations/0038-app-invitations.ts';
import * as deviceSelfService from './migrations/0039-device-self-service.ts';
import * as dpopProofs from './migrations/0040-dpop-proofs.ts';
import * as seatCounts from './migrations/0041-seat-counts.ts';
import * as deviceCodeSignIn from './migrations/0042-device-code-sign-in.ts';
import * as accessTokenLookup from './migrations/0044-access-token-lookup.ts';
import type { Database } from './schema.ts';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void>;
  down(db: Kysely<unknown>, dialect: SqlDialect): Promise<void>;
}

const migrations: Record<string, DialectMigration> = {
  '0001-initial': initial,
  '0002-scim': scim,
  '0003-sso-binding': ssoBinding,
  '0004-saml': saml,
  '0005-licensing': licensing,
  '0006-oidc': oidc,
  '0007-refusal-reference': refusalReference,
  '0008-trust-roots': trustRoots,
  '0009-oidc-keys-at-rest': oidcKeysAtRest,
  '0010-rate-limits-and-domain-claims': rateLimitsAndDomainClaims,
  '0011-scim-oauth': scimOauth,
  '0013-saml-options': samlOptions,
  '0014-sign-in-claims': signInClaims,
  '0015-oidc-user-column': oidcUserColumn,
  '0016-connection-tests': connectionTests,
  '0017-activation-secret-index': activationSecretIndex,
  '0018-secret-last-characters': secretLastCharacters,
  '0019-revocation-codes': revocationCodes,
  '0021-sso-sign-ins': ssoSignIns,
  '0022-provisioning-mode': provisioningMode,
  '0023-saml-request-continuation': samlRequestContinuation,
  '0024-workspace-grants': workspaceGrants,
  '0025-business-profile-and-issued-keys': businessProfileAndIssuedKeys,
  '0026-invitations': invitations,
  '0027-usage': usage,
  '0028-reclamation': reclamation,
  '0029-license-overage': licenseOverage,
  '0030-dashboard-history': dashboardHistory,
  '0031-user-timeline': userTimeline,
  '0032-console-list-indexes': consoleListIndexes,
  '0033-scim-paging-indexes': scimPagingIndexes,
  '0034-events': events,
  '0035-webhooks': webhooks,
  '0036-notifications': notifications,
  '0037-detector-states': detectorStates,
  '0038-app-invitations': appInvitations,
  '0039-device-self-service': deviceSelfService,
  '0040-dpop-proofs': dpopProofs,
  '0041-seat-counts': seatCounts,
  '0042-device-code-sign-in': deviceCodeSignIn,
  '0044-access-token-lookup': accessTokenLookup,
};

function bind(dialect: SqlDialect): Record<string, Migration> {
  return Object.fromEntries(
    Object.entries(migrations).map(([name, m]) => [
      name,
      { up: (db: Kysely<unknown>) => m.up(db, dialect), down: (db: Kysely<unknown>) => m.down(db, dialect) },
    ]),
  );
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function migrateToLatest(db: Kysely<Database>, dialect: SqlDialect): Promise<string[]> {
  // Numbers are handed out to parallel work (0008 and 0009 were written side by side): a database
  // that already ran a higher one still gets a lower one merged later. Each migration stands alone.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => bind(dialect) },
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied (for /readyz). */
export async function isMigrated(db: Kysely<Database>, dialect: SqlDialect): Promise<boolean> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => bind(dialect) } });
  const list = await migrator.getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}

/** Migrates up to and including `target` (tests of a data migration start from the schema before it). */
export async function migrateUpTo(db: Kysely<Database>, dialect: SqlDialect, target: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => bind(dialect) } });
  const result = await migrator.migrateTo(target);
  if (result.error) throw new MigrationError(`migration to ${target} failed`, { cause: result.error });
}
