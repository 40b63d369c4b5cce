// QA's way to reach INTERNAL_ERROR on purpose (the catalog's scenario): with
// LATCHKEY_QA_FAULT=<point>-defect the app throws at that point the TypeError
// a defect would. Ignored in release builds (LATCHKEY_RELEASE_BUILD=1).

export type DefectPoint = 'check-in';

export function injectDefect(point: DefectPoint, env: NodeJS.ProcessEnv = process.env): void {
  if (env.LATCHKEY_RELEASE_BUILD === '1') return;
  if (env.LATCHKEY_QA_FAULT === `${point}-defect`)
    throw new TypeError(`a defect injected at ${point} (LATCHKEY_QA_FAULT)`);
}
