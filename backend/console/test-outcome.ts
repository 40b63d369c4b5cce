// Pieces of a Test connection outcome (test-connection.ts): whether the
// groups the IdP sent match step 3's mapping, and the redaction applied
// before anything is stored. The stored outcome holds decoded facts only —
// never the SAMLResponse or assertion XML, a signature value or a key.
import type { GroupMatch } from '../../common/connection-test.ts';
import { claimMatches } from '../access/group-rule.ts';
import { redactEvidence } from '../access/redact-evidence.ts';

export interface MappedGroup {
  id: string | null;
  name: string | null;
}

// The one group rule (access/group-rule.ts), as the SSO sign-in reads the claim.
const matchOf = (groups: string[], group: MappedGroup): GroupMatch => ({
  id: group.id,
  name: group.name,
  matched: claimMatches(groups, group),
});

export function groupMatchesOf(
  groups: string[],
  mapping: { admins: MappedGroup; desktopUsers: MappedGroup },
): { admins: GroupMatch; desktopUsers: GroupMatch } {
  return { admins: matchOf(groups, mapping.admins), desktopUsers: matchOf(groups, mapping.desktopUsers) };
}

/** The outcome as stored: the activation log's one redaction (access/redact-evidence.ts). */
export const redactOutcome = redactEvidence;
