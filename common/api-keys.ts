// Account API keys as the console API and the CLI show them (issue 24 item 3):
// the key itself only in the answer that created it.
export const apiKeyScopes = ['events:read'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKey {
  id: string;
  label: string;
  scopes: ApiKeyScope[];
  /** The last 4 characters, the only part shown after creation. */
  lastCharacters: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** POST /api/console/api-keys answers the new key once, beside its listing. */
export type CreatedApiKey = ApiKey & { key: string };
