// `latchkey-server why`: the access check from the command line, against the
// database of a running SSO world — a table by default, the AccessCheck with
// --json, exit 0 when allowed and 6 when a real activation would be refused.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AccessCheck } from '../../../common/access-check.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { runServerCli } from '../../support/server-cli.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('latchkey-server why', (dialect) => {
  let world: SsoWorld;
  beforeAll(async () => {
    world = await startSsoWorld(dialect);
  });
  afterAll(async () => world?.close());

  const why = (args: string[]) => runServerCli(world.service.deps.config, args);

  test('bob is allowed: exit 0, a table with every rule passing', async () => {
    const run = await why(['why', '--email', 'bob@acme.test']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^bob@acme\.test: allowed \(sso\)/);
    for (const rule of ['domain', 'integration', 'user', 'active', 'group', 'license', 'seats', 'devices'])
      expect(run.stdout).toMatch(new RegExp(`^${rule}\\s+pass\\s`, 'm'));
  });

  test('carol is refused: exit 6, the group rule fails with the remedy, --json prints the AccessCheck', async () => {
    const table = await why(['why', '--email', 'carol@acme.test', '--account', world.accountId]);
    expect(table.code).toBe(6);
    expect(table.stdout).toMatch(/^group\s+fail\s/m);
    expect(table.stdout).toMatch(/^\s+remedy: \S/m);
    expect(table.stdout).toMatch(/^seats\s+not-reached/m);
    const json = await why(['--json', 'why', '--email', 'carol@acme.test']);
    expect(json.code).toBe(6);
    const check = JSON.parse(json.stdout) as AccessCheck;
    expect(check).toMatchObject({ email: 'carol@acme.test', allowed: false, code: 'USER_NOT_IN_GROUP' });
  });

  test('a bad email is bad input: exit 2', async () => {
    const run = await why(['why', '--email', 'not an email']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/email/);
  });
});
