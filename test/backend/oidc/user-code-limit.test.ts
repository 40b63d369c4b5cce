// RFC 8628 §5.1 (brute forcing the user code): the code page's posts are
// limited per address (20 per 15 min) and — so that one code tried from many
// addresses is still limited — per user code too: 10 posts naming one code in
// 15 minutes, from anywhere, then 429 for that code alone. The addresses are
// told apart as behind the trusted proxy (X-Forwarded-For).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formsOf } from '../../../devtools/html-forms.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('user codes tried from many addresses (RFC 8628 §5.1)', (dialect) => {
  let world: SsoWorld;

  beforeAll(async () => {
    world = await startSsoWorld(dialect, { env: { LATCHKEY_TRUST_PROXY: '127.0.0.1' } });
    await world.owner.put('/api/console/device-code-sign-in', { on: true });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  /** One browser at `address`: opens the code page and posts `userCode` on it. */
  async function postCodeFrom(address: string, userCode: string) {
    const base = `${world.service.baseUrl}/oidc/device`;
    const headers = { 'x-forwarded-for': address };
    const first = await fetch(base, { headers });
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await fetch(base, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...formsOf(await first.text())[0]?.fields,
        user_code: userCode,
      }).toString(),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), page: await res.text() };
  }

  test('one code posted from 11 addresses: the 11th is refused (429, Retry-After); another code still gets its answer', async () => {
    const answers = [];
    for (let i = 1; i <= 11; i++) answers.push(await postCodeFrom(`203.0.113.${i}`, 'BCDF-GHJK'));
    // One post per address: far under the per-address limit, so only the per-code limit can refuse.
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.slice(0, 10).every((a) => a.page.includes('That code is not right'))).toBe(true);
    expect(answers[10]?.status).toBe(429);
    expect(Number(answers[10]?.retryAfter)).toBeGreaterThan(0);
    // Written as the code page types it or not (oidc-provider ignores case and the dash): the same code.
    expect((await postCodeFrom('203.0.113.12', 'bcdfghjk')).status).toBe(429);
    // Only that code is held: another one, from the same addresses, is answered.
    const other = await postCodeFrom('203.0.113.11', 'CDFG-HJKL');
    expect(other.status).toBe(200);
    expect(other.page).toContain('That code is not right');
  });
});
