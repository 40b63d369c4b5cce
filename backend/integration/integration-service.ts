// The IdP integration configurator: read the seven steps, change their data,
// activate (only when all are green) and deactivate (always). Every change is
// audited in the same transaction as the change itself (config-store.ts).
// Step 4's IdP settings live in idp-settings.ts, its SAML options in saml-options.ts.
import { z } from 'zod';
import type { Integration } from '../../common/console-api.ts';
import type { IdpConfigsTable } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { countActiveScimTokens } from '../scim/port.ts';
import { loadConfig, updateConfig, type IntegrationContext } from './config-store.ts';
import { checkCertificate, spEndpointsFor } from '../saml/port.ts';
import { weakOptionsOf } from './saml-options.ts';
import { computeSteps } from './steps.ts';

const groupRef = z
  .object({ name: z.string().trim().min(1).max(256), id: z.string().trim().min(1).max(256) })
  .strict();
export const groupMappingInput = z.object({ adminsGroup: groupRef, desktopUsersGroup: groupRef }).strict();

export const tickableSteps = ['sp_registration', 'scim', 'users_assigned'] as const;
export type TickableStep = (typeof tickableSteps)[number];
export const stepTickInput = z.object({ done: z.boolean() }).strict();

export const backupLoginInput = z.object({ userId: z.uuid().nullable() }).strict();

/** The integration as the console API answers it (common/console-api.ts). */
export type IntegrationView = Integration;

export async function getIntegration(ctx: IntegrationContext, accountId: string): Promise<IntegrationView> {
  const config = await loadConfig(ctx.db, accountId);
  const { domains, backup, activeTokens } = await readStepFacts(ctx, accountId, config);
  const steps = computeSteps({
    config,
    domains,
    activeScimTokens: activeTokens,
    backupUser: backup
      ? {
          active: backup.active === 1,
          hasPassword: backup.password_hash !== null,
          lastLoginAt: backup.last_login_at,
        }
      : null,
    now: ctx.clock.now(),
  });
  return {
    status: config.status,
    activatedAt: config.activated_at,
    canActivate: steps.every((s) => s.state === 'green'),
    steps,
    sp: spView(ctx, accountId, config),
    idp: idpView(config),
    groups: {
      admins: { name: config.admins_group_name, id: config.admins_group_id },
      desktopUsers: { name: config.desktop_group_name, id: config.desktop_group_id },
    },
    scim: { activeTokens, provisioning: config.provisioning, renewWithinDays: Number(config.jit_renew_days) },
    backupLogin: backup ? { userId: backup.id, email: backup.email ?? backup.user_name } : null,
  };
}

/** What the steps read beyond the configuration: the domains, the backup login's user, SCIM tokens. */
async function readStepFacts(ctx: IntegrationContext, accountId: string, config: IdpConfigsTable) {
  const { db } = ctx;
  const domains = await db
    .selectFrom('domains')
    .select((eb) => [
      eb.fn.countAll<string | number>().as('total'),
      eb.fn.count<string | number>('verified_at').as('verified'),
    ])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  const backup = config.backup_user_id
    ? await db
        .selectFrom('account_users')
        .select(['id', 'email', 'user_name', 'active', 'password_hash', 'last_login_at'])
        .where('id', '=', config.backup_user_id)
        .executeTakeFirst()
    : undefined;
  return {
    domains: { total: Number(domains.total), verified: Number(domains.verified) },
    backup,
    activeTokens: await countActiveScimTokens(db, accountId),
  };
}

function spView(ctx: IntegrationContext, accountId: string, config: IdpConfigsTable): IntegrationView['sp'] {
  return {
    ...spEndpointsFor(ctx.publicUrl, accountId),
    signAuthnRequests: config.sign_authn_requests === 1,
    encryptAssertions: config.encrypt_assertions === 1,
    requireSignedResponse: config.require_signed_response === 1,
    allowIdpInitiated: config.allow_idp_initiated === 1,
    clockSkewSeconds: Number(config.clock_skew_seconds),
    allowSha1: config.allow_sha1 === 1,
    weakOptions: weakOptionsOf(config),
  };
}

function idpView(config: IdpConfigsTable): IntegrationView['idp'] {
  // The certificates as the console lists them (subject, validity), not their PEM.
  const certificates = (JSON.parse(config.certificates) as string[]).flatMap((pem) => {
    const check = checkCertificate(pem, new Date(0));
    if (!check.ok) return [];
    const { pem: _omitted, ...info } = check.cert;
    return [info];
  });
  return {
    entityId: config.idp_entity_id,
    ssoUrl: config.sso_url,
    ssoBinding: config.sso_binding,
    attributePreset: config.attribute_preset,
    certificates,
    metadata: config.metadata_url
      ? {
          url: config.metadata_url,
          fetchedAt: config.metadata_fetched_at,
          checkedAt: config.metadata_checked_at,
          error: config.metadata_error,
        }
      : null,
  };
}

export async function setGroupMapping(
  ctx: IntegrationContext,
  accountId: string,
  input: z.infer<typeof groupMappingInput>,
  actor: string,
): Promise<void> {
  await updateConfig(
    ctx,
    accountId,
    {
      admins_group_name: input.adminsGroup.name,
      admins_group_id: input.adminsGroup.id,
      desktop_group_name: input.desktopUsersGroup.name,
      desktop_group_id: input.desktopUsersGroup.id,
    },
    { actor, action: 'integration.groups_set', detail: input },
  );
}

const tickColumn = {
  sp_registration: 'sp_registered_done',
  scim: 'scim_done',
  users_assigned: 'users_assigned_done',
} as const satisfies Record<TickableStep, keyof IdpConfigsTable>;

export async function setStepTick(
  ctx: IntegrationContext,
  accountId: string,
  step: TickableStep,
  done: boolean,
  actor: string,
): Promise<void> {
  await updateConfig(
    ctx,
    accountId,
    { [tickColumn[step]]: done ? 1 : 0 },
    {
      actor,
      action: 'integration.step_ticked',
      detail: { step, done },
    },
  );
}

export async function setBackupLogin(
  ctx: IntegrationContext,
  accountId: string,
  userId: string | null,
  actor: string,
): Promise<void> {
  if (userId !== null) {
    const user = await ctx.db
      .selectFrom('account_users')
      .select(['id', 'active', 'password_hash', 'last_login_at'])
      .where('id', '=', userId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!user)
      throw new ApiError(404, 'user_not_found', 'userId: no such user in this account', { field: 'userId' });
    if (!user.last_login_at) {
      throw new ApiError(
        409,
        'backup_user_never_signed_in',
        'userId: the backup login must have signed in at least once, or accepted an invitation (Users → Invite user)',
        {
          field: 'userId',
        },
      );
    }
    if (!user.password_hash) {
      throw new ApiError(409, 'backup_user_without_password', 'userId: the backup login needs a password', {
        field: 'userId',
      });
    }
  }
  await updateConfig(
    ctx,
    accountId,
    { backup_user_id: userId },
    {
      actor,
      action: 'integration.backup_login_set',
      detail: { userId },
    },
  );
}

export async function activateIntegration(ctx: IntegrationContext, accountId: string, actor: string) {
  const view = await getIntegration(ctx, accountId);
  const gray = view.steps.filter((s) => s.state === 'gray');
  if (gray.length > 0) {
    throw new ApiError(
      409,
      'steps_incomplete',
      `steps ${gray.map((s) => s.number).join(', ')} are not done yet`,
      {
        details: {
          graySteps: gray.map(({ number, key, title, missing }) => ({ number, key, title, missing })),
        },
      },
    );
  }
  if (view.status === 'active') return view;
  await updateConfig(
    ctx,
    accountId,
    { status: 'active', activated_at: ctx.clock.now().toISOString() },
    { actor, action: 'integration.activated' },
  );
  return getIntegration(ctx, accountId);
}

export async function deactivateIntegration(ctx: IntegrationContext, accountId: string, actor: string) {
  await updateConfig(
    ctx,
    accountId,
    { status: 'inactive', activated_at: null },
    { actor, action: 'integration.deactivated' },
  );
  return getIntegration(ctx, accountId);
}

export type { IntegrationContext } from './config-store.ts';
