// The notifier's timer (server.ts): every node asks every
// LATCHKEY_NOTIFY_CHECK_SECONDS; the job's lease decides which one runs.
import type { Logger } from 'pino';
import { thisNode } from '../licensing/reclamation-job.ts';
import { mailerFromConfig } from '../mail/mailer.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { runNotifier } from './notifier.ts';

export function startNotifierTimer(
  deps: ServiceDeps,
  logger: Logger,
  failed: (err: unknown) => void,
): NodeJS.Timeout | undefined {
  if (deps.config.notifyCheckSeconds <= 0) return undefined;
  const mailer = mailerFromConfig(deps.config.mail);
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    const ctx = {
      db: deps.database.db,
      clock: deps.clock,
      mailer,
      masterKey: deps.masterKey,
      // Read at each tick: with port 0 the public URL is known only once the service listens.
      publicUrl: deps.config.publicUrl.replace(/\/$/, ''),
    };
    runNotifier(ctx, thisNode)
      .then((run) => {
        if (run && (run.sent || run.failed)) logger.info({ ...run, node: thisNode }, 'notifications sent');
      })
      .catch(failed)
      .finally(() => (running = false));
  };
  return setInterval(tick, deps.config.notifyCheckSeconds * 1000).unref();
}
