// Starts the real service on 127.0.0.1 with a fresh database, for tests that
// talk to it over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../backend/clock.ts';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../../backend/config.ts';
import { createLogger } from '../../backend/log.ts';
import { startService, type RunningService } from '../../backend/server.ts';
import type { TestDialect } from './databases.ts';

export interface TestService extends RunningService {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Settings that stop the service's own timers (webhook deliveries, invitations, reclamation,
 * detections, notifications), for tests that count the statements a request sends: a background
 * job's query in the middle of the count is not the request's.
 */
export const withoutBackgroundJobs: Record<string, string> = {
  LATCHKEY_WEBHOOK_POLL_MS: '0',
  LATCHKEY_APP_INVITATION_SEND_SECONDS: '0',
  LATCHKEY_RECLAIM_CHECK_SECONDS: '0',
  LATCHKEY_DETECT_EVERY_MINUTES: '0',
  LATCHKEY_NOTIFY_CHECK_SECONDS: '0',
};

export interface TestServiceOptions {
  dnsServer?: string;
  mode?: 'production' | 'development';
  clock?: Clock;
  env?: Record<string, string>;
  /** Where the service's pino lines go (with LATCHKEY_TEST_LOG_LEVEL or env's level). */
  logStream?: DestinationStream;
}

export async function startTestService(
  dialect: TestDialect,
  options: TestServiceOptions = {},
): Promise<TestService> {
  const database = await dialect.create();
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-data-'));
  const config = loadConfig({
    LATCHKEY_ENV: options.mode ?? 'production',
    LATCHKEY_PORT: '0',
    LATCHKEY_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LATCHKEY_LOG_LEVEL: process.env.LATCHKEY_TEST_LOG_LEVEL ?? 'silent',
    LATCHKEY_DNS_TIMEOUT_MS: '1000',
    LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
    // The suites sign accounts up over HTTP; the closed default has its own test.
    LATCHKEY_SIGNUP: 'open',
    LATCHKEY_SIGNUPS_PER_HOUR: '10000',
    // The SSO limits per client have their own test; the suites sign in many times from 127.0.0.1.
    LATCHKEY_SAML_ACS_POSTS_PER_MINUTE: '100000',
    LATCHKEY_CONSOLE_SSO_STARTS_PER_MINUTE: '100000',
    LATCHKEY_APP_SIGN_IN_STARTS_PER_MINUTE: '100000',
    // The per-account SCIM limit has its own test; elsewhere a fast machine must not meet it.
    LATCHKEY_SCIM_RATE_LIMIT: '0',
    ...(options.dnsServer && { LATCHKEY_DNS_SERVERS: options.dnsServer }),
    ...options.env,
  });
  let service: RunningService;
  try {
    service = await startService(config, createLogger(config.logLevel, options.logStream), {
      ...(options.clock && { clock: options.clock }),
    });
  } catch (err) {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...service,
    baseUrl: service.url,
    async close() {
      await service.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
