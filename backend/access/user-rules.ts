// Rules 3 and 4: the user is provisioned in the account (SCIM, JIT or local;
// not deleted) and active. Found by id when a token or activation names
// them, else by the names a SAML profile or a question gives (find-user.ts).
// Without SCIM the sign-in creates the user it names before the decision
// (jit-user.ts), so only a question meets a user not yet created.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { compileOnce } from '../db/compiled-query.ts';
import type { AccountUsersTable } from '../db/schema.ts';
import { findUserBy } from './find-user.ts';
import { provisioningOf } from './provisioning.ts';
import type { AccessRule } from './rule-types.ts';

// Under the account's lock on every activation: compiled once, prepared once per connection.
const readUserById = compileOnce<{ id: string; accountId: string }, AccountUsersTable>(
  ['id', 'accountId'],
  (db, p) =>
    db.selectFrom('account_users').selectAll().where('id', '=', p.id).where('account_id', '=', p.accountId),
);

export const userRule: AccessRule = {
  id: 'user',
  title: 'The user is provisioned in the account',
  codes: ['USER_NOT_PROVISIONED'],
  async check(db, _now, request, state) {
    const accountId = state.accountId ?? '';
    if ('id' in request.user) {
      const user = (await readUserById(db, { id: request.user.id, accountId })).rows[0];
      if (!user || user.deleted_at)
        throw new LatchkeyError('USER_NOT_PROVISIONED', 'the user is not provisioned in this account', {
          userId: request.user.id,
        });
      state.user = user;
      return { userId: user.id, userName: user.user_name, source: user.source, foundBy: 'id' };
    }
    const names = request.user;
    const found = await findUserBy(db, accountId, names);
    if (!found) {
      const evidence = { externalId: names.externalId ?? null, userName: names.userName ?? null };
      // A key activation creates the local user it names (key-activation.ts, insert-or-get).
      if (request.createsUser) return { ...evidence, created: 'as a local user by the key activation' };
      // Without SCIM the first SSO sign-in creates the user (jit-user.ts): only a question gets here.
      if (request.via === 'sso' && (await provisioningOf(db, accountId)).mode === 'jit')
        return { ...evidence, created: 'just in time at the first SSO sign-in (no SCIM)' };
      throw new LatchkeyError('USER_NOT_PROVISIONED', 'no provisioned user matches', evidence);
    }
    state.user = found.user;
    return {
      userId: found.user.id,
      userName: found.user.user_name,
      source: found.user.source,
      foundBy: found.by,
    };
  },
};

export const activeRule: AccessRule = {
  id: 'active',
  title: 'The user is active',
  codes: ['USER_DEACTIVATED'],
  async check(_db, _now, _request, state) {
    const user = state.user;
    if (user && user.active !== 1)
      throw new LatchkeyError('USER_DEACTIVATED', 'the user is deactivated', {
        userId: user.id,
        active: false,
      });
    return { userId: user?.id ?? null, active: true };
  },
};
