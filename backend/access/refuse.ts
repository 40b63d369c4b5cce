// The one way a refusal leaves the service (DESIGN.md "Who decides access"):
// refuse(error) writes the attempt to the activation log — stage, code and
// redacted evidence — and returns what every wire needs, all of it from the
// catalog (common/failure-codes.ts). One adapter per wire turns it into that
// wire's answer: the browser page (saml/refusal-page.ts), the OAuth interaction
// result to the app (oidc/refusal-result.ts), the licensing API's JSON
// (licensing/refusal-json.ts), SCIM's error (scim/refusal-error.ts).
import {
  describeFailure,
  isFailureCode,
  type FailureCode,
  type OAuthErrorCode,
  userMessageFor,
} from '../../common/failure-codes.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { logAttempt, type AttemptStage } from './activation-log.ts';
import { refusedGroup } from './refused-group.ts';

export interface Refusal {
  code: FailureCode;
  /** The activation log id: the user is shown it, IT finds the attempt by it. */
  reference: number;
  httpStatus: number;
  oauthError: OAuthErrorCode;
  userMessage: string;
  /**
   * USER_NOT_IN_GROUP: the desktop-users group's name (step 3), so the user can tell IT which group.
   * Only refusals decided after the IdP vouched for the user (or for a device's credential) carry it:
   * discovery, which anyone can ask, never reaches the group rule.
   */
  group: string | null;
  /** Why, as its own catalog code, where the code alone does not say (ACTIVATION_REVOKED: removed from the group…). */
  reason: FailureCode | null;
  /** DEVICE_RECLAIMED: the days the device had been silent when released (the user's message names them). */
  days: number | null;
}

export interface RefusalScene {
  stage: AttemptStage;
  /** Defaults to the account the error names in its evidence (a discovery refusal knows one at most). */
  accountId?: string | null;
  /** null: the email the error names in its evidence, if any (a caller known only once refused). */
  email: string | null;
  /** Facts of the attempt beyond the error's own (decoded SAML, the device, the way in). */
  evidence?: Record<string, unknown>;
}

/** A refusal already written (its reference known), as a wire answers it. */
export function refusalOf(
  code: FailureCode,
  reference: number,
  extras: { group?: string | null; reason?: FailureCode | null; days?: number | null } = {},
): Refusal {
  const { httpStatus, oauthError } = describeFailure(code);
  const userMessage = userMessageFor(code, { days: extras.days ?? null });
  return {
    code,
    reference,
    httpStatus,
    oauthError,
    userMessage,
    group: extras.group ?? null,
    reason: extras.reason ?? null,
    days: extras.days ?? null,
  };
}

export async function refuse(
  db: Db,
  clock: Clock,
  err: LatchkeyError,
  scene: RefusalScene,
): Promise<Refusal> {
  const named = err.evidence.accountId;
  const namedEmail = err.evidence.email;
  const reference = await logAttempt(db, clock, {
    accountId: scene.accountId ?? (typeof named === 'string' ? named : null),
    email: scene.email ?? (typeof namedEmail === 'string' ? namedEmail : null),
    stage: scene.stage,
    outcome: 'failure',
    code: err.code,
    evidence: { detail: err.message, ...scene.evidence, ...err.evidence },
  });
  const reason = err.evidence.reason;
  return refusalOf(err.code, reference, {
    group: refusedGroup(err.code, err.evidence),
    reason: isFailureCode(reason) && reason !== err.code ? reason : null,
    days: typeof err.evidence.days === 'number' ? err.evidence.days : null,
  });
}

export type Attempted<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/**
 * Runs `work`; a coded refusal (LatchkeyError) from it is refused — logged, and
 * handed back for the wire's adapter — while any other error stays an error.
 * `success`, when given, writes the good attempt to the log too.
 */
export async function attempt<T>(
  db: Db,
  clock: Clock,
  scene: RefusalScene,
  work: () => Promise<T>,
  success?: (value: T) => Record<string, unknown>,
): Promise<Attempted<T>> {
  let value: T;
  try {
    value = await work();
  } catch (err) {
    if (!(err instanceof LatchkeyError)) throw err;
    return { ok: false, refusal: await refuse(db, clock, err, scene) };
  }
  if (success) {
    const evidence = { ...scene.evidence, ...success(value) };
    // As for a refusal: the account the evidence names when the scene knew none (a key activation).
    const named = evidence.accountId;
    await logAttempt(db, clock, {
      accountId: scene.accountId ?? (typeof named === 'string' ? named : null),
      email: scene.email,
      stage: scene.stage,
      outcome: 'success',
      code: null,
      evidence,
    });
  }
  return { ok: true, value };
}
