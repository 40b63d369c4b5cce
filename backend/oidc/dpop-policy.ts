// DPoP at the authorization server (RFC 9449), oidc-provider's own feature:
// a token request with a proof gets tokens bound to the proof's key (`cnf.jkt`;
// for our public client the refresh token too, §5), a replayed proof is
// refused through the shared table (dpop-replay.ts), and every proof must
// carry a nonce the server handed out (§8): a proof made ahead of time on a
// stolen key's holder is useless. The nonce is derived from the master key
// and the time, so every node accepts what another node issued.
import { createHmac } from 'node:crypto';

export function dpopFeature(masterKey: Buffer) {
  return {
    enabled: true,
    // 32 bytes, as oidc-provider requires; one secret for all nodes.
    nonceSecret: createHmac('sha256', masterKey).update('dpop-nonce').digest(),
    requireNonce: () => true,
    allowReplay: false,
  };
}
