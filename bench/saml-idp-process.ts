// The dev IdP for bench/saml-memory-bench.ts, as a process of its own (as a
// real IdP is): reads {keys, publicUrl, accountId, requestIds} as JSON on stdin,
// writes one signed response per request as a JSON array on stdout. Its
// signing garbage must not count in the service's memory.
import { text } from 'node:stream/consumers';
import type { DevIdpKeys } from '../backend/devidp/dev-idp-keys.ts';
import { buildLoginResponse } from '../backend/devidp/login-response.ts';
import { serviceProviderFor } from '../backend/saml/entities.ts';
import { benchUser, idpEntityId } from './saml-bench-setup.ts';

const { keys, publicUrl, accountId, requestIds } = JSON.parse(await text(process.stdin)) as {
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
process.stdout.write(JSON.stringify(out));
