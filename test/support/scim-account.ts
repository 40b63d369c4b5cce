// A fresh business account with a SCIM token, created through the console API.
import { ConsoleClient } from '../../devtools/console-client.ts';

let n = 0;
export async function createScimAccount(baseUrl: string, label = 'scim') {
  n += 1;
  const console = new ConsoleClient(baseUrl);
  const email = `owner-${label}-${process.pid}-${n}@${label}.example`;
  const accountId = await console.signUp(`${label} ${n}`, email, 'correct horse battery');
  await console.login(email, 'correct horse battery');
  const token = (await console.post<{ token: string }>('/api/console/scim-tokens', { label })).body.token;
  return { console, accountId, token, ownerEmail: email, scimUrl: `${baseUrl}/scim/v2` };
}

/** A SCIM client over real HTTP. */
export function scimClient(scimUrl: string, token: string) {
  return async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> => {
    const res = await fetch(scimUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/scim+json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  };
}
