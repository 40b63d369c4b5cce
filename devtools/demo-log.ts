// The demo's terminal is for people: the service's pino lines (warnings and worse) are shown
// as one readable line each instead of raw JSON — "service warning: <message> (file: …)".
import { Writable } from 'node:stream';

const levelNames: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal error' };
const plumbing = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg', 'v']);

export function readableLogLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const level = typeof entry.level === 'number' ? (levelNames[entry.level] ?? 'note') : 'note';
  const details = Object.entries(entry)
    .filter(([k]) => !plumbing.has(k))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  return `demo: service ${level}: ${msg}${details.length ? ` (${details.join(', ')})` : ''}`;
}

/** A pino destination writing readable lines to stderr. */
export function readableLogStream(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        process.stderr.write(`${readableLogLine(line)}\n`);
      done();
    },
  });
}
