// The installer configuration as electron-builder reads it: the targets each
// OS needs, the hardened runtime with its entitlements, and the activation
// callback scheme registered everywhere the app can be opened by URL.
import { readFileSync, existsSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { desktopScheme } from '../../common/desktop-api.ts';

interface BuilderConfig {
  appId: string;
  files: string[];
  asarUnpack: string[];
  protocols: { schemes: string[] }[];
  mac: {
    target: string[];
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    extendInfo: { CFBundleURLTypes: { CFBundleURLSchemes: string[] }[] };
  };
  win: { target: string[] };
  linux: { target: string[]; mimeTypes: string[] };
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

test('targets: macOS dmg + zip, Windows nsis, Linux AppImage + deb', () => {
  expect(config.mac.target).toEqual(['dmg', 'zip']);
  expect(config.win.target).toEqual(['nsis']);
  expect(config.linux.target).toEqual(['AppImage', 'deb']);
});

test('macOS: hardened runtime with an entitlements plist that allows JIT and the loopback redirect', () => {
  expect(config.mac.hardenedRuntime).toBe(true);
  expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
  const plist = new DOMParser().parseFromString(readFileSync(config.mac.entitlements, 'utf8'), 'text/xml');
  const keys = Array.from(plist.getElementsByTagName('key')).map((k) => k.textContent);
  expect(keys).toEqual([
    'com.apple.security.cs.allow-jit',
    'com.apple.security.network.client',
    'com.apple.security.network.server',
  ]);
  // Every key is granted (followed by <true/>).
  expect(plist.getElementsByTagName('true').length).toBe(keys.length);
});

test('the callback scheme is registered for every OS, and it is the one the service accepts', () => {
  expect(config.protocols.flatMap((p) => p.schemes)).toContain(desktopScheme);
  expect(config.mac.extendInfo.CFBundleURLTypes.flatMap((t) => t.CFBundleURLSchemes)).toContain(
    desktopScheme,
  );
  expect(config.linux.mimeTypes).toContain(`x-scheme-handler/${desktopScheme}`);
  expect(config.appId).toBe(desktopScheme);
});

test('the invitation’s latchkey://activate scheme is registered for every OS, and no other', () => {
  expect(config.protocols.flatMap((p) => p.schemes)).toEqual([desktopScheme, 'latchkey']);
  expect(config.mac.extendInfo.CFBundleURLTypes.flatMap((t) => t.CFBundleURLSchemes)).toEqual([
    desktopScheme,
    'latchkey',
  ]);
  expect(config.linux.mimeTypes).toEqual([`x-scheme-handler/${desktopScheme}`, 'x-scheme-handler/latchkey']);
});

test('the app packs what scripts/build-electron.ts writes, with the native keychain addon outside the asar', () => {
  expect(config.files).toContain('out/**/*');
  expect(pkg.main).toBe('out/electron/main.js');
  expect(readFileSync('scripts/build-electron.ts', 'utf8')).toContain("'electron/main.js'");
  expect(config.asarUnpack).toContain('**/*.node');
  // A release build: it refuses to build without the trust anchor it packs as out/trust-anchor.json.
  expect(pkg.scripts.dist).toMatch(/build-electron\.ts --release && electron-builder$/);
  expect(existsSync('build/entitlements.mac.plist')).toBe(true);
});
