// `latchkey-server` commands for the root of trust (README, "Root of trust"):
// create a root (sealed here, or exported to a file kept offline), certify
// signing keys with it, rotate the signing key, export the anchor an app build
// embeds, retire a root once no supported app build carries it.
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { ensureMasterKey } from '../crypto/master-key.ts';
import { ApiError } from '../http/api-error.ts';
import { parseInput } from '../http/validate.ts';
import {
  certifyServedKeys,
  certifySigningKey,
  defaultCertificationDays,
  UnknownSigningKey,
  type RootSigner,
} from '../licensing/key-certificates.ts';
import { rotateSigningKey } from '../licensing/signing-keys.ts';
import {
  activeRoots,
  createRoot,
  exportAnchor,
  onlineRootSigners,
  retireRoot,
  RootKeyRefused,
  rootSignerFromFile,
} from '../licensing/trust-roots.ts';
import type { CommandContext } from './commands.ts';

const badInput = (code: string, message: string) => new ApiError(400, code, message);

/** Writes a new file only (0600): a root's private half is never written over another file. */
async function writeNewFile(path: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(path, text, { mode, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw badInput('file_exists', `${path} exists: choose a new file (it is never overwritten)`);
    throw err;
  }
}

export async function createRootCommand(
  ctx: CommandContext,
  opts: { exportPrivate?: string },
): Promise<void> {
  const masterKey = await ensureMasterKey(ctx.config.masterKeyFile);
  const target = opts.exportPrivate;
  const root = await createRoot(ctx.database.db, ctx.clock, masterKey, {
    ...(target && {
      exportPrivate: (jwk) => writeNewFile(target, `${JSON.stringify(jwk, null, 2)}\n`, 0o600),
    }),
  });
  ctx.out.result(
    { kid: root.kid, publicJwk: root.publicJwk, offline: Boolean(target), certified: root.certified },
    [
      `root ${root.kid} created; ${target ? `its private key is in ${target} — move it offline` : 'its private key is sealed with the master key'}`,
      `certified signing keys: ${root.certified.join(', ') || '(none yet: the first start certifies its key)'}`,
      'next: latchkey-server export-anchor --out trust-anchor.json, and build the app with it',
    ].join('\n'),
  );
}

const daysOption = z.coerce.number().int().min(1).max(3650);

async function signersFor(ctx: CommandContext, rootKeyFiles: string[] | undefined): Promise<RootSigner[]> {
  if (!rootKeyFiles?.length)
    return onlineRootSigners(ctx.database.db, await ensureMasterKey(ctx.config.masterKeyFile));
  const signers: RootSigner[] = [];
  for (const file of rootKeyFiles) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw badInput('root_key_unreadable', `${file}: ${(err as Error).message}`);
    }
    try {
      signers.push(await rootSignerFromFile(ctx.database.db, text));
    } catch (err) {
      if (err instanceof RootKeyRefused) throw badInput('root_key_refused', err.message);
      throw err;
    }
  }
  return signers;
}

/** Certifies one signing key (or, without --kid, every served one: renewing before certifications end). */
export async function certifySigningKeyCommand(
  ctx: CommandContext,
  opts: { kid?: string; rootKey?: string[]; days?: string },
): Promise<void> {
  const days =
    opts.days === undefined ? defaultCertificationDays : parseInput(daysOption, opts.days, 'option --days');
  const signers = await signersFor(ctx, opts.rootKey);
  if (!signers.length)
    throw badInput(
      'no_root',
      'no root is at hand: run create-root, or give the offline root with --root-key FILE',
    );
  const done = [];
  try {
    for (const root of signers)
      done.push(
        ...(opts.kid
          ? [await certifySigningKey(ctx.database.db, ctx.clock, root, opts.kid, days)]
          : await certifyServedKeys(ctx.database.db, ctx.clock, root, days)),
      );
  } catch (err) {
    if (err instanceof UnknownSigningKey) throw new ApiError(404, 'signing_key_not_found', err.message);
    throw err;
  }
  ctx.out.result(
    { certified: done },
    done.map((c) => `${c.kid} certified by ${c.rootKid} until ${c.expiresAt}`).join('\n') ||
      '(no signing keys)',
  );
}

/**
 * Rotates the license signing key. Every active root must certify the new key (builds that
 * trust a root it lacks would refuse every new license): one kept offline is given by its file.
 */
export async function rotateSigningKeyCommand(
  ctx: CommandContext,
  opts: { rootKey?: string[] },
): Promise<void> {
  const masterKey = await ensureMasterKey(ctx.config.masterKeyFile);
  const offline = opts.rootKey?.length ? await signersFor(ctx, opts.rootKey) : [];
  const uncertified = (await activeRoots(ctx.database.db)).filter(
    (r) => !r.online && !offline.some((o) => o.kid === r.kid),
  );
  if (uncertified.length)
    throw badInput(
      'root_offline',
      `root ${uncertified.map((r) => r.kid).join(', ')} is kept offline: give its file with --root-key FILE so the new key is certified`,
    );
  const { kid, certifiedBy } = await rotateSigningKey(
    ctx.database.db,
    ctx.clock,
    masterKey,
    ctx.config.licenseLeaseMs,
    offline,
  );
  ctx.out.result(
    { kid, certifiedBy },
    `new license signing key ${kid}, certified by ${certifiedBy.join(', ') || 'no root (run create-root)'}`,
  );
}

export async function exportAnchorCommand(
  ctx: CommandContext,
  opts: { out?: string; serviceUrl?: string },
): Promise<void> {
  const serviceUrl = parseInput(
    z.url({ protocol: /^https?$/ }),
    opts.serviceUrl ?? ctx.config.publicUrl,
    'option --service-url',
  );
  const anchor = await exportAnchor(ctx.database.db, serviceUrl);
  if (!anchor.roots.length)
    throw badInput('no_root', 'this service has no root of trust yet: run create-root');
  if (opts.out) await writeNewFile(opts.out, `${JSON.stringify(anchor, null, 2)}\n`, 0o644);
  ctx.out.result(
    anchor,
    opts.out
      ? `anchor for ${anchor.serviceUrl} (roots ${anchor.roots.map((r) => r.kid).join(', ')}) written to ${opts.out}`
      : JSON.stringify(anchor, null, 2),
  );
}

export async function retireRootCommand(ctx: CommandContext, opts: { kid: string }): Promise<void> {
  if (!(await retireRoot(ctx.database.db, ctx.clock, opts.kid)))
    throw new ApiError(404, 'root_not_found', `${opts.kid} is not an active root`);
  ctx.out.result({ kid: opts.kid, retired: true }, `root ${opts.kid} retired: it certifies nothing more`);
}
