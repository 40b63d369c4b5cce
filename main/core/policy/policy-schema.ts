// One zod schema per policy key. Each store hands its raw values over as they were
// written (a plist's true, a registry DWORD 1, a JSON string); each key is checked on
// its own so that one malformed key is reported and ignored while the others apply.
import { z } from 'zod';
import { emailProblem } from '../../../common/activation-input.ts';
import { policyKeys, type PolicyKey, type PolicyValues } from '../../../common/desktop-policy.ts';

/**
 * MDM variables that reach the app unexpanded when the MDM did not know the value or the
 * profile was not scoped to a user: Jamf Pro / Kandji `$EMAIL`, Intune `{{mail}}`,
 * Mosyle / Workspace ONE `%Email%`. Such a value is no email: unset, and reported.
 */
const mdmVariable = /\$[A-Z][A-Z0-9_]*|\{\{\s*[\w.]+\s*\}\}|%[A-Za-z][\w]*%/;

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A registry has no booleans: Group Policy writes REG_DWORD 1 or 0. */
const flag = z.union([z.boolean(), z.literal(1).transform(() => true), z.literal(0).transform(() => false)]);

const domainName = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const schemas: { [K in PolicyKey]: z.ZodType<Exclude<PolicyValues[K], null>, unknown> } = {
  ServiceURL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v), 'must be a URL, like https://license.example.com')
    .refine((v) => {
      const url = new URL(v);
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname));
    }, 'must be an https URL (http only on this computer, 127.0.0.1)')
    .transform((v) => v.replace(/\/+$/, '')),
  EmailDomain: z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => v.replace(/^@/, ''))
    .refine((v) => !mdmVariable.test(v), 'is an MDM variable the MDM did not fill in')
    .refine((v) => domainName.test(v), 'must be a domain name, like example.com'),
  Email: z
    .string()
    .trim()
    .refine(
      (v) => !mdmVariable.test(v),
      'is an MDM variable the MDM did not fill in (scope the profile to users with an email)',
    )
    .refine((v) => emailProblem(v) === null, 'must be an email address, like name@example.com'),
  ActivationMethods: z.enum(['sso', 'key', 'both'], 'must be one of sso, key, both'),
  ActivateAtStart: flag,
  AllowDeactivate: flag,
  // At least hourly work for the service, at most a month without a word from the device.
  CheckInIntervalHours: z
    .number('must be a whole number of hours')
    .int('must be a whole number of hours')
    .min(1, 'must be 1 to 720 hours')
    .max(720, 'must be 1 to 720 hours'),
  // A PAC file is fetched directly and run in the resolver's sandbox (docs/corporate-networks.md).
  ProxyPacURL: z
    .string()
    .trim()
    .refine(
      (v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol),
      'must be an http or https URL',
    ),
  AllowLocalListeners: flag,
};

export type CheckedKey =
  { ok: true; key: PolicyKey; value: PolicyValues[PolicyKey] } | { ok: false; key: string; problem: string };

const canonical = new Map(policyKeys.map((k) => [k.toLowerCase(), k] as const));

/** Checks one raw key and value. Key names match case-insensitively, as registry value names do. */
export function checkPolicyKey(rawKey: string, raw: unknown): CheckedKey {
  const key = canonical.get(rawKey.toLowerCase());
  if (!key) return { ok: false, key: rawKey, problem: `${rawKey} is not a Latchkey policy key` };
  const parsed = schemas[key].safeParse(raw);
  if (parsed.success) return { ok: true, key, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, key, problem: `${key} ${issue?.message ?? 'is malformed'} (it is ${shown(raw)})` };
}

function shown(raw: unknown): string {
  const text =
    typeof raw === 'string' ? JSON.stringify(raw) : typeof raw === 'object' ? typeof raw : String(raw);
  return (text ?? 'undefined').slice(0, 80);
}
