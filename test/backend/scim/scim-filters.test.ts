// Filters over HTTP (issue 11 item 7): nested parentheses are valid RFC 7644
// §3.4.2.2 filters; a dangling "and"/"or" is a 400, never a clause silently
// ignored; error details never expose internals.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
type List = { totalResults: number; detail?: string; scimType?: string };

describeEachDatabase('SCIM filters: a real grammar', (dialect) => {
  let service: TestService;
  let scim: ReturnType<typeof scimClient>;
  beforeAll(async () => {
    service = await startTestService(dialect);
    const a = await createScimAccount(service.baseUrl, 'filters');
    scim = scimClient(a.scimUrl, a.token);
    for (const [userName, active] of [
      ['x@corp.example', true],
      ['y@corp.example', false],
    ] as const)
      await scim('POST', '/Users', { schemas: [USER], userName, active, displayName: userName.slice(0, 1) });
  });
  afterAll(async () => service?.close());
  const list = (filter: string) => scim<List>('GET', `/Users?filter=${encodeURIComponent(filter)}`);

  test('nested parentheses, up to 20 levels, are understood', async () => {
    const nested = (n: number, inner: string) => '('.repeat(n) + inner + ')'.repeat(n);
    for (const [filter, total] of [
      ['((userName eq "x@corp.example"))', 1],
      ['((userName eq "x@corp.example") and (active eq true))', 1],
      ['((userName eq "y@corp.example") and (active eq true))', 0],
      ['(userName eq "x@corp.example") or ((displayName eq "y") and not (active eq true))', 2],
      [nested(20, 'userName sw "x"'), 1],
      [`${nested(20, 'userName sw "x"')} or ${nested(20, 'userName sw "y"')}`, 2],
    ] as const) {
      const res = await list(filter);
      expect(res.status, filter).toBe(200);
      expect(res.body.totalResults, filter).toBe(total);
    }
  });

  test('a dangling and/or, an unclosed parenthesis or a stray token → 400 invalidFilter, no internals', async () => {
    for (const filter of [
      'userName eq "x@corp.example" and',
      'userName eq "x@corp.example" or',
      'userName eq "x@corp.example" and ',
      '(userName eq "x@corp.example"',
      'userName eq "x@corp.example")',
      'userName eq',
      'and userName eq "x"',
      'emails[type eq "work"',
      'userName eq "x@corp.example" userName',
      '()',
    ]) {
      const res = await list(filter);
      expect(res.status, filter).toBe(400);
      expect(res.body.scimType, filter).toBe('invalidFilter');
      expect(res.body.detail, filter).not.toMatch(/undefined|Cannot read|TypeError|at .*\.(ts|js)/);
    }
  });
});
