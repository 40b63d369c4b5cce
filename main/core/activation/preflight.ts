// Before an activation asks for anything (a browser tab, a seat): can this
// computer keep what it would get? The keychain holds the credential, the data
// folder the license; either one unusable is a coded failure, and no sign-in happens.
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { dataFolderProblem } from '../licensing/data-folder.ts';
import type { EngineContext } from './engine-context.ts';
import { ensureKeychain } from './keychain-ready.ts';

export async function preflight(ctx: EngineContext): Promise<void> {
  await ensureKeychain(ctx.options.secrets);
  const problem = await dataFolderProblem(ctx.options.dataDir);
  if (problem) throw new LatchkeyError('DATA_FOLDER_UNWRITABLE', problem, { dataDir: ctx.options.dataDir });
}
