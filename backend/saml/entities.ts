// samlify entities per account: our SP (from the public URL) and the
// account's IdP (from step 4). samlify refuses to run without a schema
// validator; ours is libxml2-wasm with the OASIS schemas compiled once.
import samlify from 'samlify';
import type { IdpConfigsTable } from '../db/schema.ts';
import { spEndpointsFor } from '../integration/sp-endpoints.ts';
import { samlifySchemaValidator } from './schema-validator.ts';

samlify.setSchemaValidator(samlifySchemaValidator);

export const bindings = samlify.Constants.namespace.binding;
export const nameIdEmail = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export type ServiceProvider = ReturnType<typeof samlify.ServiceProvider>;
export type IdentityProvider = ReturnType<typeof samlify.IdentityProvider>;

export function serviceProviderFor(publicUrl: string, accountId: string): ServiceProvider {
  const endpoints = spEndpointsFor(publicUrl, accountId);
  return samlify.ServiceProvider({
    entityID: endpoints.entityId,
    authnRequestsSigned: false,
    wantAssertionsSigned: true,
    nameIDFormat: [nameIdEmail],
    assertionConsumerService: [{ Binding: bindings.post, Location: endpoints.acsUrl }],
  });
}

// Building an entity generates and re-parses its metadata XML (milliseconds):
// cache per configuration, bounded, since a validation needs one per response.
const idpCache = new Map<string, IdentityProvider>();
const idpCacheLimit = 500;

export function identityProviderFor(
  config: Pick<IdpConfigsTable, 'certificates' | 'idp_entity_id' | 'sso_url' | 'sso_binding'>,
): IdentityProvider {
  const key = JSON.stringify([config.idp_entity_id, config.sso_url, config.sso_binding, config.certificates]);
  const cached = idpCache.get(key);
  if (cached) return cached;
  const built = buildIdentityProvider(config);
  if (idpCache.size >= idpCacheLimit) idpCache.delete(idpCache.keys().next().value ?? '');
  idpCache.set(key, built);
  return built;
}

function buildIdentityProvider(
  config: Pick<IdpConfigsTable, 'certificates' | 'idp_entity_id' | 'sso_url' | 'sso_binding'>,
): IdentityProvider {
  const certificates = JSON.parse(config.certificates) as string[];
  return samlify.IdentityProvider({
    entityID: config.idp_entity_id ?? '',
    signingCert: certificates,
    singleSignOnService: [
      {
        Binding: config.sso_binding === 'post' ? bindings.post : bindings.redirect,
        Location: config.sso_url ?? '',
      },
    ],
  });
}
