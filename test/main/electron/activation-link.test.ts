// main/electron with the electron module MOCKED (its binary cannot be downloaded here):
// the invitation's latchkey://activate link reaches the app on every OS — in the first
// instance's argv (Windows, Linux), a second instance's argv, macOS's open-url — and opens
// Continue with SSO filled in, pushed to the window; it never activates by itself.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import type { ActivationEngine } from '../../../main/core/activation/activation-engine.ts';

vi.mock('electron', () => import('./electron-mock.ts'));
const electron = await import('./electron-mock.ts');
const { startShell } = await import('../../../main/electron/shell.ts');
const { callChannels, promptChannel } = await import('../../../main/electron/channels.ts');

const ownPage = { senderFrame: { url: 'file:///app/out/renderer/desktop/index.html' } };
const paths = {
  rendererIndex: '/app/out/renderer/desktop/index.html',
  preload: '/app/out/electron/preload.cjs',
};
const policyRoot = mkdtempSync(join(tmpdir(), 'latchkey-policy-root-'));
afterAll(() => {
  rmSync(policyRoot, { recursive: true, force: true });
  rmSync(electron.app.userData, { recursive: true, force: true });
});

const call = (channel: string) => {
  const handler = electron.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(ownPage);
};

test('latchkey://activate from argv, a second instance and open-url opens the SSO step filled in, registered as a protocol, never activating (electron mocked)', async () => {
  mkdirSync(join(policyRoot, 'etc', 'latchkey'), { recursive: true });
  writeFileSync(join(policyRoot, 'etc/latchkey/policy.json'), JSON.stringify({ EmailDomain: 'acme.test' }));
  process.env.LATCHKEY_POLICY_ROOT = policyRoot;
  process.env.LATCHKEY_SERVER_URL = 'http://127.0.0.1:9';
  const argv = process.argv;
  process.argv = [...argv, 'latchkey://activate?email=alice%40acme.test&invitation=inv-1'];
  const engine = (await startShell(paths)) as ActivationEngine;
  process.argv = argv;
  delete process.env.LATCHKEY_POLICY_ROOT;
  delete process.env.LATCHKEY_SERVER_URL;

  expect(electron.app.schemes.map((args) => args[0])).toEqual(['com.latchkey.desktop', 'latchkey']);
  // The first instance's own argv: the prompt waits for the window.
  expect(await call(callChannels.takeSsoPrompt)).toEqual({
    reason: 'activation-link',
    email: 'alice@acme.test',
    emailLocked: false,
    note: null,
  });
  expect(await call(callChannels.takeSsoPrompt)).toBeNull(); // taken once

  const window = electron.BrowserWindow.created[0];
  electron.app.emit('second-instance', {}, [
    '/opt/Latchkey/latchkey',
    'latchkey://activate?email=bob%40acme.test',
  ]);
  expect(window?.sent.at(-1)).toEqual([promptChannel, undefined]);
  expect(await call(callChannels.takeSsoPrompt)).toMatchObject({ email: 'bob@acme.test' });

  // macOS: open-url; a managed EmailDomain wins over the link's address, and the dialog says so.
  let prevented = false;
  electron.app.emit(
    'open-url',
    { preventDefault: () => (prevented = true) },
    'latchkey://activate?email=eve%40evil.test',
  );
  expect(prevented).toBe(true);
  expect(await call(callChannels.takeSsoPrompt)).toMatchObject({
    email: '',
    note: expect.stringMatching(/only @acme.test/),
  });

  // Anything else on the scheme is not acted on.
  electron.app.emit(
    'open-url',
    { preventDefault: () => undefined },
    'latchkey://deactivate?email=alice%40acme.test',
  );
  expect(await call(callChannels.takeSsoPrompt)).toBeNull();
  expect(engine.getState()).toEqual({ phase: 'idle' });
  expect(await call(callChannels.getPolicy)).toMatchObject({
    values: { EmailDomain: { value: 'acme.test', source: 'managed-machine' } },
  });
  engine.close();
});
