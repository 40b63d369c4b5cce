// What the HTTP layer and the CLI need to run the service's use cases. It imports only
// the base (clock, config, db): each folder builds its own context from it
// (integration/integration-context.ts, licensing/licensing-context.ts).
import type { Clock } from './clock.ts';
import type { ServiceConfig } from './config.ts';
import type { DatabaseHandle } from './db/connect.ts';

/** A DNS TXT lookup (domains/txt-verifier.ts makes the real one; tests pass a fake). */
export type TxtLookup = (host: string) => Promise<string[][]>;

export interface ServiceDeps {
  config: ServiceConfig;
  database: DatabaseHandle;
  clock: Clock;
  txtLookup: TxtLookup;
  /** Encrypts secrets at rest (SP keys, signing keys). */
  masterKey: Buffer;
}
