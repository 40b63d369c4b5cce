// The service's Prometheus metrics (prom-client), one registry per running
// service (several run side by side in the tests). Labels are bounded: route
// patterns, never raw URLs; catalog codes, never free text.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseHandle } from '../db/connect.ts';
import type { AttemptRecord } from '../access/activation-log.ts';

export interface ServiceMetrics {
  registry: Registry;
  /** One finished HTTP request (route is the pattern, e.g. /api/v1/activations/:id/check-in). */
  request(method: string, route: string, status: number, seconds: number): void;
  /** One entry of the activation log. */
  attempt(attempt: AttemptRecord): void;
  /** One device activated (refusals come in as attempts; not every success is logged as one). */
  activationSucceeded(): void;
  /** One successful check-in (refusals come in as attempts). */
  checkInSucceeded(): void;
}

const statementOf = (sqlText: string) =>
  /^\s*(select|insert|update|delete|with|begin|commit|rollback)/i.exec(sqlText)?.[1]?.toLowerCase() ??
  'other';

/** Requests by route pattern and status, their durations, and SCIM operations by resource. */
function httpMetrics(registry: Registry) {
  return {
    requests: new Counter({
      name: 'latchkey_http_requests_total',
      help: 'HTTP requests by route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    durations: new Histogram({
      name: 'latchkey_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    scim: new Counter({
      name: 'latchkey_scim_operations_total',
      help: 'SCIM operations by method, resource type and status',
      labelNames: ['method', 'resource', 'status'] as const,
      registers: [registry],
    }),
  };
}

/** The activation chain's outcomes, by catalog code: ACS answers, activations, check-ins. */
function outcomeCounters(registry: Registry) {
  const outcomes = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['outcome', 'code'] as const, registers: [registry] });
  return {
    acs: outcomes(
      'latchkey_saml_acs_outcomes_total',
      'SAML responses at the ACS by outcome and failure code',
    ),
    activations: outcomes(
      'latchkey_activations_total',
      'Device activations (SSO and license key) by outcome and failure code',
    ),
    checkIns: outcomes('latchkey_check_ins_total', 'License check-ins by outcome and failure code'),
  };
}

/** Read when scraped: the SAML verification queue, a database fault episode, query durations. */
function observeService(registry: Registry, database: DatabaseHandle, verifyQueueLength: () => number): void {
  new Gauge({
    name: 'latchkey_saml_verify_queue_length',
    help: 'SAML responses waiting for a verification worker',
    registers: [registry],
    collect() {
      this.set(verifyQueueLength());
    },
  });
  new Gauge({
    name: 'latchkey_database_fault',
    help: '1 while a database fault episode is going on, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const fault = database.health.fault;
      if (fault) this.set({ kind: fault.kind }, 1);
    },
  });
  const queries = new Histogram({
    name: 'latchkey_db_query_duration_seconds',
    help: 'Database query duration by statement kind',
    labelNames: ['dialect', 'statement'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  database.onQuery = (ms, sqlText) =>
    queries.observe({ dialect: database.dialect, statement: statementOf(sqlText) }, ms / 1000);
}

export function createServiceMetrics(
  database: DatabaseHandle,
  verifyQueueLength: () => number,
): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'latchkey_' });
  const { requests, durations, scim } = httpMetrics(registry);
  const { acs, activations, checkIns } = outcomeCounters(registry);
  observeService(registry, database, verifyQueueLength);

  return {
    registry,
    request(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      durations.observe({ method, route }, seconds);
      const resource = /^\/scim\/v2\/([A-Za-z]+)/.exec(route)?.[1];
      if (resource) scim.inc({ method, resource, status: String(status) });
    },
    attempt(attempt) {
      const labels = { outcome: attempt.outcome, code: attempt.code ?? 'none' };
      if (attempt.stage === 'acs' || attempt.stage === 'entitlement') acs.inc(labels);
      // Successes of these two are counted from their HTTP answers (a check-in is not logged).
      else if (attempt.outcome === 'success') return;
      else if (attempt.stage === 'activation') activations.inc(labels);
      else if (attempt.stage === 'check-in') checkIns.inc(labels);
    },
    activationSucceeded() {
      activations.inc({ outcome: 'success', code: 'none' });
    },
    checkInSucceeded() {
      checkIns.inc({ outcome: 'success', code: 'none' });
    },
  };
}
