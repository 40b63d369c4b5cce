// Service configuration from the environment, validated once at start.
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

export type RunMode = 'production' | 'development';

export interface ServiceConfig {
  mode: RunMode;
  host: string;
  port: number;
  /** Public base URL without a trailing slash (SP entity ID, ACS URL, cookies' Secure flag). */
  publicUrl: string;
  /** False when publicUrl was derived from host and port: then the listening address replaces it. */
  publicUrlConfigured: boolean;
  dataDir: string;
  /** `postgres://…` for PostgreSQL; otherwise a SQLite file path. */
  databaseUrl: string;
  masterKeyFile: string;
  /** DNS servers for TXT verification (`ip` or `ip:port`); empty = the system's. */
  dnsServers: string[];
  dnsTimeoutMs: number;
  domainRecheckHours: number;
  metadataRefreshHours: number;
  /** Reclamation (issue 23 item 2): how often each node asks for the job's lease (0: never), and how often it runs. */
  reclaim: { checkSeconds: number; everyHours: number };
  /** The event detectors (issue 24, docs/events.md): run once across nodes every this many minutes (0: never). */
  detectEveryMinutes: number;
  /** Webhook delivery (issue 24 item 2, docs/webhooks.md): poll interval (0: this node sends none), limits, schedule. */
  webhooks: {
    pollMs: number;
    timeoutMs: number;
    retrySeconds: number[];
    disableAfterHours: number;
    batch: number;
  };
  logLevel: string;
  bodyLimitBytes: number;
  sessionHours: number;
  /** Password sign-in attempts allowed per IP and email in 15 minutes (per IP: 3×, per email: 10×). */
  loginAttemptsPer15Min: number;
  /** SCIM requests a second per account before 429 + Retry-After; 0 = no limit. */
  scimRequestsPerSecond: number;
  /** PostgreSQL connections this node opens at most, all its processes together. */
  pgPoolSize: number;
  /**
   * Which peers may set X-Forwarded-For: none (false), the nearest N hops, or
   * the listed addresses/CIDR ranges. Decides the client IP the rate limits count.
   */
  trustProxy: TrustProxy;
  /** Whether anyone may create an account at /api/console/signup (the CLI always may). */
  signup: 'open' | 'closed';
  /** Sign-ups allowed per client IP in an hour, when open. */
  signupsPerHour: number;
  /** SAMLResponse posts to the ACS allowed per client IP in a minute (http/rate-limits.ts says why). */
  samlAcsPostsPerMinute: number;
  /** Console SSO starts allowed per client IP in a minute. */
  consoleSsoStartsPerMinute: number;
  /** The app's sign-in starts (`/oidc/auth`, each an interaction stored) per client IP in a minute. */
  appSignInStartsPerMinute: number;
  /** Password hashes (scrypt) computed at once, and how many may wait for a slot. */
  passwordHashing: { concurrency: number; queue: number };
  /** Lease of a signed license (offline grace) and when the app should check in. */
  licenseLeaseMs: number;
  licenseRenewAfterMs: number;
  /** The dev IdP (QA, demo): development mode only. */
  devIdp: { enabled: boolean; usersFile: string | undefined };
  /** GET /metrics (Prometheus), behind a bearer token; on its own port when `port` is set. */
  metrics: { enabled: boolean; token: string | undefined; port: number | undefined };
  /** Outgoing email (notifications, invitations): `smtp://` or `smtps://` URL; unset = no email is sent. */
  mail: { smtpUrl: string | undefined; from: string };
  /** Email notifications (docs/notifications.md): how often each node asks for the notifier's lease (0: never). */
  notifyCheckSeconds: number;
  /** App invitations (issue 25 item 3): how often a node sends queued ones (0: never); the default download link. */
  appInvitations: { sendSeconds: number; downloadUrl: string | undefined };
}

export type TrustProxy = false | number | string[];

const portSchema = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  LATCHKEY_ENV: z.enum(['production', 'development']).default('production'),
  LATCHKEY_HOST: z.string().min(1).default('127.0.0.1'),
  LATCHKEY_PORT: portSchema.default(8787),
  LATCHKEY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LATCHKEY_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  LATCHKEY_MASTER_KEY_FILE: z.string().min(1).optional(),
  LATCHKEY_DNS_SERVERS: z.string().optional(),
  LATCHKEY_DNS_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  LATCHKEY_DOMAIN_RECHECK_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** Webhooks (docs/webhooks.md): poll interval per node (0: none), time limit, retry schedule. */
  LATCHKEY_WEBHOOK_POLL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  LATCHKEY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  LATCHKEY_WEBHOOK_RETRY_SECONDS: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?){0,19}$/, 'comma-separated seconds, e.g. 0,5,300')
    .default('0,5,300,1800,7200,18000,36000,36000'),
  LATCHKEY_WEBHOOK_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 30)
    .default(24),
  LATCHKEY_WEBHOOK_BATCH: z.coerce.number().int().min(1).max(500).default(20),
  /** How often a node asks whether the reclamation job is due (0: this node never runs it). */
  LATCHKEY_RECLAIM_CHECK_SECONDS: z.coerce.number().min(0).max(86_400).default(300),
  /** How often the reclamation job runs, across all nodes together. */
  LATCHKEY_RECLAIM_EVERY_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 7)
    .default(6),
  /** How often the event detectors (certificates, SCIM silence) run, once across nodes (0: never). */
  LATCHKEY_DETECT_EVERY_MINUTES: z.coerce.number().min(0).max(1440).default(15),
  /** How often IdP metadata URLs are re-fetched (0: never). */
  LATCHKEY_METADATA_REFRESH_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 7)
    .default(6),
  LATCHKEY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LATCHKEY_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  LATCHKEY_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 7)
    .default(12),
  LATCHKEY_LOGIN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().min(1).max(10_000).default(10),
  LATCHKEY_SCIM_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(50),
  // PostgreSQL connections one node opens at most, across its workers (db/pool-size.ts).
  LATCHKEY_PG_POOL_SIZE: z.coerce.number().int().min(4).max(1000).default(10),
  LATCHKEY_LICENSE_LEASE_DAYS: z.coerce.number().min(1).max(90).default(14),
  LATCHKEY_LICENSE_RENEW_AFTER_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
  LATCHKEY_TRUST_PROXY: z.string().trim().optional(),
  LATCHKEY_SIGNUP: z.enum(['open', 'closed']).optional(),
  LATCHKEY_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
  LATCHKEY_SAML_ACS_POSTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(60),
  LATCHKEY_APP_SIGN_IN_STARTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  LATCHKEY_PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  LATCHKEY_PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(32),
  LATCHKEY_DEV_IDP: z.enum(['on', 'off']).default('off'),
  LATCHKEY_DEV_IDP_USERS: z.string().min(1).optional(),
  LATCHKEY_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  LATCHKEY_MAIL_FROM: z.string().trim().min(3).default('Latchkey <latchkey@localhost>'),
  LATCHKEY_NOTIFY_CHECK_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  LATCHKEY_METRICS: z.enum(['0', '1']).default('0'),
  LATCHKEY_METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  LATCHKEY_METRICS_PORT: portSchema.optional(),
  LATCHKEY_APP_INVITATION_SEND_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  LATCHKEY_APP_DOWNLOAD_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const dnsServerPattern = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/;

// proxy-addr's names for reserved ranges, accepted beside addresses and CIDRs.
const proxyRangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `LATCHKEY_TRUST_PROXY`: unset/`false` (trust no proxy), a hop count, or addresses and CIDR ranges. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10)
      throw new ConfigError('invalid configuration:\n  LATCHKEY_TRUST_PROXY: a hop count is 1 to 10');
    return hops;
  }
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined || entries.length === 0) {
    throw new ConfigError(
      `invalid configuration:\n  LATCHKEY_TRUST_PROXY: "${bad ?? raw}" is not a hop count, an IP address or a CIDR range`,
    );
  }
  return entries;
}

type Env = z.infer<typeof envSchema>;

function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function parseDnsServers(raw: string | undefined): string[] {
  const dnsServers = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const badServer = dnsServers.find((s) => !dnsServerPattern.test(s));
  if (badServer) {
    throw new ConfigError(
      `invalid configuration:\n  LATCHKEY_DNS_SERVERS: "${badServer}" is not an IP address[:port]`,
    );
  }
  return dnsServers;
}

const metricsEnabled = (e: Env) => e.LATCHKEY_METRICS === '1' || e.LATCHKEY_METRICS_PORT !== undefined;

/** Settings each valid alone that must not go together. */
function refuseUnsafeCombinations(e: Env): void {
  if (e.LATCHKEY_DEV_IDP === 'on' && e.LATCHKEY_ENV !== 'development') {
    throw new ConfigError(
      'invalid configuration:\n  LATCHKEY_DEV_IDP: the dev IdP can only run with LATCHKEY_ENV=development',
    );
  }
  if (metricsEnabled(e) && !e.LATCHKEY_METRICS_TOKEN) {
    // Never public without a token: request counts and failure codes tell an outsider too much.
    throw new ConfigError(
      'invalid configuration:\n  LATCHKEY_METRICS_TOKEN: metrics are on, so a bearer token is required (16+ characters)',
    );
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const e = parseEnv(env);
  const dataDir = resolve(e.LATCHKEY_DATA_DIR);
  const dnsServers = parseDnsServers(e.LATCHKEY_DNS_SERVERS);
  refuseUnsafeCombinations(e);
  const metricsOn = metricsEnabled(e);
  const publicUrl = (e.LATCHKEY_PUBLIC_URL ?? `http://${e.LATCHKEY_HOST}:${e.LATCHKEY_PORT}`).replace(
    /\/+$/,
    '',
  );
  return {
    mode: e.LATCHKEY_ENV,
    host: e.LATCHKEY_HOST,
    port: e.LATCHKEY_PORT,
    publicUrl,
    publicUrlConfigured: e.LATCHKEY_PUBLIC_URL !== undefined,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? resolve(dataDir, 'latchkey.sqlite'),
    masterKeyFile: resolve(e.LATCHKEY_MASTER_KEY_FILE ?? resolve(dataDir, 'master.key')),
    dnsServers,
    dnsTimeoutMs: e.LATCHKEY_DNS_TIMEOUT_MS,
    domainRecheckHours: e.LATCHKEY_DOMAIN_RECHECK_HOURS,
    metadataRefreshHours: e.LATCHKEY_METADATA_REFRESH_HOURS,
    reclaim: { checkSeconds: e.LATCHKEY_RECLAIM_CHECK_SECONDS, everyHours: e.LATCHKEY_RECLAIM_EVERY_HOURS },
    detectEveryMinutes: e.LATCHKEY_DETECT_EVERY_MINUTES,
    webhooks: {
      pollMs: e.LATCHKEY_WEBHOOK_POLL_MS,
      timeoutMs: e.LATCHKEY_WEBHOOK_TIMEOUT_MS,
      retrySeconds: e.LATCHKEY_WEBHOOK_RETRY_SECONDS.split(',').map(Number),
      disableAfterHours: e.LATCHKEY_WEBHOOK_DISABLE_AFTER_HOURS,
      batch: e.LATCHKEY_WEBHOOK_BATCH,
    },
    logLevel: e.LATCHKEY_LOG_LEVEL,
    bodyLimitBytes: e.LATCHKEY_BODY_LIMIT_BYTES,
    sessionHours: e.LATCHKEY_SESSION_HOURS,
    loginAttemptsPer15Min: e.LATCHKEY_LOGIN_ATTEMPTS_PER_15_MIN,
    scimRequestsPerSecond: e.LATCHKEY_SCIM_RATE_LIMIT,
    pgPoolSize: e.LATCHKEY_PG_POOL_SIZE,
    trustProxy: parseTrustProxy(e.LATCHKEY_TRUST_PROXY),
    // Closed unless asked for in production: accounts there are made by the operator (`create-account`).
    signup: e.LATCHKEY_SIGNUP ?? (e.LATCHKEY_ENV === 'production' ? 'closed' : 'open'),
    signupsPerHour: e.LATCHKEY_SIGNUPS_PER_HOUR,
    samlAcsPostsPerMinute: e.LATCHKEY_SAML_ACS_POSTS_PER_MINUTE,
    consoleSsoStartsPerMinute: e.LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE,
    appSignInStartsPerMinute: e.LATCHKEY_APP_SIGN_IN_STARTS_PER_MINUTE,
    passwordHashing: {
      // Half the cores (at least one): hashes may never take the CPU that check-ins need.
      concurrency:
        e.LATCHKEY_PASSWORD_HASH_CONCURRENCY ?? Math.max(1, Math.floor(availableParallelism() / 2)),
      queue: e.LATCHKEY_PASSWORD_HASH_QUEUE,
    },
    licenseLeaseMs: e.LATCHKEY_LICENSE_LEASE_DAYS * 86400_000,
    licenseRenewAfterMs: e.LATCHKEY_LICENSE_RENEW_AFTER_HOURS * 3600_000,
    devIdp: { enabled: e.LATCHKEY_DEV_IDP === 'on', usersFile: e.LATCHKEY_DEV_IDP_USERS },
    metrics: { enabled: metricsOn, token: e.LATCHKEY_METRICS_TOKEN, port: e.LATCHKEY_METRICS_PORT },
    mail: { smtpUrl: e.LATCHKEY_SMTP_URL, from: e.LATCHKEY_MAIL_FROM },
    notifyCheckSeconds: e.LATCHKEY_NOTIFY_CHECK_SECONDS,
    appInvitations: {
      sendSeconds: e.LATCHKEY_APP_INVITATION_SEND_SECONDS,
      downloadUrl: e.LATCHKEY_APP_DOWNLOAD_URL,
    },
  };
}

/** Settings that are fine for a demo but wrong in production; logged once at start. */
export function productionWarnings(config: ServiceConfig): string[] {
  if (config.mode !== 'production') return [];
  const warnings: string[] = [];
  if (!config.publicUrl.startsWith('https://')) {
    warnings.push(
      `LATCHKEY_PUBLIC_URL is ${config.publicUrl}: production needs https (cookies are not Secure)`,
    );
  }
  return warnings;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
