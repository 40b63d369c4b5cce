// The database's health as the service sees it: a fault starts an episode
// that is logged once (not once per failed request), and ends, logged again,
// when a probe or a new connection shows the database works again.
import type { Logger } from 'pino';
import { classifyDatabaseFault, type DatabaseFault, type DatabaseFaultKind } from './faults.ts';

const said: Record<DatabaseFaultKind, string> = {
  unavailable: 'database unavailable: requests answer 503 until it is back',
  full: 'database disk full: writes answer 503 until space is freed',
  'read-only': 'database is read-only: writes answer 503 until it is writable again',
  'io-error': 'database I/O error: writes answer 503; check the disk',
  'file-gone':
    'database file deleted or replaced while running: writes answer 503; restore the file (or a backup) and restart',
};

interface Episode {
  fault: DatabaseFault;
  since: number;
  failures: number;
}

export class DatabaseHealth {
  #episode: Episode | undefined;
  readonly #logger: Logger | undefined;

  constructor(logger?: Logger) {
    this.#logger = logger;
  }

  /** The fault of the current episode, if one is going on. */
  get fault(): DatabaseFault | undefined {
    return this.#episode?.fault;
  }

  /** Records the database fault behind `err` (if it is one) and returns it. */
  report(err: unknown): DatabaseFault | undefined {
    const fault = classifyDatabaseFault(err);
    if (fault) this.begin(fault);
    return fault;
  }

  begin(fault: DatabaseFault): void {
    const current = this.#episode;
    // A deleted file stays the story until a restart, whatever fails after it.
    if (current && (current.fault.kind === fault.kind || current.fault.kind === 'file-gone')) {
      current.failures++;
      return;
    }
    this.#episode = { fault, since: Date.now(), failures: 1 };
    this.#logger?.error(
      { dbFault: { kind: fault.kind, code: fault.code, detail: fault.message } },
      `${said[fault.kind]} (${fault.message.startsWith(fault.code) ? '' : `${fault.code}: `}${fault.message})`,
    );
  }

  /** The database works again (a probe passed, a new connection opened): ends the episode, or only one of `kind`. */
  end(kind?: DatabaseFaultKind): void {
    const current = this.#episode;
    if (!current || current.fault.kind === 'file-gone') return;
    if (kind && current.fault.kind !== kind) return;
    this.#episode = undefined;
    this.#logger?.info(
      {
        dbFault: { kind: current.fault.kind, code: current.fault.code },
        seconds: Math.round((Date.now() - current.since) / 1000),
        failures: current.failures,
      },
      'database recovered',
    );
  }
}
