// Who issued the certificate the app refused: after CERTIFICATE_NOT_TRUSTED,
// one more handshake on the same route (direct, or through the proxy's
// CONNECT tunnel) that accepts any certificate only to read the chain — no
// request is ever sent on it. The issuer of the topmost certificate presented
// is the authority the device is missing (a TLS-inspecting proxy's CA).
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { Client } from 'undici';

const probeTimeoutMs = 5_000;

function nameOf(subject: PeerCertificate['issuer'] | undefined): string | null {
  if (!subject) return null;
  const parts = [subject.CN, subject.O].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return parts.length ? [...new Set(parts)].join(', ').slice(0, 200) : null;
}

/** The issuer name of the last certificate in the chain the server sent. */
export function issuerOf(socket: TLSSocket): string | null {
  let cert = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert?.issuerCertificate && cert.issuerCertificate !== cert && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    cert = cert.issuerCertificate;
  }
  return cert && Object.keys(cert).length ? nameOf(cert.issuer) : null;
}

async function tunnel(proxy: string, host: string, port: string): Promise<Duplex> {
  const proxyUrl = new URL(proxy);
  const client = new Client(proxyUrl.origin);
  const auth = proxyUrl.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(proxyUrl.username)}:${decodeURIComponent(proxyUrl.password)}`).toString('base64')}`
    : undefined;
  const { socket, statusCode } = await client.connect({
    path: `${host}:${port}`,
    headers: { host: `${host}:${port}`, ...(auth && { 'proxy-authorization': auth }) },
    signal: AbortSignal.timeout(probeTimeoutMs),
  });
  if (statusCode !== 200) {
    socket.destroy();
    throw new Error(`the proxy answered ${statusCode}`);
  }
  return socket;
}

/** The refused certificate's issuer, or null when it cannot be read (never throws). */
export async function probeIssuer(url: string, proxy: string | null): Promise<string | null> {
  const target = new URL(url);
  const port = target.port || '443';
  const servername = target.hostname.replace(/^\[|\]$/g, '');
  try {
    const through = proxy?.startsWith('http') ? await tunnel(proxy, target.hostname, port) : undefined;
    if (proxy && !through) return null;
    return await new Promise<string | null>((resolve) => {
      const socket = tlsConnect({
        ...(through ? { socket: through } : { host: servername, port: Number(port) }),
        servername,
        // Only to read the chain: the socket is closed after the handshake, nothing is sent.
        rejectUnauthorized: false,
      });
      const done = (value: string | null) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(probeTimeoutMs, () => done(null));
      socket.once('secureConnect', () => done(issuerOf(socket)));
      socket.once('error', () => done(null));
    });
  } catch {
    return null;
  }
}
