// Step 5's Bearer Token rotation as a guided two-step (issue 22 item 9): a
// second token does not replace the first — both are live, and the IdP keeps
// using the one it holds. (1) Create a new token and paste it into the IdP;
// (2) once the IdP has used the new one (its last use, recorded per token by
// the service), revoke the old one(s). Before that, revoking would cut the
// IdP off, so the console waits for the first use.
import type { ScimToken } from '../api/types.ts';

export type Rotation =
  | { stage: 'none' }
  | { stage: 'single'; token: ScimToken }
  | { stage: 'waiting'; newest: ScimToken; old: ScimToken[] }
  | { stage: 'revoke-old'; newest: ScimToken; old: ScimToken[] };

export function rotationOf(tokens: readonly ScimToken[]): Rotation {
  const live = tokens
    .filter((t) => t.revokedAt === null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const newest = live.at(-1);
  if (!newest) return { stage: 'none' };
  const old = live.slice(0, -1);
  if (old.length === 0) return { stage: 'single', token: newest };
  return { stage: newest.lastUsedAt === null ? 'waiting' : 'revoke-old', newest, old };
}
