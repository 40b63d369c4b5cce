// Does the database belong to this data folder? Once the master key has
// sealed a license signing key, a marker beside it says so. A start that then
// finds the database missing or empty would quietly make a new signing key,
// and every app's license would stop checking in: refuse instead, unless the
// operator says `--init` (start over on purpose).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config.ts';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from './connect.ts';
import { classifyDatabaseFault } from './faults.ts';
import type { Database } from './schema.ts';

/** Exit code of `latchkey-server serve` when it refuses to start on an empty or missing database. */
export const refusedStartExitCode = 4;

export class StartRefusedError extends Error {
  override name = 'StartRefusedError';
}

interface SealedMarker {
  kids: string[];
  at: string;
}

export function sealedMarkerPath(config: ServiceConfig): string {
  return join(config.dataDir, 'sealed-signing-keys.json');
}

function readMarker(file: string): SealedMarker | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SealedMarker>;
  return { kids: Array.isArray(parsed.kids) ? parsed.kids.map(String) : [], at: String(parsed.at ?? '') };
}

function sqliteFile(config: ServiceConfig): string | undefined {
  return /^postgres(ql)?:\/\//.test(config.databaseUrl) || config.databaseUrl === ':memory:'
    ? undefined
    : config.databaseUrl.replace(/^sqlite:(\/\/)?/, '');
}

function refusal(config: ServiceConfig, marker: SealedMarker, what: string): StartRefusedError {
  return new StartRefusedError(
    [
      `refusing to start: ${what}, but the master key in this data folder (${config.dataDir}) has already sealed ` +
        `license signing key ${marker.kids.join(', ') || '(unknown)'} (${marker.at}).`,
      'Starting anyway would make a new signing key, and every license signed before would stop checking in.',
      '- If the database was lost: restore it, e.g. `latchkey-server restore --from BACKUP` (with this master key), then start again.',
      '- If DATABASE_URL points to the wrong database: fix it.',
      '- To start over with an empty database on purpose: `latchkey-server serve --init`.',
    ].join('\n'),
  );
}

/** Before opening: a SQLite file that is gone is refused before an empty one is created in its place. */
export function checkDatabaseFilePresent(config: ServiceConfig, init: boolean): void {
  const marker = readMarker(sealedMarkerPath(config));
  const file = sqliteFile(config);
  if (!marker || init || !file || existsSync(file)) return;
  throw refusal(config, marker, `the database file ${file} does not exist`);
}

/** After opening, before migrating: a database without the signing keys the marker speaks of is refused. */
export async function checkDatabaseNotEmpty(
  config: ServiceConfig,
  database: DatabaseHandle,
  init: boolean,
  logger: Logger,
): Promise<void> {
  const markerFile = sealedMarkerPath(config);
  const marker = readMarker(markerFile);
  if (!marker) return;
  let keys = 0;
  try {
    const row = await database.db
      .selectFrom('signing_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    keys = Number(row?.n ?? 0);
  } catch (err) {
    // A database that does not answer is not an empty one: say that instead.
    if (classifyDatabaseFault(err)) throw err;
    // No signing_keys table: a database that was never migrated.
  }
  if (keys > 0) return;
  if (!init) throw refusal(config, marker, `the database (${database.dialect}) holds no signing keys`);
  logger.warn(
    { previousKids: marker.kids },
    'starting over (--init): a new signing key; licenses signed before will not check in',
  );
  rmSync(markerFile, { force: true });
}

/** After the signing key exists: say so beside the master key. */
export async function recordSealedKeys(config: ServiceConfig, db: Kysely<Database>): Promise<void> {
  const rows = await db.selectFrom('signing_keys').select('kid').orderBy('created_at').execute();
  const file = sealedMarkerPath(config);
  const known = readMarker(file);
  const kids = rows.map((r) => r.kid);
  if (known && kids.every((k) => known.kids.includes(k))) return;
  const marker: SealedMarker = { kids, at: known?.at || new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
}
