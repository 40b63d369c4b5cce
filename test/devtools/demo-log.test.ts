// The demo shows the service's warnings as readable lines, not pino's raw JSON.
import { expect, test } from 'vitest';
import { readableLogLine } from '../../devtools/demo-log.ts';

test('a pino warning becomes one readable line with its details, without the plumbing fields', () => {
  const line = JSON.stringify({
    level: 40,
    time: 1796636036443,
    service: 'latchkey',
    file: '/tmp/demo/master.key',
    msg: 'generated a new master key: back it up',
  });
  expect(readableLogLine(line)).toBe(
    'demo: service warning: generated a new master key: back it up (file: /tmp/demo/master.key)',
  );
  expect(readableLogLine(JSON.stringify({ level: 50, msg: 'boom', err: { code: 'X' } }))).toBe(
    'demo: service error: boom (err: {"code":"X"})',
  );
  expect(readableLogLine('not json')).toBe('not json');
});
