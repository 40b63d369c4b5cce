// QA's way to reach INTERNAL_ERROR on purpose (the catalog's scenario): with
// LATCHKEY_QA_FAULT=<point>-defect the app throws at that point the TypeError
// a defect would. Ignored in release builds (LATCHKEY_RELEASE_BUILD=1).
// `dpop-proof-defect` makes the app's DPoP proofs for another URL
// (DPOP_PROOF_REFUSED's scenario, oauth/bound-token.ts).

export type DefectPoint = 'check-in' | 'dpop-proof';

export function qaFaultActive(point: DefectPoint, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LATCHKEY_RELEASE_BUILD !== '1' && env.LATCHKEY_QA_FAULT === `${point}-defect`;
}

export function injectDefect(point: DefectPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (qaFaultActive(point, env)) throw new TypeError(`a defect injected at ${point} (LATCHKEY_QA_FAULT)`);
}
