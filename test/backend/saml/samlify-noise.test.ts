// Nothing prints outside the pino log unless it is news: samlify used to
// print "Construct identity provider - missing endpoint of
// SingleLogoutService" for every IdP entity built (hundreds of times in the
// demo and the tests), and oidc-provider warned about the Node runtime.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { identityProviderFor } from '../../../backend/saml/entities.ts';
import { startServeProcess } from '../../support/serve-process.ts';

test('building IdP entities prints nothing; other console warnings still pass', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    for (let i = 0; i < 3; i++) {
      identityProviderFor({
        idp_entity_id: `https://idp${i}.example/entity`,
        sso_url: `https://idp${i}.example/sso`,
        sso_binding: 'redirect',
        certificates: '[]',
        sign_authn_requests: 0,
      });
    }
    expect(warn).not.toHaveBeenCalled();
    console.warn('news');
    expect(warn).toHaveBeenCalledWith('news');
  } finally {
    warn.mockRestore();
  }
});

test('the service in development mode with the dev IdP prints nothing on stderr: no samlify SLO line, no oidc-provider runtime warning', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-quiet-'));
  const server = await startServeProcess({
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_ENV: 'development',
    LATCHKEY_DEV_IDP: 'on',
  });
  try {
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/dev-idp/metadata`)).status).toBe(200);
    const discovery = await fetch(`${server.url}/oidc/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toBe('');
    expect(server.stdout()).not.toMatch(/SingleLogoutService|oidc-provider WARNING/);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
