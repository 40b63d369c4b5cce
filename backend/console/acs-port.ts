// The console's side of saml/console-port.ts: the admin-SSO rule and Test connection.
import type { ConsoleAcsPort } from '../saml/console-port.ts';
import { decideConsoleAccess } from './console-access.ts';
import { acceptConnectionTest, refuseConnectionTest } from './test-connection.ts';

export const consoleAcsPort: ConsoleAcsPort = {
  decideConsoleAccess,
  acceptConnectionTest,
  refuseConnectionTest,
};
