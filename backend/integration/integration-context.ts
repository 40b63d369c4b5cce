// The configurator's context, built from the service's deps bag.
import type { ServiceDeps } from '../service-deps.ts';
import type { IntegrationContext } from './config-store.ts';

export function integrationContext(deps: ServiceDeps): IntegrationContext {
  return {
    db: deps.database.db,
    clock: deps.clock,
    publicUrl: deps.config.publicUrl,
    mode: deps.config.mode,
  };
}
