// pino logger shared by the service and its CLI. Secrets never reach a line:
// known secret-bearing fields are censored wherever they appear.
import pino, { type Logger } from 'pino';

export const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'SAMLResponse',
  '*.SAMLResponse',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { service: 'latchkey' },
    },
    destination,
  );
}
