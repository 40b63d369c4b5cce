// `latchkey-server create-api-key | list-api-keys | revoke-api-key` and
// `latchkey-server events` (issue 24 item 3), as an admin scripts them.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { EventsPage } from '../../../common/event-types.ts';
import type { ApiKeyView } from '../../../backend/events-api/api-keys.ts';
import { writeEvents } from '../../../backend/events/write-events.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { runServerCli } from '../../support/server-cli.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('latchkey-server events and API keys', (dialect) => {
  let service: TestService;
  let accountId: string;
  beforeAll(async () => {
    service = await startTestService(dialect);
    accountId = await new ConsoleClient(service.baseUrl).signUp(
      'Cli Shop',
      'owner@cli.example',
      'correct horse battery',
    );
    await writeEvents(
      service.deps.database.db,
      service.deps.clock,
      accountId,
      ['one', 'two', 'three'].map((actor) => ({ type: 'integration.activated', data: { actor } })),
    );
  }, 60_000);
  afterAll(async () => service?.close());

  const cli = (args: string[]) => runServerCli(service.deps.config, args);

  test('events --after --json pages on from a cursor; a bad cursor is bad input (exit 2)', async () => {
    const page = await cli(['--json', 'events', '--account', accountId, '--after', '1', '--limit', '1']);
    expect(page.stderr).toBe('');
    expect(page.code).toBe(0);
    const parsed = JSON.parse(page.stdout) as EventsPage;
    expect(parsed.events.map((e) => [e.cursor, e.data.actor])).toEqual([['2', 'two']]);
    expect(parsed.next).toBe('2');
    const human = await cli(['events', '--account', accountId]);
    expect(human.stdout).toMatch(/^3 {2}\S+ {2}integration\.activated {2}\{"actor":"three"\}$/m);
    const bad = await cli(['events', '--account', accountId, '--after', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/after/);
  });

  test('create-api-key prints the key once; it reads the events API; list shows 4 characters; revoke ends it', async () => {
    const created = await cli(['--json', 'create-api-key', '--account', accountId, '--label', 'Splunk']);
    expect(created.code).toBe(0);
    const { key, id } = JSON.parse(created.stdout) as { key: string; id: string };
    const read = await fetch(`${service.baseUrl}/api/v1/events?limit=2`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as EventsPage).events).toHaveLength(2);
    const listed = await cli(['--json', 'list-api-keys', '--account', accountId]);
    const { keys } = JSON.parse(listed.stdout) as { keys: ApiKeyView[] };
    expect(keys).toMatchObject([
      { id, label: 'Splunk', scopes: ['events:read'], lastCharacters: key.slice(-4) },
    ]);
    expect(listed.stdout).not.toContain(key);
    expect((await cli(['revoke-api-key', '--account', accountId, '--id', id])).code).toBe(0);
    const after = await fetch(`${service.baseUrl}/api/v1/events`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(after.status).toBe(401);
    expect((await cli(['revoke-api-key', '--account', accountId, '--id', id])).code).toBe(2);
    expect(
      (await cli(['create-api-key', '--account', accountId, '--label', 'x', '--scope', 'admin:all'])).code,
    ).toBe(2);
  });
});
