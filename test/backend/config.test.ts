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
