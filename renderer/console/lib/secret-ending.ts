// How step 5 names a Bearer Token or Client Secret after its one showing: its
// prefix, an ellipsis and its last four characters ("lks_…AbCd"), as GitHub
// and Stripe list keys, so an admin with two live tokens can tell which one
// the IdP holds. The service keeps only those four beside the hash.

/** The prefixes the service gives them (backend/scim/scim-tokens.ts and scim-clients.ts). */
const prefixes = { token: 'lks_', secret: 'lkss_' } as const;

export function secretEnding(kind: keyof typeof prefixes, lastCharacters: string | null): string {
  // A token made before the service kept its last characters (migration 0018) has none to show.
  if (lastCharacters === null) return 'ending not kept (created before Latchkey kept last characters)';
  return `${prefixes[kind]}\u2026${lastCharacters}`;
}
