// What scim/ offers its sibling protocol folders: the only scim/ file they may import
// (.dependency-cruiser.cjs, `ports`). The configurator's step 5 asks whether a SCIM
// token is active.
export { countActiveScimTokens } from './scim-tokens.ts';
