// Where each filterable SCIM attribute lives in SQL (RFC 7644 §3.4.2.2), for
// Users and Groups: what filter.ts compiles a filter against. Maps, as the
// attribute names come from requests (item 1 of issue 11).
import type { FilterTargets, Target } from './filter.ts';
import { urn } from './scim-urns.ts';

const userTargets = new Map<string, Target>(
  Object.entries({
    id: { kind: 'column', column: 'id', type: 'text' },
    username: { kind: 'column', column: 'user_name_key', type: 'text-key' },
    externalid: { kind: 'column', column: 'external_id', type: 'text' },
    displayname: { kind: 'column', column: 'display_name', type: 'text-ci' },
    'name.familyname': { kind: 'column', column: 'family_name', type: 'text-ci' },
    'name.givenname': { kind: 'column', column: 'given_name', type: 'text-ci' },
    active: { kind: 'column', column: 'active', type: 'boolean' },
    'meta.created': { kind: 'column', column: 'created_at', type: 'datetime' },
    'meta.lastmodified': { kind: 'column', column: 'updated_at', type: 'datetime' },
    ...Object.fromEntries(
      ['emails', 'emails.value', 'emails.type'].map((p) => [
        p,
        {
          kind: 'related',
          table: 'user_emails',
          key: 'user_id',
          parentKey: 'id',
          columns: { emails: 'value', 'emails.value': 'value', 'emails.type': 'type' },
        } satisfies Target,
      ]),
    ),
  } satisfies Record<string, Target>),
);
export const userFilterTargets: FilterTargets = {
  table: 'account_users',
  targets: userTargets,
  uris: [urn.user],
};

const groupTargets = new Map<string, Target>(
  Object.entries({
    id: { kind: 'column', column: 'id', type: 'text' },
    displayname: { kind: 'column', column: 'display_name_key', type: 'text-key' },
    externalid: { kind: 'column', column: 'external_id', type: 'text' },
    'meta.created': { kind: 'column', column: 'created_at', type: 'datetime' },
    'meta.lastmodified': { kind: 'column', column: 'updated_at', type: 'datetime' },
    ...Object.fromEntries(
      ['members', 'members.value'].map((p) => [
        p,
        {
          kind: 'related',
          table: 'group_members',
          key: 'group_id',
          parentKey: 'id',
          columns: { members: 'user_id', 'members.value': 'user_id' },
        } satisfies Target,
      ]),
    ),
  } satisfies Record<string, Target>),
);
export const groupFilterTargets: FilterTargets = {
  table: 'groups',
  targets: groupTargets,
  uris: [urn.group],
};
