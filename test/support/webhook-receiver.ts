// A real HTTPS webhook receiver on loopback for tests: its own self-signed
// certificate (the sender trusts it through its CA option, never by turning
// verification off), every request's signature checked with the Standard
// Webhooks library's own `Webhook.verify`, and a record of what came in —
// including how often two requests with the same webhook-id were in flight
// at the same time (must stay 0).
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import selfsigned from 'selfsigned';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  cursor: string;
  data: unknown;
  /** The status this receiver answered. */
  status: number;
  verified: boolean;
  /** Order of arrival (0, 1, …). */
  n: number;
  headers: Record<string, string>;
}

/** What to answer one request: a status, after a delay, optionally with a body of `bodyBytes`. */
export interface Answer {
  status: number;
  delayMs?: number;
  /** Sent slowly and endlessly when 'endless'. */
  body?: number | 'endless';
}

export interface WebhookReceiver {
  url: string;
  /** The certificate (PEM) the sender must trust. */
  ca: string;
  received: Received[];
  /** Requests for a webhook-id while another for the same id was still in flight. */
  overlaps: number;
  /** Secrets the signature may verify with (any one suffices). */
  secrets: string[];
  answer: (r: { id: string; n: number }) => Answer;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const inFlight = new Map<string, number>();
  const sockets = new Set<Socket>();
  let n = 0;
  const receiver: WebhookReceiver = {
    url: '',
    ca: pems.cert,
    received: [],
    overlaps: 0,
    secrets: [],
    answer: () => ({ status: 200 }),
    async waitFor(predicate, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error('the receiver waited in vain');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      const id = headers['webhook-id'] ?? '';
      const count = inFlight.get(id) ?? 0;
      if (count > 0) receiver.overlaps++;
      inFlight.set(id, count + 1);
      const verified = receiver.secrets.some((s) => {
        try {
          new Webhook(s).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const parsed = JSON.parse(body) as { type: string; cursor: string; data: unknown };
      const me = n++;
      const answer = verified ? receiver.answer({ id, n: me }) : { status: 401 };
      const done = () => inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
      res.on('close', done);
      const reply = () => {
        receiver.received.push({
          id,
          type: parsed.type,
          cursor: parsed.cursor,
          data: parsed.data,
          status: answer.status,
          verified,
          n: me,
          headers,
        });
        res.writeHead(answer.status, { 'content-type': 'text/plain' });
        if (answer.body === 'endless') {
          const chunk = Buffer.alloc(64 * 1024, 'x');
          const pump = () => {
            while (!res.destroyed && res.write(chunk));
            if (!res.destroyed) res.once('drain', pump);
          };
          pump();
        } else res.end(answer.body ? 'y'.repeat(answer.body) : 'ok');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
      else reply();
    });
  });
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
