// Where the browser returns (issue 25 item 5): the loopback listener (RFC 8252
// §7.3) unless the organisation forbids local listeners (endpoint security that
// blocks listening sockets), or the shell was told to use the scheme; then the
// private-use scheme (RFC 8252 §7.1), which the OS hands to the app.

export interface CallbackPolicy {
  /** False where a policy forbids the app to listen on a local port (policy25's managed setting). */
  localListenersAllowed?: boolean;
  /** The shell asks for the scheme (LATCHKEY_REDIRECT=scheme, QA). */
  schemeRequested?: boolean;
}

export function callbackFor(policy: CallbackPolicy): 'loopback' | 'scheme' {
  if (policy.localListenersAllowed === false || policy.schemeRequested) return 'scheme';
  return 'loopback';
}
