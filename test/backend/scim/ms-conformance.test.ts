// Microsoft's public SCIM reference collection (../shared/conformance/scim),
// run with newman against a fresh, empty account of the real service.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import newman from 'newman';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const dir = fileURLToPath(new URL('../../../../shared/conformance/scim/', import.meta.url));

describeEachDatabase('SCIM: Microsoft reference collection (newman)', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('all 78 requests run and all 107 assertions pass', async () => {
    const { token } = await createScimAccount(service.baseUrl, 'msref');
    const url = new URL(service.baseUrl);
    const collection = JSON.parse(
      readFileSync(`${dir}ms-scim-reference.local.postman_collection.json`, 'utf8'),
    ) as object;
    const environment = {
      name: 'latchkey',
      values: [
        { key: 'Protocol', value: 'http', enabled: true },
        { key: 'Server', value: url.hostname, enabled: true },
        { key: 'Port', value: `:${url.port}`, enabled: true },
        { key: 'Api', value: 'scim/v2', enabled: true },
        { key: 'token', value: token, enabled: true },
      ],
    };
    const summary = await new Promise<newman.NewmanRunSummary>((resolve, reject) => {
      newman.run({ collection, environment, reporters: [] }, (err, result) =>
        err ? reject(err) : resolve(result),
      );
    });
    const failures = summary.run.failures.map(
      (f) => `${f.source?.name ?? '?'}: ${f.error.name} ${f.error.message}`,
    );
    expect(failures).toEqual([]);
    expect(summary.run.stats.requests.total).toBe(78);
    expect(summary.run.stats.assertions.total).toBe(107);
  }, 120_000);
});
