import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger } from '../../backend/log.ts';

test('secrets never reach a log line: passwords, tokens, cookies, authorization, SAMLResponse', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger('info', sink);
  log.info(
    {
      password: 'hunter2-secret',
      body: { password: 'nested-secret', token: 'lks_tokenvalue' },
      req: { headers: { authorization: 'Bearer abc.def', cookie: 'lk_session=sessionvalue' } },
      SAMLResponse: 'PHNhbWxwOlJlc3BvbnNl',
      email: 'alice@example.com',
    },
    'login attempt',
  );
  const out = lines.join('');
  for (const secret of [
    'hunter2-secret',
    'nested-secret',
    'lks_tokenvalue',
    'abc.def',
    'sessionvalue',
    'PHNhbWxw',
  ]) {
    expect(out).not.toContain(secret);
  }
  expect(out).toContain('alice@example.com');
  expect(out).toContain('[redacted]');
});
