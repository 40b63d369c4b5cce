// `latchkey-server backup` and `restore`. A backup holds the license signing
// keys sealed with the master key, which it does not hold: without that key
// the backup cannot unseal them, and a service started on it would make a new
// signing key (every app's license would stop checking in). So backup says
// to keep the key, and restore checks that the key unseals the backup first.
import { existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { isPostgresUrl, type ServiceConfig } from '../config.ts';
import { recordSealedKeys } from '../db/data-folder-check.ts';
import type { Database } from '../db/schema.ts';
import { copySqliteOnline } from '../db/sqlite-backup.ts';
import { ApiError } from '../http/api-error.ts';
import { keysNotUnsealable } from '../licensing/signing-keys.ts';
import { readMasterKey } from '../crypto/master-key.ts';
import type { Output } from './output.ts';

/** Exit code when the database is PostgreSQL: nothing was written; use pg_dump / pg_restore. */
export const usePgToolsExitCode = 5;

const sqliteFileOf = (config: ServiceConfig) => config.databaseUrl.replace(/^sqlite:(\/\/)?/, '');

function masterKeyNote(config: ServiceConfig): string {
  return (
    `The backup holds the license signing keys sealed with the master key ${config.masterKeyFile}, ` +
    'but not the key itself: keep a copy of that file apart from the backup. ' +
    'Without it the backup cannot unseal its signing keys; restore needs both.'
  );
}

function pgAdvice(config: ServiceConfig, out: Output, what: 'backup' | 'restore'): void {
  const text =
    what === 'backup'
      ? 'PostgreSQL: back up with pg_dump, e.g.\n  pg_dump --format=custom --file=latchkey.dump "$DATABASE_URL"'
      : 'PostgreSQL: restore with pg_restore into an empty database, e.g.\n  pg_restore --no-owner --dbname="$DATABASE_URL" latchkey.dump';
  out.result(
    { dialect: 'postgres', written: false, advice: text, masterKeyFile: config.masterKeyFile },
    `${text}\n${masterKeyNote(config)}`,
  );
  process.exitCode = usePgToolsExitCode;
}

export async function backupCommand(config: ServiceConfig, out: Output, opts: { to: string }): Promise<void> {
  if (isPostgresUrl(config.databaseUrl)) return pgAdvice(config, out, 'backup');
  if (existsSync(opts.to)) throw new ApiError(400, 'exists', `${opts.to} exists: give a new file name`);
  const from = sqliteFileOf(config);
  if (!existsSync(from)) throw new ApiError(404, 'not_found', `there is no database at ${from}`);
  const { pages } = await copySqliteOnline(from, opts.to);
  out.result(
    { file: opts.to, pages, masterKeyFile: config.masterKeyFile },
    `backup of ${from} written to ${opts.to} (${pages} pages).\n${masterKeyNote(config)}`,
  );
}

function openCopy(file: string): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: new SQLite(file, { fileMustExist: true }) }),
  });
}

export async function restoreCommand(
  config: ServiceConfig,
  out: Output,
  opts: { from: string; force?: boolean },
): Promise<void> {
  if (isPostgresUrl(config.databaseUrl)) return pgAdvice(config, out, 'restore');
  const target = sqliteFileOf(config);
  if (existsSync(target) && !opts.force) {
    throw new ApiError(
      400,
      'exists',
      `${target} exists: stop the service and move it away, or give --force to replace it`,
    );
  }
  const masterKey = await readMasterKey(config.masterKeyFile).catch((err: unknown) => {
    throw new ApiError(
      400,
      'master_key_missing',
      `no master key at ${config.masterKeyFile} (${(err as Error).message}). Copy there the master key that was in use when the backup was made: ` +
        'without it the backup cannot unseal its signing keys.',
    );
  });
  const staged = `${target}.restoring`;
  rmSync(staged, { force: true });
  await copySqliteOnline(opts.from, staged);
  const copy = openCopy(staged);
  try {
    const { total, failed } = await keysNotUnsealable(copy, masterKey).catch(() => {
      throw new ApiError(400, 'not_a_backup', `${opts.from} is not a Latchkey database backup`);
    });
    if (total === 0) throw new ApiError(400, 'not_a_backup', `${opts.from} holds no signing keys`);
    if (failed.length) {
      throw new ApiError(
        400,
        'wrong_master_key',
        `the master key ${config.masterKeyFile} does not unseal ${failed.length} of the backup's ${total} signing keys: ` +
          'copy there the master key that was in use when the backup was made',
      );
    }
  } catch (err) {
    await copy.destroy();
    rmSync(staged, { force: true });
    throw err;
  }
  await copy.destroy();
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staged, target);
  const restored = openCopy(target);
  try {
    await recordSealedKeys(config, restored);
  } finally {
    await restored.destroy();
  }
  out.result(
    { database: target, from: opts.from, masterKeyFile: config.masterKeyFile },
    `restored ${opts.from} into ${target}; its signing keys unseal with ${config.masterKeyFile}. Start the service: latchkey-server serve`,
  );
}
