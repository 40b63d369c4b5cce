// The app's trust anchor (DESIGN.md, "Trust"): the service URL and the root
// public key(s) that certify the service's license signing keys. A packaged
// build takes them only from the anchor file written into its bundle at build
// time; a development build (demo, webshell, tests) may take them from
// configuration. Nothing in the data folder is ever an anchor.
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { z } from 'zod';
import type { TrustAnchorFile } from '../../../common/trust-anchor.ts';

export interface TrustAnchor {
  /** The service this build talks to; null when the anchor names none (no anchor). */
  serviceUrl: string | null;
  /** Root public keys; empty means no license verifies. */
  roots: JWK[];
  source: 'built-in' | 'configuration' | 'none';
  /** Why there is no usable anchor (shown with LICENSE_UNTRUSTED). */
  problem?: string;
  /** The build allows a managed ServiceURL (docs/managed-deployment.md); licenses still verify only under `roots`. */
  allowManagedServiceUrl?: true;
}

/** The environment variable a development build reads: an anchor file's path, or its JSON. */
export const anchorVariable = 'LATCHKEY_TRUST_ANCHOR';

const rootJwk = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  kid: z.string().min(1),
});
const anchorFile = z.object({
  version: z.literal(1),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  roots: z.array(rootJwk).min(1).max(8),
  allowManagedServiceUrl: z.boolean().optional(),
}) satisfies z.ZodType<TrustAnchorFile>;

export class TrustAnchorInvalid extends Error {
  override name = 'TrustAnchorInvalid';
}

/** Parses an anchor file's text; a root without the private half's algorithm fields is refused. */
export function parseTrustAnchor(text: string, source: 'built-in' | 'configuration'): TrustAnchor {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TrustAnchorInvalid(`the ${source} trust anchor is not JSON`, { cause: err });
  }
  const parsed = anchorFile.safeParse(json);
  if (!parsed.success)
    throw new TrustAnchorInvalid(`the ${source} trust anchor is invalid: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.roots.some((r) => 'd' in r))
    throw new TrustAnchorInvalid(
      `the ${source} trust anchor holds a private key: export only the public root`,
    );
  return {
    serviceUrl: parsed.data.serviceUrl.replace(/\/+$/, ''),
    roots: parsed.data.roots.map((r) => ({ kty: r.kty, crv: r.crv, x: r.x, kid: r.kid, alg: 'EdDSA' })),
    source,
    ...(parsed.data.allowManagedServiceUrl && { allowManagedServiceUrl: true }),
  };
}

export interface AnchorSources {
  /** A packaged (release) build: only the built-in anchor counts, configuration is ignored. */
  packaged: boolean;
  /** The built-in anchor file's text; undefined when the build carries none. */
  readBuiltIn: () => string | undefined;
  env: NodeJS.ProcessEnv;
}

const none = (problem: string): TrustAnchor => ({ serviceUrl: null, roots: [], source: 'none', problem });

/** The anchor this build trusts. Never throws: a build without one trusts no license (fail closed). */
export function loadTrustAnchor(sources: AnchorSources): TrustAnchor {
  const configured = sources.env[anchorVariable]?.trim();
  try {
    if (!sources.packaged && configured)
      return parseTrustAnchor(
        configured.startsWith('{') ? configured : readFileSync(configured, 'utf8'),
        'configuration',
      );
    const builtIn = sources.readBuiltIn();
    if (builtIn !== undefined) return parseTrustAnchor(builtIn, 'built-in');
  } catch (err) {
    return none((err as Error).message);
  }
  return none(
    sources.packaged
      ? 'this build carries no root of trust (build it with LATCHKEY_TRUST_ANCHOR_FILE set)'
      : `this development build has no root of trust: set ${anchorVariable} to the file from \`latchkey-server export-anchor\``,
  );
}

/** Reads a built-in anchor file; a missing file is "no anchor", any other error is one. */
export function anchorFileReader(file: string | URL): () => string | undefined {
  return () => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
}
