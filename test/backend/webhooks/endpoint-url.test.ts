// The address check at connect time (DNS rebinding): a name is resolved when
// the connection is made and refused if any address it gives is inside the
// service's network, on a production service; a development one may call it.
import { expect, test } from 'vitest';
import { guardedLookup } from '../../../backend/webhooks/endpoint-url.ts';

const resolve = (allowInternal: boolean, all: boolean) =>
  new Promise<{ err: Error | null; address: unknown }>((done) =>
    guardedLookup({ allowInternal })('localhost', { all }, (err, address) => done({ err, address })),
  );

test.each([false, true])(
  'a name resolving to loopback is refused at connect time in production (all: %s)',
  async (all) => {
    const { err } = await resolve(false, all);
    expect(err?.message).toMatch(
      /^the endpoint resolves inside the service's network \((127\.0\.0\.1|::1)\)$/,
    );
  },
);

test('a development service may connect to it', async () => {
  const { err, address } = await resolve(true, false);
  expect(err).toBeNull();
  expect(['127.0.0.1', '::1']).toContain(address);
});
