// An access token bound to the device key (RFC 9449), as the licensing API
// is called with it: openid-client's fetchProtectedResource signs a fresh
// proof for each request (method, URL, the token's hash), sends
// "Authorization: DPoP …", and answers a resource server's DPoP-Nonce
// challenge by retrying once (§9).
import * as oauth from 'openid-client';
import { qaFaultActive } from '../activation/qa-fault.ts';

export interface BoundAccessToken {
  accessToken: string;
  fetch(url: URL, method: string, headers: Headers, body: string | undefined): Promise<Response>;
}

export function boundAccessToken(
  config: oauth.Configuration,
  dpop: oauth.DPoPHandle,
  accessToken: string,
): BoundAccessToken {
  return {
    accessToken,
    async fetch(url, method, headers, body) {
      // QA (DPOP_PROOF_REFUSED's scenario): the proof is made for another URL than the one called.
      const proofUrl = qaFaultActive('dpop-proof') ? new URL(`${url.href}-elsewhere`) : url;
      if (proofUrl !== url) config[oauth.customFetch] = (_to, options) => fetch(url, options as RequestInit);
      try {
        return await oauth.fetchProtectedResource(config, accessToken, proofUrl, method, body, headers, {
          DPoP: dpop,
        });
      } catch (err) {
        // openid-client wraps what fetch threw: the network failure itself is what the caller judges.
        throw err instanceof oauth.ClientError && err.cause instanceof Error ? err.cause : err;
      }
    },
  };
}
