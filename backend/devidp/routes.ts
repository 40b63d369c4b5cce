// The dev IdP over HTTP (QA and demo): metadata, the SSO endpoint (Redirect
// and POST bindings), a login page that picks a user from the directory and a
// fault switch, and the auto-POST of the signed response to the SP's ACS.
import { inflateRawSync } from 'node:zlib';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../http/api-error.ts';
import { autoPostPage } from '../http/pages.ts';
import { parseInput } from '../http/validate.ts';
import { accountServiceProvider } from '../saml/sp-for-account.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { demoDirectory } from './demo-directory.ts';
import { readDirectory } from './directory.ts';
import { createDevIdpKeys, expiredDevIdpKeys, type DevIdpKeys } from './dev-idp-keys.ts';
import { loginPage } from './login-page.ts';
import { buildLoginResponse, devIdentityProvider, faults } from './login-response.ts';

async function loadKeys(dataDir: string): Promise<DevIdpKeys> {
  const dir = join(dataDir, 'dev-idp');
  try {
    return {
      privateKey: await readFile(join(dir, 'key.pem'), 'utf8'),
      certificate: await readFile(join(dir, 'cert.pem'), 'utf8'),
    };
  } catch {
    const keys = await createDevIdpKeys();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'key.pem'), keys.privateKey, { mode: 0o600 });
    await writeFile(join(dir, 'cert.pem'), keys.certificate);
    return keys;
  }
}

/** The request's XML: DEFLATE then base64 on the Redirect binding (saml-bindings §3.4.4.1), base64 on POST. */
function authnRequestXml(encoded: string, deflated: boolean): string {
  const raw = Buffer.from(encoded, 'base64');
  try {
    return (deflated ? inflateRawSync(raw) : raw).toString('utf8');
  } catch {
    throw new ApiError(
      400,
      'invalid_input',
      'SAMLRequest: not a DEFLATE-compressed, base64-encoded AuthnRequest (the HTTP-Redirect binding, saml-bindings §3.4.4.1)',
      { field: 'SAMLRequest' },
    );
  }
}

/** Reads an AuthnRequest: its ID, the issuing SP (whose entity ID names our account), and ForceAuthn. */
function readAuthnRequest(encoded: string, deflated: boolean, publicUrl: string) {
  const xml = authnRequestXml(encoded, deflated);
  let root: XmlElement | null;
  try {
    root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as XmlElement | null;
  } catch {
    root = null;
  }
  const issuer =
    root?.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent?.trim() ??
    '';
  const accountId = new RegExp(
    `^${publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/saml/([0-9a-f-]{36})/metadata$`,
  ).exec(issuer)?.[1];
  if (!root || root.localName !== 'AuthnRequest' || !accountId)
    throw new ApiError(400, 'invalid_input', 'SAMLRequest: not an AuthnRequest from this service', {
      field: 'SAMLRequest',
    });
  return {
    requestId: root.getAttribute('ID') ?? '',
    accountId,
    forceAuthn: ['true', '1'].includes(root.getAttribute('ForceAuthn') ?? ''),
  };
}

const ssoQuery = z
  .object({
    SAMLRequest: z.string().min(1).max(100_000),
    RelayState: z.string().max(200).optional(),
    // The email the person typed in the app, as Entra ID and Okta take it beside the request.
    login_hint: z.string().max(254).optional(),
  })
  .loose();
const loginForm = z
  .object({
    accountId: z.uuid(),
    requestId: z.string().max(200),
    relayState: z.string().max(200).default(''),
    user: z.string().min(1).max(254),
    fault: z.enum(faults).default('none'),
  })
  .strict();

/** The dev IdP's state for one service: its keys, its directory, and the last response per account. */
interface DevIdp {
  deps: ServiceDeps;
  keys: DevIdpKeys;
  expiredKeys: DevIdpKeys;
  directory: ReturnType<typeof readDirectory>;
  lastResponse: Map<string, { acs: string; response: string }>;
  entityId: () => string;
  ssoUrl: () => string;
}
type DevIdpUser = DevIdp['directory']['users'][number];

export async function registerDevIdpRoutes(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  const { config } = deps;
  if (!config.devIdp.enabled || config.mode !== 'development') return;
  const keys = await loadKeys(config.dataDir);
  const devIdp: DevIdp = {
    deps,
    keys,
    expiredKeys: await expiredDevIdpKeys(keys),
    directory: config.devIdp.usersFile ? readDirectory(config.devIdp.usersFile) : demoDirectory,
    lastResponse: new Map(),
    entityId: () => `${deps.config.publicUrl}/dev-idp/metadata`,
    ssoUrl: () => `${deps.config.publicUrl}/dev-idp/sso`,
  };
  await app.register(async (idp) => {
    await idp.register(fastifyFormbody);
    registerMetadataRoutes(idp, devIdp);
    registerSsoRoutes(idp, devIdp);
    registerLoginRoute(idp, devIdp);
  });
}

function registerMetadataRoutes(idp: FastifyInstance, devIdp: DevIdp): void {
  idp.get('/dev-idp/metadata', async (_request, reply) =>
    reply
      .type('application/samlmetadata+xml')
      .send(devIdentityProvider(devIdp.keys, devIdp.entityId(), devIdp.ssoUrl()).getMetadata()),
  );
  // For QA: the certificate to configure in step 4 before signing in with the "expired-cert" fault.
  idp.get('/dev-idp/expired-certificate.pem', async (_request, reply) =>
    reply.type('application/x-pem-file').send(devIdp.expiredKeys.certificate),
  );
}

/** The SSO endpoint on both bindings: the login page for the request's account. */
function registerSsoRoutes(idp: FastifyInstance, devIdp: DevIdp): void {
  const showLogin = (q: z.infer<typeof ssoQuery>, deflated: boolean) => {
    const { requestId, accountId, forceAuthn } = readAuthnRequest(
      q.SAMLRequest,
      deflated,
      devIdp.deps.config.publicUrl,
    );
    return loginPage(
      devIdp.directory,
      { accountId, requestId, relayState: q.RelayState ?? '' },
      { loginHint: q.login_hint ?? null, forceAuthn },
    );
  };
  idp.get('/dev-idp/sso', async (request, reply) => {
    const q = parseInput(ssoQuery, request.query, 'query');
    return reply.type('text/html; charset=utf-8').send(showLogin(q, true));
  });
  idp.post('/dev-idp/sso', async (request, reply) => {
    const b = parseInput(ssoQuery, request.body);
    return reply.type('text/html; charset=utf-8').send(showLogin(b, false));
  });
}

/** The login page's answer: a signed response for the chosen user (with the chosen fault), auto-POSTed to the ACS. */
function registerLoginRoute(idp: FastifyInstance, devIdp: DevIdp): void {
  idp.post('/dev-idp/login', async (request, reply) => {
    const form = parseInput(loginForm, request.body);
    const user = devIdp.directory.users.find((u) => u.userName === form.user);
    if (!user)
      return reply
        .status(400)
        .send({ error: { code: 'invalid_input', message: 'unknown user', field: 'user' } });
    // "replayed" posts the last response sent for this account once more.
    const last = devIdp.lastResponse.get(form.accountId);
    if (form.fault === 'replayed' && last) {
      return reply
        .type('text/html; charset=utf-8')
        .send(autoPostPage(last.acs, { SAMLResponse: last.response }));
    }
    const { acs, response } = await signedResponse(devIdp, form, user);
    devIdp.lastResponse.set(form.accountId, { acs, response });
    return reply.type('text/html; charset=utf-8').send(
      autoPostPage(acs, {
        SAMLResponse: response,
        ...(form.relayState && { RelayState: form.relayState }),
      }),
    );
  });
}

/** The response for the account's SP (encrypted when the SP has an encryption certificate) and its ACS. */
async function signedResponse(
  devIdp: DevIdp,
  form: z.infer<typeof loginForm>,
  user: DevIdpUser,
): Promise<{ acs: string; response: string }> {
  const { deps, directory } = devIdp;
  const groups = directory.groups.filter((g) => g.members.includes(user.userName)).map((g) => g.externalId);
  const sp = await accountServiceProvider(
    deps.database.db,
    deps.clock,
    deps.masterKey,
    deps.config.publicUrl,
    form.accountId,
  );
  const encrypt = Boolean(sp.entityMeta.getX509Certificate('encryption'));
  const response = await buildLoginResponse({
    keys: devIdp.keys,
    // A stranger's key only when that fault is asked for (making one takes a while).
    ...(form.fault === 'other-key' && { otherKeys: await createDevIdpKeys('Not the dev IdP') }),
    expiredKeys: devIdp.expiredKeys,
    entityId: devIdp.entityId(),
    sp,
    requestId: form.requestId || null,
    user: {
      email: user.email ?? user.userName,
      externalId: user.externalId,
      displayName: `${user.givenName ?? ''} ${user.familyName ?? ''}`.trim(),
      groups,
    },
    fault: form.fault,
    encrypt,
  });
  return { acs: sp.entityMeta.getAssertionConsumerService('post') as string, response };
}
