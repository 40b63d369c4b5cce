// The OS's trusted CAs for the CLI's connections, so a company's TLS-inspecting
// CA installed in the system store works without NODE_EXTRA_CA_CERTS. Node 24
// reads the system store itself (tls.getCACertificates('system'): the macOS
// keychain, the Windows store, and on Linux the OpenSSL default locations —
// SSL_CERT_FILE / SSL_CERT_DIR when set, else /etc/ssl/certs).
import { getCACertificates } from 'node:tls';

export interface TrustedCas {
  certificates: string[];
  /** Said by doctor: which stores were used and how many certificates each gave. */
  source: string;
}

export function trustedCas(): TrustedCas {
  const bundled = getCACertificates('bundled');
  const system = safely(() => getCACertificates('system'));
  // NODE_EXTRA_CA_CERTS still adds what it names (an admin's override).
  const extra = safely(() => getCACertificates('extra'));
  const parts = [
    `the operating system's store (${system.length})`,
    `Node's bundled Mozilla list (${bundled.length})`,
    ...(extra.length ? [`NODE_EXTRA_CA_CERTS (${extra.length})`] : []),
  ];
  return { certificates: [...new Set([...system, ...bundled, ...extra])], source: parts.join(' + ') };
}

/** A store the OS cannot read leaves the others in use (doctor shows 0 for it). */
function safely(read: () => string[]): string[] {
  try {
    return read();
  } catch {
    return [];
  }
}
