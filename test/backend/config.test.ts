import { expect, test } from 'vitest';
import { ConfigError, loadConfig, productionWarnings } from '../../backend/config.ts';

test('defaults: production mode, loopback, SQLite under ./data, public URL from host and port', () => {
  const c = loadConfig({});
  expect(c.mode).toBe('production');
  expect(c.host).toBe('127.0.0.1');
  expect(c.publicUrl).toBe('http://127.0.0.1:8787');
  expect(c.publicUrlConfigured).toBe(false);
  expect(c.databaseUrl).toMatch(/data\/latchkey\.sqlite$/);
  expect(productionWarnings(c)).toEqual([expect.stringContaining('production needs https')]);
});

test('invalid values are refused with the variable named', () => {
  expect(() => loadConfig({ LATCHKEY_PORT: '70000' })).toThrow(/LATCHKEY_PORT/);
  expect(() => loadConfig({ LATCHKEY_ENV: 'staging' })).toThrow(/LATCHKEY_ENV/);
  expect(() => loadConfig({ LATCHKEY_PUBLIC_URL: 'ftp://x' })).toThrow(/LATCHKEY_PUBLIC_URL/);
  expect(() => loadConfig({ LATCHKEY_DNS_SERVERS: '127.0.0.1:53,dns.google' })).toThrow(ConfigError);
});

test('a postgres URL, DNS servers and an https public URL are taken as given', () => {
  const c = loadConfig({
    DATABASE_URL: 'postgres://u@127.0.0.1:5432/lk',
    LATCHKEY_DNS_SERVERS: '127.0.0.1:5353, 10.0.0.2',
    LATCHKEY_PUBLIC_URL: 'https://licenses.example.com/',
  });
  expect(c.databaseUrl).toBe('postgres://u@127.0.0.1:5432/lk');
  expect(c.dnsServers).toEqual(['127.0.0.1:5353', '10.0.0.2']);
  expect(c.publicUrl).toBe('https://licenses.example.com');
  expect(productionWarnings(c)).toEqual([]);
});

test('LATCHKEY_TRUST_PROXY: off by default; a hop count or a list of addresses and CIDR ranges', () => {
  expect(loadConfig({}).trustProxy).toBe(false);
  expect(loadConfig({ LATCHKEY_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  expect(loadConfig({ LATCHKEY_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(loadConfig({ LATCHKEY_TRUST_PROXY: '10.0.0.0/8, 192.168.0.1,::1,fd00::/8' }).trustProxy).toEqual([
    '10.0.0.0/8',
    '192.168.0.1',
    '::1',
    'fd00::/8',
  ]);
  expect(loadConfig({ LATCHKEY_TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
  for (const bad of ['0', '11', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2', '300.1.1.1', ','])
    expect(() => loadConfig({ LATCHKEY_TRUST_PROXY: bad }), bad).toThrow(/LATCHKEY_TRUST_PROXY/);
});

test('LATCHKEY_SIGNUP: closed by default in production, open in development, either when set', () => {
  expect(loadConfig({}).signup).toBe('closed');
  expect(loadConfig({ LATCHKEY_ENV: 'development' }).signup).toBe('open');
  expect(loadConfig({ LATCHKEY_SIGNUP: 'open' }).signup).toBe('open');
  expect(loadConfig({ LATCHKEY_ENV: 'development', LATCHKEY_SIGNUP: 'closed' }).signup).toBe('closed');
  expect(() => loadConfig({ LATCHKEY_SIGNUP: 'yes' })).toThrow(/LATCHKEY_SIGNUP/);
});
