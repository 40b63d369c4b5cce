// Fetches an IdP's metadata document from the URL an admin gave in step 4:
// https only in production, at most a few redirects (each checked again), a
// time limit, and a size limit enforced while reading (a huge or endless body
// is cut off, not buffered). Errors are plain sentences for the admin.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isInternalAddress } from '../http/internal-address.ts';
import { maxMetadataBytes } from './idp-metadata.ts';

export class MetadataFetchError extends Error {
  override name = 'MetadataFetchError';
}

export const metadataFetchTimeoutMs = 10_000;
const maxRedirects = 3;

// In production an admin's URL must not reach inside the service's own network
// (http/internal-address.ts). A name is resolved and every address checked; the
// fetch resolves it again (a rebinding window remains, which an egress proxy closes).
async function checkPublicHost(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await lookup(host, { all: true }).catch(() => {
        throw new MetadataFetchError(`the metadata host ${host} does not resolve`);
      });
  for (const { address, family } of addresses) {
    if (isInternalAddress(address, family))
      throw new MetadataFetchError(`the metadata URL points inside the service's network (${address})`);
  }
}

export function checkMetadataUrl(raw: string, allowHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MetadataFetchError('the metadata URL is not a URL');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:'))
    throw new MetadataFetchError('the metadata URL must be https:// (http only on a development service)');
  if (url.username || url.password)
    throw new MetadataFetchError('the metadata URL must not carry credentials');
  return url;
}

async function readLimited(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxMetadataBytes) throw new MetadataFetchError('the metadata is larger than 1 MB');
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxMetadataBytes) {
      await reader.cancel();
      throw new MetadataFetchError('the metadata is larger than 1 MB');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function fetchMetadataXml(
  raw: string,
  allowHttp: boolean,
  timeoutMs = metadataFetchTimeoutMs,
): Promise<string> {
  let url = checkMetadataUrl(raw, allowHttp);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (let hop = 0; hop <= maxRedirects; hop++) {
      if (!allowHttp) await checkPublicHost(url);
      const res = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
      });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = checkMetadataUrl(new URL(location, url).toString(), allowHttp);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new MetadataFetchError(`the metadata URL answered HTTP ${res.status}`);
      }
      return await readLimited(res);
    }
    throw new MetadataFetchError(`the metadata URL redirects more than ${maxRedirects} times`);
  } catch (err) {
    if (err instanceof MetadataFetchError) throw err;
    if (signal.aborted)
      throw new MetadataFetchError(`the metadata URL did not answer within ${timeoutMs / 1000} s`);
    throw new MetadataFetchError(`the metadata URL could not be fetched (${(err as Error).message})`);
  }
}
