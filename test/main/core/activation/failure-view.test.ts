// The three kinds of failure stay apart (failure-view.ts): a coded one keeps its
// code, the network failing is SERVER_UNREACHABLE (the license runs on its
// lease), and anything else — a defect of ours — is INTERNAL_ERROR.
import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { describeFailure } from '../../../../common/failure-codes.ts';
import { LatchkeyError } from '../../../../common/latchkey-error.ts';
import { failureView, toLatchkeyError } from '../../../../main/core/activation/failure-view.ts';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

test('our own TypeError is INTERNAL_ERROR with what and where for the report, not SERVER_UNREACHABLE', () => {
  let defect: unknown;
  try {
    const issued = JSON.parse('null') as { license: string };
    defect = issued.license;
  } catch (err) {
    defect = err;
  }
  const error = toLatchkeyError(defect);
  expect(error.code).toBe('INTERNAL_ERROR');
  expect(error.message).toMatch(/^TypeError: Cannot read properties of null \(reading 'license'\) \(at /);
  expect(toLatchkeyError('a string thrown').code).toBe('INTERNAL_ERROR');
});

test("fetch's network errors and timeouts are SERVER_UNREACHABLE", async () => {
  const refused = await fetch(`http://127.0.0.1:${await closedPort()}/`).catch((err: unknown) => err);
  expect(toLatchkeyError(refused).code).toBe('SERVER_UNREACHABLE');
  const timedOut = await fetch('http://192.0.2.1/', { signal: AbortSignal.timeout(1) }).catch(
    (err: unknown) => err,
  );
  expect(toLatchkeyError(timedOut).code).toBe('SERVER_UNREACHABLE');
  const coded = new LatchkeyError('NO_SEATS_AVAILABLE', 'the server refused');
  expect(toLatchkeyError(coded)).toBe(coded);
});

test("a revoked activation with a reason shows the reason's message and remedy, under its own code", () => {
  const view = failureView(
    new LatchkeyError('ACTIVATION_REVOKED', 'the server refused', {
      reference: '12',
      reason: 'USER_NOT_IN_GROUP',
    }),
    new Date('2026-12-01T00:00:00Z'),
  );
  expect(view).toMatchObject({
    code: 'ACTIVATION_REVOKED',
    reason: 'USER_NOT_IN_GROUP',
    message: describeFailure('USER_NOT_IN_GROUP').userMessage,
    askIt: describeFailure('USER_NOT_IN_GROUP').adminRemedy,
    reference: '12',
  });
  const plain = failureView(new LatchkeyError('ACTIVATION_REVOKED', 'x', { reason: 'nonsense' }), new Date());
  expect(plain).toMatchObject({ reason: null, message: describeFailure('ACTIVATION_REVOKED').userMessage });
});
