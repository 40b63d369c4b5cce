// This process's sender of app invitations: one per service (deps), made on
// first use. `kick()` starts a pass through the queue unless one is running
// (the timer in server.ts, and the console right after an invite, so a typed
// invitation leaves within a second). Without SMTP there is no sender.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mailerFromConfig, type Mailer } from '../mail/mailer.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { sendQueuedAppInvitations } from './send-queued.ts';

export interface AppInvitationSender {
  /** Starts a pass unless one is under way; resolves when the pass (or the one under way) ends. */
  kick(): Promise<void>;
}

/** What the sender logs with (pino's and Fastify's loggers both fit). */
interface SenderLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const senders = new WeakMap<ServiceDeps, AppInvitationSender | null>();
const thisNode = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function appInvitationSender(deps: ServiceDeps, logger: SenderLog): AppInvitationSender | null {
  const known = senders.get(deps);
  if (known !== undefined) return known;
  const mailer = mailerFromConfig(deps.config.mail);
  const sender = mailer ? makeSender(deps, logger, mailer) : null;
  senders.set(deps, sender);
  return sender;
}

function makeSender(deps: ServiceDeps, logger: SenderLog, mailer: Mailer): AppInvitationSender {
  let running: Promise<void> | undefined;
  const pass = async () => {
    const result = await sendQueuedAppInvitations(deps.database.db, deps.clock, mailer, {
      // Read now: with port 0 the public URL is known only once the service listens.
      publicUrl: deps.config.publicUrl,
      downloadUrl: deps.config.appInvitations.downloadUrl,
      node: thisNode,
    });
    if (result.sent || result.failed) logger.info(result, 'app invitations sent');
  };
  return {
    kick() {
      running ??= pass()
        .catch((err: unknown) => {
          if (!deps.database.health.report(err)) logger.error({ err }, 'sending app invitations failed');
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}
