// What the ACS asks of the admin console (a port: console/acs-port.ts implements
// it, the wiring passes it in), so saml/ never imports the console:
//   a console sign-in   → the admin-SSO rule decides who may enter (console/console-access.ts)
//   a Test connection   → its answer, good or refused, is the test's result (console/test-connection.ts)
import type { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { AcsResult } from './acs-flow.ts';
import type { SamlProfile } from './attribute-presets.ts';

export interface ConsoleAcsPort {
  /** The signed-in admin's user id, or a LatchkeyError saying which rule refused. */
  decideConsoleAccess(db: Db, clock: Clock, accountId: string, profile: SamlProfile): Promise<string>;
  /** Records a pending test's good answer; returns the page the browser goes to. */
  acceptConnectionTest(db: Db, clock: Clock, result: AcsResult): Promise<string>;
  /** Records a pending test's failing check; undefined when no test is waiting. */
  refuseConnectionTest(
    db: Db,
    clock: Clock,
    accountId: string,
    err: LatchkeyError,
  ): Promise<string | undefined>;
}
