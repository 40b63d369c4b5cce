// The steps QA's scenarios are made of: a simulated device (its own app data
// folder and machine id), an SSO activation through the CLI with the browser
// step played by the scripted browser at the dev IdP, and reading what the
// browser tab showed when the service could not route a refusal to the app.
import { join } from 'node:path';
import { browse } from '../scripted-browser.ts';
import { runCli, type CliRun } from './cli-run.ts';
import type { QaWorld } from './qa-world.ts';
import { refusalOn } from './sign-in.ts';

/** What the end user is shown, as the scenario observed it. */
export interface UserView {
  where: 'app' | 'browser';
  exitCode: number | null;
  phase: string | null;
  code: string | null;
  message: string | null;
  reference: string | null;
  /** The email the attempt was made with (--email), to find its log entry. */
  email: string | null;
}

export interface Device {
  dataDir: string;
  env: Record<string, string | undefined>;
}

/** Device n of this world: its own data folder and machine id. */
export function device(world: QaWorld, n = 1, env: Record<string, string | undefined> = {}): Device {
  return {
    dataDir: join(world.scratch, `device-${n}`),
    env: { LATCHKEY_MACHINE_ID: `qa-device-${n}`, ...env },
  };
}

export interface SsoActivation {
  email: string;
  /** Who signs in at the dev IdP, and with which fault; absent: nobody finishes the browser step. */
  idp?: { user: string; fault?: string };
  /** Instead of the IdP, do this with the sign-in link (a forged callback, say). */
  onLink?: (link: string) => Promise<void>;
  timeout?: string;
  serverUrl?: string;
}

/** The last page the scripted browser saw, for refusals shown in the browser tab. */
export interface BrowserTab {
  lastPage: string;
}

export async function activateWithSso(
  world: QaWorld,
  on: Device,
  sso: SsoActivation,
  tab: BrowserTab = { lastPage: '' },
): Promise<CliRun> {
  const { idp } = sso;
  return runCli(['activate', '--email', sso.email, '--no-browser', '--timeout', sso.timeout ?? '20s'], {
    dataDir: on.dataDir,
    serverUrl: sso.serverUrl ?? world.service.url,
    env: { ...anchorOf(world), ...on.env },
    onLink:
      sso.onLink ??
      (idp
        ? async (link) => {
            tab.lastPage = (await browse(link, idp.user, '\u0000', { fault: idp.fault ?? 'none' })).lastPage;
          }
        : undefined),
  });
}

export function cliCommand(world: QaWorld, on: Device, command: string): Promise<CliRun> {
  return runCli([command], {
    dataDir: on.dataDir,
    serverUrl: world.service.url,
    env: { ...anchorOf(world), ...on.env },
  });
}

/** The CLI is a development build: it trusts the world's dev root by configuration (README, "Root of trust"). */
function anchorOf(world: QaWorld): Record<string, string | undefined> {
  return { LATCHKEY_TRUST_ANCHOR: world.service.trustAnchorFile };
}

/** The CLI's --json state as the user's view. */
export function appView(run: CliRun): UserView {
  const failure = run.json.failure as
    { code?: string; message?: string; reference?: string | null } | undefined;
  return {
    where: 'app',
    exitCode: run.exitCode,
    phase: typeof run.json.phase === 'string' ? run.json.phase : null,
    code: failure?.code ?? null,
    message: failure?.message ?? null,
    reference: failure?.reference ?? null,
    email: run.email,
  };
}

/** The service's "Sign-in did not work" page: its message, code and reference. */
export function browserView(tab: BrowserTab, run: CliRun): UserView {
  const shown = refusalOn(tab.lastPage);
  return {
    where: 'browser',
    exitCode: run.exitCode,
    phase: typeof run.json.phase === 'string' ? run.json.phase : null,
    code: shown?.code ?? null,
    message: shown?.message ?? null,
    reference: shown?.reference ?? null,
    email: run.email,
  };
}
