// How the app reads the licensing API's answers, against a local server that
// answers the way a broken proxy or an old service might.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LatchkeyError } from '../../../../common/latchkey-error.ts';
import { LicensingClient } from '../../../../main/core/licensing/licensing-client.ts';

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, body] =
      req.url === '/api/v1/activations/coded/check-in'
        ? [403, JSON.stringify({ error: { code: 'USER_NOT_IN_GROUP', message: 'x', reference: 42 } })]
        : req.url === '/api/v1/activations/unauthorized/check-in'
          ? [401, JSON.stringify({ error: { code: 'invalid_token', message: 'x' } })]
          : req.url === '/api/v1/activations/proxy/check-in'
            ? [502, '<html>Bad gateway</html>']
            : [200, JSON.stringify({ activationId: 'a', license: 'l', leaseExpiresAt: 'x' })];
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => server.close());

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'OK' }),
    (err: unknown) =>
      err instanceof LatchkeyError
        ? { code: err.code, reference: err.evidence.reference }
        : { code: String(err) },
  );

test("a coded refusal keeps its code and log reference; 401 is a revoked credential; a proxy's 502 page is an unreachable server", async () => {
  const client = new LicensingClient(url);
  expect(client.serverUrl).toBe(url.replace(/\/$/, ''));
  expect(await failureOf(client.checkIn('t', 'coded'))).toEqual({
    code: 'USER_NOT_IN_GROUP',
    reference: '42',
  });
  expect((await failureOf(client.checkIn('t', 'unauthorized'))).code).toBe('ACTIVATION_REVOKED');
  expect((await failureOf(client.checkIn('t', 'proxy'))).code).toBe('SERVER_UNREACHABLE');
  expect((await failureOf(client.checkIn('t', 'fine'))).code).toBe('OK');
  expect((await failureOf(new LicensingClient('http://127.0.0.1:9').jwks())).code).toBe('SERVER_UNREACHABLE');
});
