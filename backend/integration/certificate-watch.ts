// certificate.expiring (30, 7, 1 days) and certificate.expired (issue 24 item
// 1): each IdP signing certificate of an account's integration (parsed with
// node:crypto's X509Certificate, saml/idp-certificates.ts) is in one stage by
// its days left; a stage is told once, when the certificate enters it
// (events/detector-state.ts keeps the stage per fingerprint). A certificate
// first seen at 5 days left is told "7" only, never "30" after the fact. A
// renewed certificate has another fingerprint, so it starts over; the stages of
// certificates no longer configured are forgotten.
import type { NewEvent } from '../../common/event-types.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { forgetStates, moveState, statesOf } from '../events/detector-state.ts';
import { writeEvent } from '../events/write-events.ts';
import { idpCertificatesOf } from '../saml/port.ts';

const day = 86_400_000;
const prefix = 'certificate:';

export type CertificateStage = 'valid' | '30' | '7' | '1' | 'expired';

/** The stage a certificate is in at `now`: at most 30, 7 or 1 days left, or past its notAfter. */
export function stageOf(notAfter: Date, now: Date): CertificateStage {
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  if (left <= day) return '1';
  if (left <= 7 * day) return '7';
  if (left <= 30 * day) return '30';
  return 'valid';
}

/** Checks every account's integration certificates; returns how many events were written. */
export async function watchCertificates(db: Db, clock: Clock): Promise<number> {
  const configs = await db
    .selectFrom('idp_configs')
    .select(['account_id', 'certificates'])
    .orderBy('account_id')
    .execute();
  // One read of every stage told, so a run that finds nothing new writes nothing (the upsert decides).
  const known = await statesOf(db, prefix);
  let told = 0;
  for (const config of configs)
    told += await watchAccount(db, clock, config.account_id, config.certificates, known);
  return told;
}

async function watchAccount(
  db: Db,
  clock: Clock,
  accountId: string,
  certificatesJson: string,
  allKnown: Map<string, Map<string, string>>,
) {
  const now = clock.now();
  const certificates = idpCertificatesOf(certificatesJson);
  const known = allKnown.get(accountId) ?? new Map<string, string>();
  let told = 0;
  for (const cert of certificates) {
    const stage = stageOf(cert.notAfter, now);
    if (known.get(`${prefix}${cert.fingerprintSha256}`) === stage) continue;
    const notAfter = cert.notAfter.toISOString();
    const base = { fingerprint: cert.fingerprintSha256, subject: cert.subject, notAfter };
    const event: NewEvent | null =
      stage === 'valid'
        ? null
        : stage === 'expired'
          ? { type: 'certificate.expired', data: base }
          : { type: 'certificate.expiring', data: { ...base, daysLeft: Number(stage) as 30 | 7 | 1 } };
    const moved = await inTransaction(db, async (tx) => {
      const changed = await moveState(tx, {
        accountId,
        subject: `${prefix}${cert.fingerprintSha256}`,
        state: stage,
        since: now.toISOString(),
      });
      if (changed && event) await writeEvent(tx, clock, accountId, event);
      return changed && event !== null;
    });
    if (moved) told++;
  }
  const kept = certificates.map((c) => `${prefix}${c.fingerprintSha256}`);
  if ([...known.keys()].some((subject) => !kept.includes(subject)))
    await forgetStates(db, accountId, prefix, kept);
  return told;
}
