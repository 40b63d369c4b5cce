// The one-shot loopback redirect (RFC 8252 §7.3): a listener on 127.0.0.1 with
// a random port takes the browser's callback once, answers with a small page,
// and closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForCallback, type CallbackReceiver } from './callback-receiver.ts';

const donePage =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latchkey</title></head>' +
  '<body><main><h1>You can return to Latchkey</h1><p>This tab can be closed.</p></main></body></html>';

export async function startLoopbackCallback(): Promise<CallbackReceiver> {
  let deliver: (url: URL) => void = () => undefined;
  const received = new Promise<URL>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(donePage);
    deliver(new URL(`${redirectUri}${url.search}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  const close = () => {
    server.close();
    server.closeAllConnections();
  };
  return {
    redirectUri,
    close,
    wait: (timeoutMs, signal) => waitForCallback(received, timeoutMs, signal, close),
  };
}
