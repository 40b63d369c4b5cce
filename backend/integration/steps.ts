// The seven steps of the IdP integration (DESIGN.md), each gray or green,
// computed from what is stored, never from a stored "green" flag, so a domain
// whose TXT record disappears or a certificate that expires turns its step
// gray again.
import type { IdpConfigsTable } from '../db/schema.ts';
import type { StepState } from '../../common/console-api.ts';
import { checkCertificate } from '../saml/port.ts';

export const stepKeys = [
  'domains',
  'sp_registration',
  'group_mapping',
  'saml',
  'scim',
  'users_assigned',
  'backup_login',
] as const;
export type StepKey = (typeof stepKeys)[number];

// The one box a step's tick names: the label the console shows beside it (the guides' words).
const idpDoneTick = 'tick "Configuration in the IdP Directory is done"';

// The steps' titles as the configurator guides write them (../shared/guides/, "(1) …" to "(7) …";
// the guide's "Register Parallels enterprise app" is ours): the console shows these.
const titles: Record<StepKey, string> = {
  domains: "Configure Your Organization's Domain(s)",
  sp_registration: 'Register Latchkey enterprise app',
  group_mapping: 'Configure user groups mapping',
  saml: 'Configure SAML integration',
  scim: 'Configure SCIM integration',
  users_assigned: 'Add users to the application groups',
  backup_login: 'Configure backup login',
};

/** A step as the console API answers it (common/console-api.ts); `missing` says, in words, what is left. */
export type { StepState };

export interface IntegrationSnapshot {
  config: IdpConfigsTable;
  domains: { total: number; verified: number };
  activeScimTokens: number;
  backupUser: { active: boolean; hasPassword: boolean; lastLoginAt: string | null } | null;
  now: Date;
}

function certificateProblems(config: IdpConfigsTable, now: Date): string[] {
  const pems = JSON.parse(config.certificates) as string[];
  if (pems.length === 0) return ['a signing certificate'];
  return pems.flatMap((pem, i) => {
    const check = checkCertificate(pem, now);
    return check.ok ? [] : [`certificate ${i + 1} ${check.reason}`];
  });
}

function missingFor(key: StepKey, s: IntegrationSnapshot, done: (k: StepKey) => boolean): string[] {
  const c = s.config;
  switch (key) {
    case 'domains':
      if (s.domains.total === 0) return ['at least one domain'];
      return s.domains.verified < s.domains.total
        ? [`${s.domains.total - s.domains.verified} of ${s.domains.total} domains not verified`]
        : [];
    case 'sp_registration':
      return c.sp_registered_done ? [] : [idpDoneTick];
    case 'group_mapping':
      return [
        ...(c.admins_group_name && c.admins_group_id ? [] : ['admins group name and ID']),
        ...(c.desktop_group_name && c.desktop_group_id ? [] : ['desktop-users group name and ID']),
      ];
    case 'saml':
      return [
        ...(c.idp_entity_id ? [] : ['IdP entity ID']),
        ...(c.sso_url ? [] : ['SSO URL']),
        ...certificateProblems(c, s.now),
      ];
    case 'scim':
      // Without SCIM, choosing it is the step: users are created at their first sign-in.
      if (c.provisioning === 'jit') return [];
      return [...(s.activeScimTokens > 0 ? [] : ['a SCIM token']), ...(c.scim_done ? [] : [idpDoneTick])];
    case 'users_assigned':
      return [
        ...(done('group_mapping') ? [] : ['step 3 (group mapping)']),
        ...(done('scim') ? [] : ['step 5 (SCIM)']),
        ...(c.users_assigned_done ? [] : [idpDoneTick]),
      ];
    case 'backup_login':
      if (!s.backupUser) return ['a backup login user'];
      return [
        ...(s.backupUser.active ? [] : ['the backup user is deactivated']),
        ...(s.backupUser.hasPassword ? [] : ['the backup user has no password']),
        ...(s.backupUser.lastLoginAt
          ? []
          : ['the backup user has never signed in nor accepted an invitation']),
      ];
  }
}

export function computeSteps(snapshot: IntegrationSnapshot): StepState[] {
  const states = new Map<StepKey, StepState>();
  const done = (k: StepKey) => states.get(k)?.state === 'green';
  stepKeys.forEach((key, index) => {
    const missing = missingFor(key, snapshot, done);
    states.set(key, {
      number: index + 1,
      key,
      title: titles[key],
      state: missing.length ? 'gray' : 'green',
      missing,
    });
  });
  return [...states.values()];
}
