// The licensing API's wire of a refusal (the app's /api/v1 calls): the
// catalog's HTTP status and `{error: {code, message, reference, reason?, group?}}`,
// the message being the catalog's plain words for the user; `reason` the
// catalog code that says why where the code alone does not (a revoked
// activation: USER_NOT_IN_GROUP, USER_DEACTIVATED) — the app shows its words;
// `group` the desktop-users group's name on a USER_NOT_IN_GROUP refusal (which
// only a caller holding a sign-in or a device credential can meet).
import type { FastifyReply } from 'fastify';
import { describeFailure, userMessageFor } from '../../common/failure-codes.ts';
import type { Refusal } from '../access/refuse.ts';
import type { SignInLimitRefusal } from '../http/sign-in-rate-limit.ts';

export interface RefusalBody {
  error: {
    code: string;
    message: string;
    /** Absent on a rate-limit refusal after the one that was logged (sign-in-rate-limit.ts). */
    reference?: number;
    reason?: string;
    group?: string;
    /** DEVICE_RECLAIMED: the days the device was silent (the app's message names them). */
    days?: number;
  };
}

export function sendRefusalJson(
  reply: FastifyReply,
  refusal: Refusal,
  /** Beside the error (DEVICE_APPROVAL_PENDING's poll ticket, common/my-devices.ts). */
  extra: Record<string, unknown> = {},
): FastifyReply {
  if (Object.keys(extra).length > 0) reply.header('cache-control', 'no-store');
  const body: RefusalBody & Record<string, unknown> = {
    ...extra,
    error: {
      code: refusal.code,
      message: refusal.userMessage,
      reference: refusal.reference,
      ...(refusal.reason && { reason: refusal.reason }),
      ...(refusal.group && { group: refusal.group }),
      ...(refusal.days !== null && { days: refusal.days }),
    },
  };
  return reply.status(refusal.httpStatus).send(body);
}

/** SIGN_IN_RATE_LIMITED with Retry-After (RFC 6585 §4); the user's message names the wait. */
export function sendRateLimitJson(reply: FastifyReply, refused: SignInLimitRefusal): FastifyReply {
  const code = 'SIGN_IN_RATE_LIMITED';
  const body: RefusalBody = {
    error: {
      code,
      message: userMessageFor(code, { waitMinutes: Math.ceil(refused.retryAfterSeconds / 60) }),
      ...(refused.reference !== null && { reference: refused.reference }),
    },
  };
  return reply
    .status(describeFailure(code).httpStatus)
    .header('retry-after', String(refused.retryAfterSeconds))
    .send(body);
}
