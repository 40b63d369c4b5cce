// The dev IdP for bench/saml-memory-bench.ts, on a thread of its own: signs one
// response per stored request and posts them back. The IdP is elsewhere in real
// life, so its signing garbage must not count in the service's memory.
import { parentPort, workerData } from 'node:worker_threads';
import type { DevIdpKeys } from '../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse } from '../backend/devidp/login-response.ts';
import { serviceProviderFor } from '../backend/saml/entities.ts';
import { benchUser, idpEntityId } from './saml-bench-setup.ts';

const { keys, publicUrl, accountId, requestIds } = workerData as {
  keys: DevIdpKeys;
  publicUrl: string;
  accountId: string;
  requestIds: string[];
};
const sp = serviceProviderFor(publicUrl, accountId, { keys, sign: false, encrypt: false });
const out: string[] = [];
for (const requestId of requestIds) {
  out.push(await buildLoginResponse({ keys, entityId: idpEntityId, sp, requestId, user: benchUser }));
}
parentPort?.postMessage(out);
