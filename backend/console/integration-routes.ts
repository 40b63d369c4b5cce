// Console API for the seven-step IdP integration configurator: a console feature over
// integration/ (the configurator's domain), as the other console APIs are.
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import { actorOf, requireSession } from '../http/session-guard.ts';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import { integrationContext } from '../integration/integration-context.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  activateIntegration,
  backupLoginInput,
  deactivateIntegration,
  getIntegration,
  groupMappingInput,
  setBackupLogin,
  setGroupMapping,
  setStepTick,
  stepTickInput,
  tickableSteps,
} from '../integration/integration-service.ts';
import {
  idpMetadataInput,
  idpSettingsInput,
  importIdpSettings,
  setIdpSettings,
} from '../integration/idp-settings.ts';
import type { IntegrationContext } from '../integration/config-store.ts';
import { metadataUrlInput, refreshMetadata, setMetadataUrl } from '../integration/metadata-url.ts';
import { provisioningInput, setProvisioning } from '../integration/provisioning.ts';
import {
  attributePresetInput,
  setAttributePreset,
  setSpOptions,
  spOptionsInput,
} from '../integration/saml-options.ts';

const tickParams = z.object({ step: z.enum(tickableSteps) }).strict();

/** What each group of routes needs: the app, the account's integration and the CSRF check on writes. */
interface RouteKit {
  app: FastifyInstance;
  ctx: () => IntegrationContext;
  protect: { onRequest: onRequestHookHandler };
}

export function registerIntegrationRoutes(app: FastifyInstance, deps: ServiceDeps): void {
  // Read per request: the public URL is final only once the service listens.
  const kit: RouteKit = {
    app,
    ctx: () => integrationContext(deps),
    protect: { onRequest: app.csrfProtection },
  };
  registerLifecycleRoutes(kit);
  registerStepRoutes(kit);
  registerIdpRoutes(kit);
  registerSamlOptionRoutes(kit);
}

/** The integration as the configurator shows it; switching it on and off. */
function registerLifecycleRoutes({ app, ctx, protect }: RouteKit): void {
  app.get('/api/console/integration', async (request) => {
    const session = requireSession(request);
    return getIntegration(ctx(), session.accountId);
  });

  app.post('/api/console/integration/activate', protect, async (request) => {
    const session = requireSession(request);
    return activateIntegration(ctx(), session.accountId, actorOf(session));
  });

  app.post('/api/console/integration/deactivate', protect, async (request) => {
    const session = requireSession(request);
    return deactivateIntegration(ctx(), session.accountId, actorOf(session));
  });
}

/** The steps that are settings of the account: groups, ticks, provisioning, the backup login. */
function registerStepRoutes({ app, ctx, protect }: RouteKit): void {
  app.put('/api/console/integration/groups', protect, async (request) => {
    const session = requireSession(request);
    await setGroupMapping(
      ctx(),
      session.accountId,
      parseInput(groupMappingInput, request.body),
      actorOf(session),
    );
    return getIntegration(ctx(), session.accountId);
  });

  app.put('/api/console/integration/steps/:step', protect, async (request) => {
    const session = requireSession(request);
    const { step } = parseInput(tickParams, request.params, 'path');
    const { done } = parseInput(stepTickInput, request.body);
    await setStepTick(ctx(), session.accountId, step, done, actorOf(session));
    return getIntegration(ctx(), session.accountId);
  });

  // Step 5: SCIM, or users created at their first sign-in (provisioning.ts).
  app.put('/api/console/integration/provisioning', protect, async (request) => {
    const session = requireSession(request);
    await setProvisioning(
      ctx(),
      session.accountId,
      parseInput(provisioningInput, request.body),
      actorOf(session),
    );
    return getIntegration(ctx(), session.accountId);
  });

  app.put('/api/console/integration/backup-login', protect, async (request) => {
    const session = requireSession(request);
    const { userId } = parseInput(backupLoginInput, request.body);
    await setBackupLogin(ctx(), session.accountId, userId, actorOf(session));
    return getIntegration(ctx(), session.accountId);
  });
}

/** Step 4: the IdP's settings, typed in, imported from metadata, or followed at a URL. */
function registerIdpRoutes({ app, ctx, protect }: RouteKit): void {
  app.put('/api/console/integration/idp', protect, async (request) => {
    const session = requireSession(request);
    await setIdpSettings(
      ctx(),
      session.accountId,
      parseInput(idpSettingsInput, request.body),
      actorOf(session),
    );
    return getIntegration(ctx(), session.accountId);
  });

  app.put('/api/console/integration/idp-metadata', protect, async (request) => {
    const session = requireSession(request);
    const { xml } = parseInput(idpMetadataInput, request.body);
    const imported = await importIdpSettings(ctx(), session.accountId, xml, actorOf(session));
    return {
      ...(await getIntegration(ctx(), session.accountId)),
      import: { warnings: imported.warnings, refusedCertificates: imported.refusedCertificates },
    };
  });

  app.put('/api/console/integration/idp-metadata-url', protect, async (request) => {
    const session = requireSession(request);
    const { url } = parseInput(metadataUrlInput, request.body);
    const imported = await setMetadataUrl(ctx(), session.accountId, url, actorOf(session));
    return {
      ...(await getIntegration(ctx(), session.accountId)),
      import: { warnings: imported.warnings, refusedCertificates: imported.refusedCertificates },
    };
  });

  // Re-fetch now (the schedule does it by itself): the result is in idp.metadata of the view.
  app.post('/api/console/integration/idp-metadata-url/refresh', protect, async (request) => {
    const session = requireSession(request);
    const result = await refreshMetadata(ctx(), session.accountId, request.log);
    if (result === 'no-url') throw new ApiError(409, 'no_metadata_url', 'step 4 follows no metadata URL');
    return { result, ...(await getIntegration(ctx(), session.accountId)) };
  });
}

/** What the SP asks of the assertion: the attribute names and the SAML options. */
function registerSamlOptionRoutes({ app, ctx, protect }: RouteKit): void {
  app.put('/api/console/integration/attribute-preset', protect, async (request) => {
    const session = requireSession(request);
    const { preset } = parseInput(attributePresetInput, request.body);
    await setAttributePreset(ctx(), session.accountId, preset, actorOf(session));
    return getIntegration(ctx(), session.accountId);
  });

  app.put('/api/console/integration/sp-options', protect, async (request) => {
    const session = requireSession(request);
    await setSpOptions(ctx(), session.accountId, parseInput(spOptionsInput, request.body), actorOf(session));
    return getIntegration(ctx(), session.accountId);
  });
}
