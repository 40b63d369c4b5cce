// One user's story (GET /api/console/users/:id/timeline, issue 23 item 6): what
// happened to them, newest first — directory changes, group membership,
// sign-ins, activations, check-ins summarised per day, refusals and
// revocations. Written by backend/console/user-timeline.ts, worded by the
// console; free of runtime imports.
import type { AccountUserView } from './console-directory.ts';

/** Who made a change, as the admin reads it. */
export interface TimelineActor {
  kind: 'scim' | 'admin' | 'system';
  /** The SCIM token's or client's label, the admin's email, or what the system did. */
  label: string;
}

interface At {
  /** ISO-8601 UTC: the order of the timeline. */
  at: string;
}

export type TimelineEntry = At &
  (
    | {
        /** An audit entry about this user (SCIM created, deactivated, deleted, …). */
        kind: 'directory';
        action: string;
        actor: TimelineActor;
      }
    | { kind: 'membership'; change: 'added' | 'removed'; group: string; actor: TimelineActor }
    | {
        /** An accepted SSO sign-in: to the console (`acs`) or to activate the app (`entitlement`). */
        kind: 'sign-in';
        stage: string;
      }
    | {
        /** A refused attempt from the activation log, with its catalog code and reference. */
        kind: 'refusal';
        stage: string;
        code: string | null;
        reference: number;
      }
    | { kind: 'activation'; activationId: string; deviceName: string; os: string; via: 'sso' | 'key' }
    | {
        kind: 'revocation';
        activationId: string;
        deviceName: string;
        /** The catalog code the app is told (USER_NOT_IN_GROUP, USER_DEACTIVATED, …). */
        code: string | null;
        reason: string | null;
      }
    | {
        /** A device's check-ins on one UTC day; `at` is the day's first. */
        kind: 'check-ins';
        activationId: string;
        deviceName: string;
        day: string;
        count: number;
        lastAt: string;
      }
  );

/** The timeline's first page carries the user it is about. */
export interface UserTimelinePage {
  user: AccountUserView;
  items: TimelineEntry[];
  nextCursor: string | null;
}
