// What the HTTP layer and the CLI need to run the service's use cases.
import type { Clock } from './clock.ts';
import type { ServiceConfig } from './config.ts';
import type { DatabaseHandle } from './db/connect.ts';
import type { TxtLookup } from './domains/txt-verifier.ts';
import type { IntegrationContext } from './integration/integration-service.ts';
import type { LicensingContext } from './licensing/activations.ts';

export interface ServiceDeps {
  config: ServiceConfig;
  database: DatabaseHandle;
  clock: Clock;
  txtLookup: TxtLookup;
  /** Encrypts secrets at rest (SP keys, signing keys). */
  masterKey: Buffer;
}

export function integrationContext(deps: ServiceDeps): IntegrationContext {
  return {
    db: deps.database.db,
    clock: deps.clock,
    publicUrl: deps.config.publicUrl,
    mode: deps.config.mode,
  };
}

export function licensingContext(deps: ServiceDeps): LicensingContext {
  return {
    db: deps.database.db,
    clock: deps.clock,
    masterKey: deps.masterKey,
    publicUrl: deps.config.publicUrl,
    leaseMs: deps.config.licenseLeaseMs,
    renewAfterMs: deps.config.licenseRenewAfterMs,
  };
}
