// What the demo prints once the chain is running: every URL, login and key a newcomer needs,
// and the two ways to a lost owner password.
import { isAbsolute, relative } from 'node:path';
import type { DemoSeed } from '../backend/cli/demo-seed.ts';
import { demoKeyAccount } from '../backend/cli/demo-key-account.ts';

export interface DemoScreen {
  serviceUrl: string;
  seed: DemoSeed;
  appLine: string;
  qaEnvFile: string;
  dataRoot: string;
  /** Where the service's email goes (the mail catcher's page). */
  mailLine?: string;
}

/** A path as the reader can type it from here: relative below the current folder, else absolute. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? path : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The owner line: the password when this run knows it, else how to set a new one. */
export function ownerLine(seed: DemoSeed, dataRoot: string): string[] {
  const resetCommand = `LATCHKEY_DATA_DIR=${shownPath(dataRoot)} node backend/cli/main.ts reset-password --email ${seed.ownerEmail}`;
  if (seed.created && seed.ownerPassword)
    return [
      `  owner login:   ${seed.ownerEmail} / ${seed.ownerPassword}   (save it: later runs cannot show it)`,
    ];
  if (seed.ownerPassword)
    return [
      `  owner login:   ${seed.ownerEmail} / ${seed.ownerPassword}   (from LATCHKEY_DEMO_PASSWORD${seed.passwordChanged ? ': set now; earlier console sessions ended' : ''})`,
    ];
  return [
    `  owner login:   ${seed.ownerEmail}   (password shown on the first run; lost it? in another shell:`,
    `                 ${resetCommand}`,
    `                 or restart the demo with LATCHKEY_DEMO_PASSWORD=<new password>)`,
  ];
}

export function demoScreen(s: DemoScreen): string {
  const { serviceUrl: url, seed } = s;
  return [
    '',
    `Latchkey demo: the whole chain is running.`,
    `  service:       ${url}   (health ${url}/healthz)`,
    `  dev IdP:       ${url}/dev-idp/metadata   (its login page lets you pick a user and a fault)`,
    `  SCIM:          ${url}/scim/v2`,
    `  account:       ${seed.accountId}  (Acme Corporation (demo), domain acme.test, 25 seats)`,
    `  admin console: ${url}/console   (sign in with the owner login; SSO: alice@acme.test)`,
    ...ownerLine(seed, s.dataRoot),
    s.appLine,
    ...(s.mailLine ? [s.mailLine] : []),
    `  demo users:    alice@acme.test (desktop users + admins), bob@acme.test (desktop users),`,
    `                 carol@acme.test (no group: shows USER_NOT_IN_GROUP)`,
    `  enterprise key: ${seed.enterpriseKey.licenseKey}   (Enter Enterprise Key… with any email, e.g. ${demoKeyAccount.exampleUser};`,
    `                 ${demoKeyAccount.name}: an account without SSO, where keys work; Acme's users use SSO)`,
    `  QA CLI:        source ${shownPath(s.qaEnvFile)}; latchkey doctor   (in another shell; then latchkey activate --email bob@acme.test --no-browser)`,
    `  QA scenarios:  npm run -s scenario -- --list`,
    `  data:          ${seed.created ? 'new' : 'reused from the last run'}: ${shownPath(s.dataRoot)}   (rm -rf it to start over)`,
    'Press Ctrl-C to stop everything.',
    '',
  ].join('\n');
}
