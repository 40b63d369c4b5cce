// How oidc_models rows are keyed at rest. The ids oidc-provider hands the
// adapter are the bearer values themselves (access and refresh tokens,
// authorization codes, the session cookie): a copy of the database must not
// yield them, so rows are found by a SHA-256 of the model and the value, like
// every other secret here (SCIM tokens, activation secrets, console sessions).
// The values are 128+ bits of randomness, so an unsalted hash is enough; the
// model name keeps one value from matching another model's row.
// Fixed by migration 0009: changing it needs a migration of the rows.
import { createHash } from 'node:crypto';

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url');

/** The `id` column of a model's row. */
export const oidcRowKey = (model: string, id: string): string => digest(model, id);

/** The `uid` / `user_code` columns (findByUid, findByUserCode). */
export const oidcLookupKey = (model: string, column: 'uid' | 'user_code', value: string): string =>
  digest(model, column, value);

/** The `grant_id` column: the Grant row's own key, so a grant and its tokens go in one delete. */
export const oidcGrantKey = (grantId: string): string => oidcRowKey('Grant', grantId);
