// One user's timeline in the words an admin reads ("Removed from group Desktop
// Users by Okta (SCIM)", "License revoked: USER_NOT_IN_GROUP"), with the
// catalog's remedy where a code explains what happened.
import type { TimelineActor, TimelineEntry } from '../../../common/console-timeline.ts';
import { describeFailure, isFailureCode } from '../../../common/failure-codes.ts';

export interface EntryWords {
  title: string;
  detail: string | null;
  tone: 'loss' | 'gain' | 'plain';
}

export const actorText = (actor: TimelineActor): string =>
  actor.kind === 'scim' ? `${actor.label} (SCIM)` : actor.label;

// Maps: the keys come from the service's rows, never looked up on an object's prototype.
const directoryWords = new Map<string, [text: string, tone: EntryWords['tone']]>(
  Object.entries({
    'scim.user_created': ['Provisioned', 'gain'],
    'scim.user_linked': ['Linked to the directory', 'gain'],
    'scim.user_replaced': ['Profile replaced', 'plain'],
    'scim.user_patched': ['Profile updated', 'plain'],
    'scim.user_deactivated': ['Deactivated', 'loss'],
    'scim.user_reactivated': ['Reactivated', 'gain'],
    'scim.user_deleted': ['Deleted', 'loss'],
    'scim.user_unlinked': ['Removed from the directory (backup login kept)', 'loss'],
  } satisfies Record<string, [string, EntryWords['tone']]>),
);

const stageWords = new Map<string, string>(
  Object.entries({
    discovery: 'finding the sign-in',
    acs: 'single sign-on',
    entitlement: 'the access decision',
    activation: 'activation',
    'check-in': 'check-in',
    deactivation: 'deactivation',
  }),
);

/** The catalog's remedy for the admin, where the code is the catalog's. */
const remedyOf = (code: string | null): string | null =>
  code && isFailureCode(code) ? describeFailure(code).adminRemedy : null;

/** HH:MM of an ISO-8601 UTC time (the day is already said). */
const timeOf = (iso: string) => iso.slice(11, 16);

export function entryWords(e: TimelineEntry): EntryWords {
  switch (e.kind) {
    case 'directory': {
      const [text, tone] = directoryWords.get(e.action) ?? [e.action, 'plain'];
      return { title: `${text} by ${actorText(e.actor)}`, detail: null, tone };
    }
    case 'membership':
      return e.change === 'added'
        ? { title: `Added to group ${e.group} by ${actorText(e.actor)}`, detail: null, tone: 'gain' }
        : { title: `Removed from group ${e.group} by ${actorText(e.actor)}`, detail: null, tone: 'loss' };
    case 'sign-in':
      return {
        title:
          e.stage === 'acs' ? 'Signed in to the console with SSO' : 'Signed in with SSO to activate the app',
        detail: null,
        tone: 'plain',
      };
    case 'refusal':
      return {
        title: `Refused at ${stageWords.get(e.stage) ?? e.stage}: ${e.code ?? 'no code'}`,
        detail: [`Activation log reference ${e.reference}.`, remedyOf(e.code)].filter(Boolean).join(' '),
        tone: 'loss',
      };
    case 'activation':
      return {
        title: `Activated on ${e.deviceName} (${e.os})${e.via === 'key' ? ' with a license key' : ''}`,
        detail: null,
        tone: 'gain',
      };
    case 'revocation':
      return {
        title: `License revoked: ${e.code ?? 'ACTIVATION_REVOKED'}`,
        detail: [
          `${e.deviceName}${e.reason && e.reason !== e.code ? ` — ${e.reason}` : ''}.`,
          remedyOf(e.code),
        ]
          .filter(Boolean)
          .join(' '),
        tone: 'loss',
      };
    case 'check-ins':
      return {
        title: `Checked in ${e.count} ${e.count === 1 ? 'time' : 'times'} from ${e.deviceName}`,
        detail:
          e.count === 1
            ? `On ${e.day} at ${timeOf(e.at)} UTC.`
            : `On ${e.day}, first at ${timeOf(e.at)}, last at ${timeOf(e.lastAt)} UTC.`,
        tone: 'plain',
      };
  }
}
