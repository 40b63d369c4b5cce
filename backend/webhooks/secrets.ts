// An endpoint's signing secret: Standard Webhooks' `whsec_` + base64 of random
// bytes (the spec: 24 to 64 bytes), sealed with the master key at rest (as SP
// and signing keys are) and bound to the endpoint's id, so a sealed value
// copied to another row does not open.
import { randomBytes } from 'node:crypto';
import { seal, unseal } from '../crypto/master-key.ts';

const context = (endpointId: string) => `webhook-secret:${endpointId}`;

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export const sealWebhookSecret = (masterKey: Buffer, endpointId: string, secret: string): string =>
  seal(masterKey, Buffer.from(secret, 'utf8'), context(endpointId));

export const unsealWebhookSecret = (masterKey: Buffer, endpointId: string, sealed: string): string =>
  unseal(masterKey, sealed, context(endpointId)).toString('utf8');
