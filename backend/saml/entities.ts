// samlify entities per account: our SP (from the public URL) and the
// account's IdP (from step 4). samlify refuses to run without a schema
// validator; ours is libxml2-wasm with the OASIS schemas compiled once.
import { createHash } from 'node:crypto';
import samlify from 'samlify';
import type { IdpConfigsTable } from '../db/schema.ts';
import { spEndpointsFor } from './sp-endpoints.ts';
import { samlifySchemaValidator } from './schema-validator.ts';
import { withoutSloWarning } from './quiet-samlify.ts';

samlify.setSchemaValidator(samlifySchemaValidator);

export const bindings = samlify.Constants.namespace.binding;
export const nameIdEmail = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export type ServiceProvider = ReturnType<typeof samlify.ServiceProvider>;
export type IdentityProvider = ReturnType<typeof samlify.IdentityProvider>;

export interface SpOptions {
  /** The SP's key pair; with `sign`, AuthnRequests are signed; with `encrypt`, assertions arrive encrypted. */
  keys: { privateKey: string; certificate: string };
  sign: boolean;
  encrypt: boolean;
  requireSignedResponse?: boolean;
}

// Building an entity generates and re-parses its metadata XML (milliseconds, and
// ~1 MiB of garbage): each sign-in used to build its SP afresh. Cached per
// account and options, bounded; a new key pair or option is a new key.
const spCache = new Map<string, ServiceProvider>();
const spCacheLimit = 500;

export function serviceProviderFor(
  publicUrl: string,
  accountId: string,
  options?: SpOptions,
): ServiceProvider {
  const key = JSON.stringify([
    publicUrl,
    accountId,
    options && [
      options.sign,
      options.encrypt,
      options.requireSignedResponse ?? false,
      options.keys.certificate,
      // The private key by its digest: the cache's keys hold no secret.
      createHash('sha256').update(options.keys.privateKey).digest('base64'),
    ],
  ]);
  const cached = spCache.get(key);
  if (cached) return cached;
  const built = buildServiceProvider(publicUrl, accountId, options);
  if (spCache.size >= spCacheLimit) spCache.delete(spCache.keys().next().value ?? '');
  spCache.set(key, built);
  return built;
}

function buildServiceProvider(publicUrl: string, accountId: string, options?: SpOptions): ServiceProvider {
  const endpoints = spEndpointsFor(publicUrl, accountId);
  return samlify.ServiceProvider({
    entityID: endpoints.entityId,
    authnRequestsSigned: options?.sign ?? false,
    wantAssertionsSigned: true,
    wantMessageSigned: options?.requireSignedResponse ?? false,
    ...(options?.sign && { privateKey: options.keys.privateKey, signingCert: options.keys.certificate }),
    ...(options?.encrypt && {
      isAssertionEncrypted: true,
      encPrivateKey: options.keys.privateKey,
      encryptCert: options.keys.certificate,
    }),
    nameIDFormat: [nameIdEmail],
    assertionConsumerService: [{ Binding: bindings.post, Location: endpoints.acsUrl }],
  });
}

// Building an entity generates and re-parses its metadata XML (milliseconds):
// cache per configuration, bounded, since a validation needs one per response.
const idpCache = new Map<string, IdentityProvider>();
const idpCacheLimit = 500;

type IdpFields = Pick<IdpConfigsTable, 'certificates' | 'idp_entity_id' | 'sso_url' | 'sso_binding'> &
  Partial<Pick<IdpConfigsTable, 'sign_authn_requests'>>;

export function identityProviderFor(config: IdpFields): IdentityProvider {
  const key = JSON.stringify([
    config.idp_entity_id,
    config.sso_url,
    config.sso_binding,
    config.certificates,
    config.sign_authn_requests,
  ]);
  const cached = idpCache.get(key);
  if (cached) return cached;
  const built = buildIdentityProvider(config);
  if (idpCache.size >= idpCacheLimit) idpCache.delete(idpCache.keys().next().value ?? '');
  idpCache.set(key, built);
  return built;
}

function buildIdentityProvider(config: IdpFields): IdentityProvider {
  const certificates = JSON.parse(config.certificates) as string[];
  return withoutSloWarning(() =>
    samlify.IdentityProvider({
      entityID: config.idp_entity_id ?? '',
      // samlify signs a request only for an IdP that asks for it: the account's choice stands for the IdP's.
      wantAuthnRequestsSigned: config.sign_authn_requests === 1,
      signingCert: certificates,
      singleSignOnService: [
        {
          Binding: config.sso_binding === 'post' ? bindings.post : bindings.redirect,
          Location: config.sso_url ?? '',
        },
      ],
    }),
  );
}
