// A webhook endpoint's URL, checked when the admin saves it and again at every
// send (a name may later resolve elsewhere): https in production, no
// credentials in it, and — in production — no address inside the service's
// network (the same rule as the IdP metadata URL, http/internal-address.ts).
// A development service (demo, tests) may call http:// and loopback receivers,
// as its metadata fetch may.
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { ApiError } from '../http/api-error.ts';
import { isInternalAddress } from '../http/internal-address.ts';

export interface UrlPolicy {
  /** Development only: http:// and addresses inside the service's network allowed. */
  allowInternal: boolean;
}

const refuse = (message: string) => new ApiError(400, 'webhook_url_invalid', message, { field: 'url' });

export function checkWebhookUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('the endpoint URL is not a URL');
  }
  if (url.protocol !== 'https:' && !(policy.allowInternal && url.protocol === 'http:'))
    throw refuse('the endpoint URL must be https:// (http only on a development service)');
  if (url.username || url.password) throw refuse('the endpoint URL must not carry a user name or password');
  if (url.hash) throw refuse('the endpoint URL must not have a #fragment');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (!policy.allowInternal && family !== 0 && isInternalAddress(host, family))
    throw refuse(`the endpoint URL points inside the service's network (${host})`);
  if (!policy.allowInternal && (host === 'localhost' || host.endsWith('.localhost')))
    throw refuse("the endpoint URL points inside the service's network (localhost)");
  return url;
}

/** The URL as events and logs may show it: no query (it may carry a receiver's token). */
export const shownUrl = (raw: string): string => {
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
};

export class InternalAddressError extends Error {
  override name = 'InternalAddressError';
}

/**
 * The socket's DNS lookup, checking what the name resolves to at connect time: a
 * name that resolved to a public address when saved and to 10.0.0.5 now is refused
 * here (DNS rebinding), since this is the address the connection really uses.
 */
export function guardedLookup(policy: UrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      const bad = policy.allowInternal ? undefined : list.find((a) => isInternalAddress(a.address, a.family));
      if (bad)
        return callback(
          new InternalAddressError(`the endpoint resolves inside the service's network (${bad.address})`),
          '',
          0,
        );
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} does not resolve`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
