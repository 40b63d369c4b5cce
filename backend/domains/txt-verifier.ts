// Domain ownership by DNS TXT record: the admin publishes
//   _latchkey-challenge.<domain>  TXT  "latchkey-domain-verification=<token>"
// and we look it up through node:dns's Resolver with the configured servers.
import { Resolver } from 'node:dns/promises';
import type { TxtLookup } from '../service-deps.ts';

export type { TxtLookup };

export const challengePrefix = '_latchkey-challenge';
export const valuePrefix = 'latchkey-domain-verification=';

export interface TxtRecordInstruction {
  host: string;
  type: 'TXT';
  value: string;
}

export function txtRecordFor(domain: string, token: string): TxtRecordInstruction {
  return { host: `${challengePrefix}.${domain}`, type: 'TXT', value: `${valuePrefix}${token}` };
}

export type TxtCheck = { ok: true } | { ok: false; reason: string };

export interface TxtResolverOptions {
  servers: string[];
  timeoutMs: number;
}

export function createTxtLookup(options: TxtResolverOptions): TxtLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.servers.length > 0) resolver.setServers(options.servers);
  return (host) => resolver.resolveTxt(host);
}

export async function checkTxtRecord(lookup: TxtLookup, domain: string, token: string): Promise<TxtCheck> {
  const expected = txtRecordFor(domain, token);
  let records: string[][];
  try {
    records = await lookup(expected.host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    if (code === 'ENOTFOUND' || code === 'ENODATA') {
      return { ok: false, reason: `no TXT record found at ${expected.host} (${code})` };
    }
    return { ok: false, reason: `the DNS lookup of ${expected.host} failed (${code}); try again later` };
  }
  // A long TXT value arrives split into 255-byte strings: join each record's parts.
  const values = records.map((parts) => parts.join(''));
  if (values.includes(expected.value)) return { ok: true };
  const ours = values.filter((v) => v.startsWith(valuePrefix));
  return {
    ok: false,
    reason:
      ours.length > 0
        ? `a TXT record at ${expected.host} holds a different verification token`
        : `TXT records exist at ${expected.host} but none is ${valuePrefix}…`,
  };
}
