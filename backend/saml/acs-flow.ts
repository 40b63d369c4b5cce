// The ACS validation flow, read top to bottom:
//   [worker] decodeResponse → checkSchema → checkShape (one assertion) → checkSignature
//   checkIssuer → checkAudience → checkDestination → checkTimeWindow → checkReplay
//   → checkInResponseTo → commit → mapProfile
// The signature is ours to check, not samlify's: xml-crypto verifies it on the
// one parsed document against the configured certificates (xml-signature.ts, in
// the worker); samlify's flow leaves InResponseTo, Destination, Audience and
// replay to the application, so each is a step here, each one catalog code.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Selectable } from 'kysely';
import type { IdpConfigsTable, SamlRequestsTable } from '../db/schema.ts';

type SamlRequestRow = Selectable<SamlRequestsTable>;
import { inTransaction, type Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { spEndpointsFor } from './sp-endpoints.ts';
import type { AssertionFacts } from './assertion-facts.ts';
import { mapProfile, type SamlProfile } from './attribute-presets.ts';
import { getSpKeys } from './sp-keys.ts';
import { verifyInPool } from './verify-pool.ts';

export interface AcsResult {
  accountId: string;
  request: SamlRequestRow | null;
  profile: SamlProfile;
  evidence: Record<string, unknown>;
}

function checkIssuer(
  facts: AssertionFacts,
  responseIssuer: string | null,
  config: IdpConfigsTable,
  evidence: Record<string, unknown>,
) {
  evidence.issuer = facts.issuer;
  if (
    facts.issuer !== config.idp_entity_id ||
    (responseIssuer !== null && responseIssuer !== config.idp_entity_id)
  ) {
    throw new LatchkeyError(
      'SAML_ISSUER_MISMATCH',
      `issuer ${facts.issuer ?? '(none)'} is not ${config.idp_entity_id}`,
      evidence,
    );
  }
}

function checkAudience(facts: AssertionFacts, spEntityId: string, evidence: Record<string, unknown>) {
  evidence.audiences = facts.audiences;
  if (!facts.audiences.includes(spEntityId)) {
    throw new LatchkeyError(
      'SAML_AUDIENCE_MISMATCH',
      `audience ${facts.audiences.join(', ') || '(none)'} is not ${spEntityId}`,
      evidence,
    );
  }
}

function checkDestination(
  facts: AssertionFacts,
  destination: string | null,
  acsUrl: string,
  evidence: Record<string, unknown>,
) {
  evidence.recipient = facts.recipient;
  if (facts.recipient !== acsUrl || (destination !== null && destination !== acsUrl)) {
    throw new LatchkeyError(
      'SAML_DESTINATION_MISMATCH',
      `recipient ${facts.recipient ?? '(none)'} / destination ${destination ?? '(none)'} is not ${acsUrl}`,
      evidence,
    );
  }
}

function checkTimeWindow(
  facts: AssertionFacts,
  config: IdpConfigsTable,
  now: Date,
  evidence: Record<string, unknown>,
) {
  const skew = Number(config.clock_skew_seconds) * 1000;
  Object.assign(evidence, {
    notBefore: facts.notBefore,
    notOnOrAfter: facts.notOnOrAfter,
    clockSkewSeconds: config.clock_skew_seconds,
  });
  const t = now.getTime();
  if (facts.notBefore && t + skew < Date.parse(facts.notBefore)) {
    throw new LatchkeyError('SAML_NOT_YET_VALID', `not valid before ${facts.notBefore}`, evidence);
  }
  for (const end of [facts.notOnOrAfter, facts.confirmationNotOnOrAfter]) {
    if (end && t - skew >= Date.parse(end))
      throw new LatchkeyError('SAML_EXPIRED', `expired at ${end}`, evidence);
  }
  if (!facts.confirmationNotOnOrAfter) {
    throw new LatchkeyError(
      'SAML_MALFORMED',
      'the bearer SubjectConfirmationData has no NotOnOrAfter',
      evidence,
    );
  }
}

async function checkReplay(
  db: Db,
  accountId: string,
  facts: AssertionFacts,
  evidence: Record<string, unknown>,
) {
  evidence.assertionId = facts.assertionId;
  const seen = await db
    .selectFrom('saml_replay')
    .select('assertion_id')
    .where('account_id', '=', accountId)
    .where('assertion_id', '=', facts.assertionId)
    .executeTakeFirst();
  if (seen)
    throw new LatchkeyError('SAML_REPLAYED', `assertion ${facts.assertionId} was already used`, evidence);
}

async function checkInResponseTo(
  db: Db,
  accountId: string,
  facts: AssertionFacts,
  outerInResponseTo: string | null,
  config: IdpConfigsTable,
  now: Date,
  evidence: Record<string, unknown>,
): Promise<SamlRequestRow | null> {
  const id = facts.inResponseTo;
  evidence.inResponseTo = id;
  if (!id) {
    if (config.allow_idp_initiated === 1 && !outerInResponseTo) return null;
    throw new LatchkeyError(
      'SAML_UNSOLICITED',
      'the response answers no request (IdP-initiated sign-in is off)',
      evidence,
    );
  }
  if (outerInResponseTo !== null && outerInResponseTo !== id) {
    throw new LatchkeyError(
      'SAML_UNSOLICITED',
      'the Response and its assertion answer different requests',
      evidence,
    );
  }
  const request = await db.selectFrom('saml_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!request || request.account_id !== accountId)
    throw new LatchkeyError('SAML_UNSOLICITED', `no request ${id} was sent for this account`, evidence);
  if (request.used_at)
    throw new LatchkeyError('SAML_UNSOLICITED', `request ${id} was already answered`, evidence);
  if (request.expires_at <= now.toISOString())
    throw new LatchkeyError('SAML_UNSOLICITED', `request ${id} expired at ${request.expires_at}`, evidence);
  return request;
}

/** Marks the request answered and the assertion seen, atomically: a concurrent duplicate loses. */
async function commit(
  db: Db,
  accountId: string,
  facts: AssertionFacts,
  request: SamlRequestRow | null,
  now: Date,
  evidence: Record<string, unknown>,
) {
  const keepUntil =
    facts.confirmationNotOnOrAfter ?? facts.notOnOrAfter ?? new Date(now.getTime() + 3600_000).toISOString();
  try {
    await inTransaction(db, async (tx) => {
      await tx
        .insertInto('saml_replay')
        .values({ account_id: accountId, assertion_id: facts.assertionId, expires_at: keepUntil })
        .execute();
      if (request) {
        const used = await tx
          .updateTable('saml_requests')
          .set({ used_at: now.toISOString() })
          .where('id', '=', request.id)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(used.numUpdatedRows) === 0)
          throw new LatchkeyError('SAML_UNSOLICITED', `request ${request.id} was already answered`, evidence);
      }
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new LatchkeyError('SAML_REPLAYED', `assertion ${facts.assertionId} was already used`, evidence);
    throw err;
  }
}

export async function validateAcsResponse(
  db: Db,
  clock: Clock,
  publicUrl: string,
  accountId: string,
  samlResponse: string,
  masterKey: Buffer,
  evidence: Record<string, unknown> = {},
): Promise<AcsResult> {
  const config = await db
    .selectFrom('idp_configs')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!config?.idp_entity_id)
    throw new LatchkeyError('INTEGRATION_NOT_ACTIVE', 'no IdP is configured for this account', evidence);
  const now = clock.now();
  const sp = spEndpointsFor(publicUrl, accountId);

  // CPU-bound checks in the worker pool; database checks here.
  const decryption =
    config.encrypt_assertions === 1 ? await getSpKeys(db, clock, masterKey, accountId) : undefined;
  const verified = await verifyInPool({
    samlResponse,
    config,
    nowMs: now.getTime(),
    ...(decryption && { decryption }),
  });
  Object.assign(evidence, verified.evidence);
  if (!verified.ok) throw new LatchkeyError(verified.code, verified.detail, evidence);
  const { response, assertion: facts } = verified;
  checkIssuer(facts, response.issuer, config, evidence);
  checkAudience(facts, sp.entityId, evidence);
  checkDestination(facts, response.destination, sp.acsUrl, evidence);
  checkTimeWindow(facts, config, now, evidence);
  await checkReplay(db, accountId, facts, evidence);
  const request = await checkInResponseTo(db, accountId, facts, response.inResponseTo, config, now, evidence);
  await commit(db, accountId, facts, request, now, evidence);

  const profile = mapProfile(facts.nameId, facts.attributes, config.attribute_preset);
  Object.assign(evidence, { nameId: facts.nameId, attributes: facts.attributes });
  return { accountId, request, profile, evidence };
}
