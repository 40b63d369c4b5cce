// Fixtures for the SAML benchmark: two accounts (assertion signed; Response
// and assertion signed), signed responses from the dev IdP for each, a user
// with an activation for check-ins, and a counter of XML parses per parser.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { DOMParser } from '@xmldom/xmldom';
import { XmlDocument } from 'libxml2-wasm';
import { createAccount } from '../backend/accounts/account-service.ts';
import { newUserRow } from '../backend/db/user-row.ts';
import type { Clock } from '../backend/clock.ts';
import type { Db } from '../backend/db/types.ts';
import type { DevIdpKeys } from '../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse } from '../backend/devidp/login-response.ts';
import { activateDevice, type LicensingContext } from '../backend/licensing/activations.ts';
import { addLicense } from '../backend/licensing/license-registry.ts';
import { startSamlLogin } from '../backend/saml/authn-request.ts';
import { serviceProviderFor } from '../backend/saml/entities.ts';

export const idpEntityId = 'https://dev-idp.bench/metadata';
export const benchUser = { email: 'alice@bench.example', externalId: 'oid-alice', groups: ['grp-admins'] };

export interface BenchAccount {
  id: string;
  bothSigned: boolean;
  acsUrl: string;
  audience: string;
}

export async function benchAccount(
  db: Db,
  clock: Clock,
  publicUrl: string,
  keys: DevIdpKeys,
  bothSigned: boolean,
): Promise<BenchAccount> {
  const account = await createAccount(
    db,
    clock,
    { name: 'bench', ownerEmail: `owner-${randomUUID()}@bench.example`, ownerPassword: 'benchmark password' },
    'bench',
  );
  await db
    .updateTable('idp_configs')
    .set({
      idp_entity_id: idpEntityId,
      sso_url: 'https://dev-idp.bench/sso',
      certificates: JSON.stringify([keys.certificate]),
      admins_group_id: 'grp-admins',
      admins_group_name: 'Admins',
      require_signed_response: bothSigned ? 1 : 0,
    })
    .where('account_id', '=', account.id)
    .execute();
  const base = `${publicUrl}/saml/${account.id}`;
  return { id: account.id, bothSigned, acsUrl: `${base}/acs`, audience: `${base}/metadata` };
}

/** Fresh responses, each answering its own stored request. */
export async function benchResponses(
  db: Db,
  clock: Clock,
  publicUrl: string,
  masterKey: Buffer,
  keys: DevIdpKeys,
  account: BenchAccount,
  n: number,
): Promise<string[]> {
  // samlify signs the Response too when the SP asks for signed messages.
  const sp = serviceProviderFor(publicUrl, account.id, {
    keys,
    sign: false,
    encrypt: false,
    requireSignedResponse: account.bothSigned,
  });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const { requestId } = await startSamlLogin(
      db,
      clock,
      publicUrl,
      { accountId: account.id, purpose: 'console', email: benchUser.email },
      masterKey,
    );
    out.push(await buildLoginResponse({ keys, entityId: idpEntityId, sp, requestId, user: benchUser }));
  }
  return out;
}

/** One user in the desktop group with one activation: what a check-in needs. */
export async function benchActivation(ctx: LicensingContext, db: Db, clock: Clock, accountId: string) {
  const now = clock.now().toISOString();
  const groupId = randomUUID();
  await db
    .insertInto('groups')
    .values({
      id: groupId,
      account_id: accountId,
      display_name: 'Desk',
      display_name_key: 'desk',
      external_id: 'grp-desk',
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .updateTable('idp_configs')
    .set({ desktop_group_id: 'grp-desk', desktop_group_name: 'Desk' })
    .where('account_id', '=', accountId)
    .execute();
  await addLicense(
    db,
    clock,
    { accountId, edition: 'business', seats: 10, deviceLimit: 3, expiresAt: '2099-01-01' },
    'bench',
  );
  const row = newUserRow(
    { accountId, userName: 'checkin@bench.example', source: 'scim', now },
    { scim_resource: '{}' },
  );
  await db.insertInto('account_users').values(row).execute();
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: row.id, account_id: accountId, display: null, added_at: now })
    .execute();
  const issued = await activateDevice(ctx, accountId, row.id, {
    deviceId: 'device-bench-0123456789abcdef',
    deviceName: 'Mac',
    os: 'macOS',
    appVersion: '1.0.0',
  });
  return { activationId: issued.activationId, userId: row.id };
}

/**
 * Counts parse calls on this thread, by parser copy: our xmldom, xml-crypto's
 * own xmldom, samlify's own xmldom, and libxml2 (the schema check).
 */
export function countParses(): { counts(): Record<string, number>; reset(): void } {
  const require = createRequire(import.meta.url);
  const nested = (pkg: string) =>
    (createRequire(require.resolve(pkg)) as NodeJS.Require)('@xmldom/xmldom') as {
      DOMParser: typeof DOMParser;
    };
  const counts = new Map<string, number>();
  const wrap = (name: string, proto: { parseFromString: (...a: never[]) => unknown }) => {
    const original = proto.parseFromString;
    proto.parseFromString = function (this: unknown, ...args: never[]) {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return original.apply(this, args);
    };
  };
  const seen = new Set<unknown>();
  for (const [name, parser] of [
    ['xmldom (ours)', DOMParser],
    ['xmldom (xml-crypto)', nested('xml-crypto').DOMParser],
    ['xmldom (samlify)', nested('samlify').DOMParser],
  ] as const) {
    if (seen.has(parser)) continue;
    seen.add(parser);
    wrap(name, parser.prototype as never);
  }
  const fromString = XmlDocument.fromString.bind(XmlDocument);
  XmlDocument.fromString = ((...args: Parameters<typeof XmlDocument.fromString>) => {
    counts.set('libxml2', (counts.get('libxml2') ?? 0) + 1);
    return fromString(...args);
  }) as typeof XmlDocument.fromString;
  return {
    counts: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
  };
}

const poster = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, bodies, concurrency } = workerData;
let accepted = 0;
Promise.all(Array.from({ length: concurrency }, async () => {
  while (bodies.length) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: bodies.pop() }).toString(),
      redirect: 'manual',
    });
    await res.arrayBuffer();
    if (res.status === 303) accepted += 1;
  }
})).then(() => parentPort.postMessage(accepted));
`;

/** POSTs each response to the ACS, `concurrency` at a time, from a worker thread; resolves with how many were accepted. */
export function postFromAnotherThread(url: string, bodies: string[], concurrency: number): Promise<number> {
  const worker = new Worker(poster, { eval: true, workerData: { url, bodies, concurrency } });
  return new Promise((resolve, reject) => {
    worker.once('message', (n: number) => {
      resolve(n);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
