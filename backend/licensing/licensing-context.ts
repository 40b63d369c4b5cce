// Licensing's context, built from the service's deps bag.
import type { ServiceDeps } from '../service-deps.ts';
import type { LicensingContext } from './activations.ts';

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
