// samlify's IdentityProvider() prints "Construct identity provider - missing
// endpoint of SingleLogoutService" (node_modules/samlify metadata-idp.js) for
// every IdP entity built without one. Latchkey does no Single Logout (an
// optional profile, saml-profiles §4.4), so the line is never news: building
// an entity drops exactly that line. Entity construction is synchronous, so no
// other code runs while console.warn is swapped.
const sloWarning = /^Construct identity\s+provider - missing endpoint of SingleLogoutService$/;

export function withoutSloWarning<T>(build: () => T): T {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === 'string' && sloWarning.test(args[0])) return;
    original.apply(console, args);
  };
  try {
    return build();
  } finally {
    console.warn = original;
  }
}
