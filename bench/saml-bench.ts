// SAML benchmark (npm run bench): ACS validations per second over one set of
// signed responses from the dev IdP, side by side with @node-saml/node-saml
// validating the same responses; and the latency of a plain API request
// (SCIM read; check-ins arrive with the licensing issue) while the ACS is
// under load. SQLite, service in-process, loopback HTTP.
import { SAML } from '@node-saml/node-saml';
import { startBenchService } from './bench-service.ts';
import { createAccount } from '../backend/accounts/account-service.ts';
import { createDevIdpKeys } from '../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse } from '../backend/devidp/login-response.ts';
import { validateAcsResponse } from '../backend/saml/acs-flow.ts';
import { verifyResponse } from '../backend/saml/acs-verify.ts';
import { startSamlLogin } from '../backend/saml/authn-request.ts';
import { serviceProviderFor } from '../backend/saml/entities.ts';
import { createScimToken } from '../backend/scim/scim-tokens.ts';

const count = Number(process.env.BENCH_SAML_RESPONSES ?? 300);
const bench = await startBenchService('saml-bench');
const { service, db, clock } = bench;
const publicUrl = service.deps.config.publicUrl;
const keys = await createDevIdpKeys();
const idpEntityId = 'https://dev-idp.bench/metadata';
const account = await createAccount(
  db,
  clock,
  { name: 'bench', ownerEmail: 'owner@bench.example', ownerPassword: 'benchmark password' },
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
  })
  .where('account_id', '=', account.id)
  .execute();
const sp = serviceProviderFor(publicUrl, account.id);
const acsUrl = `${publicUrl}/saml/${account.id}/acs`;
const user = { email: 'alice@bench.example', externalId: 'oid-alice', groups: ['grp-admins'] };

async function responses(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const { requestId } = await startSamlLogin(
      db,
      clock,
      publicUrl,
      {
        accountId: account.id,
        purpose: 'console',
        email: user.email,
        returnTo: null,
      },
      service.deps.masterKey,
    );
    out.push(await buildLoginResponse({ keys, entityId: idpEntityId, sp, requestId, user }));
  }
  return out;
}

const set = await responses(count);
const perMs = (total: number) => +(total / count).toFixed(3);

// node-saml: its own full validation (signature, audience, recipient, time; InResponseTo off, it keeps requests in memory).
const nodeSaml = new SAML({
  callbackUrl: acsUrl,
  entryPoint: 'https://dev-idp.bench/sso',
  issuer: `${publicUrl}/saml/${account.id}/metadata`,
  audience: `${publicUrl}/saml/${account.id}/metadata`,
  idpCert: keys.certificate,
  idpIssuer: idpEntityId,
  wantAssertionsSigned: true,
  wantAuthnResponseSigned: false,
  validateInResponseTo: 'never' as never,
});
for (const r of set.slice(0, 20)) await nodeSaml.validatePostResponseAsync({ SAMLResponse: r }); // warm up
let t = performance.now();
for (const r of set) await nodeSaml.validatePostResponseAsync({ SAMLResponse: r });
const nodeSamlMs = perMs(performance.now() - t);

// Our CPU-bound half, in this thread (what a worker spends per response).
const verifyConfig = {
  certificates: JSON.stringify([keys.certificate]),
  idp_entity_id: idpEntityId,
  sso_url: '',
  sso_binding: 'redirect' as const,
  require_signed_response: 0 as const,
};
for (const r of set.slice(0, 20))
  await verifyResponse({ samlResponse: r, config: verifyConfig, nowMs: Date.now() });
t = performance.now();
for (const r of set) await verifyResponse({ samlResponse: r, config: verifyConfig, nowMs: Date.now() });
const verifyMs = perMs(performance.now() - t);

// Our full path: worker pool + InResponseTo + replay cache in the database, one response at a time.
// Warmed up like the others (each worker loads samlify and compiles the schemas once); a
// response validates only once, so the warm-up has its own.
for (const r of await responses(20))
  await validateAcsResponse(db, clock, publicUrl, account.id, r, service.deps.masterKey);
t = performance.now();
for (const r of set) await validateAcsResponse(db, clock, publicUrl, account.id, r, service.deps.masterKey);
const fullMs = perMs(performance.now() - t);

// Latency of a SCIM read, idle and while ACS POSTs run 8 at a time over HTTP.
const { token } = await createScimToken(db, clock, account.id, 'bench', 'bench');
async function scimLatencies(ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const s = performance.now();
    const res = await fetch(`${publicUrl}/scim/v2/Users?count=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    times.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 5));
  }
  return times.sort((a, b) => a - b);
}
const pct = (xs: number[], p: number) => +(xs[Math.floor(xs.length * p)] ?? 0).toFixed(2);
const idle = await scimLatencies(1500);
const load = await responses(400);
let posted = 0;
const loadStart = performance.now();
const acsLoad = Promise.all(
  Array.from({ length: 8 }, async () => {
    while (load.length) {
      const r = load.pop() as string;
      const res = await fetch(acsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ SAMLResponse: r }).toString(),
        redirect: 'manual',
      });
      await res.arrayBuffer();
      if (res.status === 303) posted += 1;
    }
  }),
);
const underLoad = await scimLatencies(1500);
await acsLoad;
const acsPerSecond = Math.round(posted / ((performance.now() - loadStart) / 1000));

await bench.stop();
console.log(
  JSON.stringify(
    {
      samlResponses: count,
      nodeSamlMsPerResponse: nodeSamlMs,
      ourVerifyMsPerResponse: verifyMs,
      ourFullPathMsPerResponse: fullMs,
      fullPathToNodeSaml: +(fullMs / nodeSamlMs).toFixed(2),
      acsOverHttp: { concurrency: 8, accepted: posted, perSecond: acsPerSecond },
      scimReadLatencyMs: {
        idle: { p50: pct(idle, 0.5), p95: pct(idle, 0.95) },
        underAcsLoad: { p50: pct(underLoad, 0.5), p95: pct(underLoad, 0.95) },
      },
    },
    null,
    2,
  ),
);
