// What went wrong with the database, in the terms an operator acts on: away
// (PostgreSQL restarting, failing over, unreachable), full, read-only, an I/O
// error, or the SQLite file deleted/replaced under the running service.
// Anything else is a bug, not a fault of the database, and stays a 500.

export type DatabaseFaultKind = 'unavailable' | 'full' | 'read-only' | 'io-error' | 'file-gone';

export interface DatabaseFault {
  kind: DatabaseFaultKind;
  /** The driver's or the OS's code: SQLITE_FULL, EROFS, 57P01, ECONNREFUSED… */
  code: string;
  /** The driver's own message (no SQL, no values). */
  message: string;
}

/** A fault we raise ourselves (the file identity check): carries its classification. */
export class DatabaseFaultError extends Error {
  override name = 'DatabaseFaultError';
  readonly fault: DatabaseFault;
  constructor(fault: DatabaseFault) {
    super(fault.message);
    this.fault = fault;
  }
}

// PostgreSQL SQLSTATEs (Appendix A of its manual): class 08 connection
// exceptions, 57P0x operator intervention (57P01 admin_shutdown is what a
// restart or pg_terminate_backend sends), 53100 disk_full, 53300
// too_many_connections, 25006 read_only_sql_transaction (a standby after a
// failover), 3D000 the database is gone.
const pgKinds: Record<string, DatabaseFaultKind> = {
  '57P01': 'unavailable',
  '57P02': 'unavailable',
  '57P03': 'unavailable',
  '53300': 'unavailable',
  '3D000': 'unavailable',
  '53100': 'full',
  '25006': 'read-only',
};

const errnoKinds: Record<string, DatabaseFaultKind> = {
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EPIPE: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read-only',
  EACCES: 'read-only',
  EPERM: 'read-only',
  EIO: 'io-error',
};

// pg says these without a code when the socket closes under it.
const pgConnectionMessages =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)|is not currently accepting connections/;

function kindOfCode(code: string, message: string): DatabaseFaultKind | undefined {
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return 'io-error';
  if (code.startsWith('08')) return 'unavailable';
  if (code === '55000' && pgConnectionMessages.test(message)) return 'unavailable';
  return pgKinds[code] ?? errnoKinds[code];
}

/** The database fault behind `err` (looking through `cause`), or undefined for any other error. */
export function classifyDatabaseFault(err: unknown): DatabaseFault | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DatabaseFaultError) return current.fault;
    const code = (current as { code?: unknown }).code;
    const kind =
      typeof code === 'string'
        ? kindOfCode(code, current.message)
        : pgConnectionMessages.test(current.message)
          ? 'unavailable'
          : undefined;
    if (kind) {
      return { kind, code: typeof code === 'string' ? code : 'CONNECTION_LOST', message: current.message };
    }
    current = current.cause;
  }
  return undefined;
}

/** Degraded: the database answers but cannot take writes. Unavailable: it does not answer. */
export function isWriteFault(kind: DatabaseFaultKind): boolean {
  return kind === 'full' || kind === 'read-only' || kind === 'io-error';
}

/** Retry-After (RFC 9110 §10.2.3): a restarting server is back in seconds; a disk needs a person. */
export function retryAfterSeconds(kind: DatabaseFaultKind): number {
  return kind === 'unavailable' ? 5 : 30;
}
