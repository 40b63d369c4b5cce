// The delivery loop every node runs (started by server.ts): each tick fans
// the outbox out to deliveries, then claims and sends due rows until none are
// left or the tick has sent enough to let the next one fan out again. Ticks
// never overlap within a node; across nodes the claim decides (claim.ts).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { deliverDue, type DeliverySettings } from './deliver.ts';
import { fanOutAll } from './fan-out.ts';

const maxBatchesPerTick = 20;

export interface DeliveryLoop {
  /** One tick now (tests); resolves when it is done. */
  tick(): Promise<void>;
  /** The poll timer (cleared with the service's other timers); undefined when polling is off. */
  timer: NodeJS.Timeout | undefined;
  stop(): Promise<void>;
}

export function startDeliveryLoop(
  deps: { db: Db; clock: Clock; masterKey: Buffer; logger: Logger; onError?: (err: unknown) => void },
  settings: DeliverySettings & { pollMs: number },
): DeliveryLoop {
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ctx = { ...deps, holder, settings };
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = async () => {
    await fanOutAll(deps.db, deps.clock);
    for (let i = 0; i < maxBatchesPerTick && !stopped; i++) {
      const tally = await deliverDue(ctx);
      if (tally.sent > 0) deps.logger.debug({ ...tally, holder }, 'webhooks sent');
      if (tally.sent + tally.failed === 0) break;
    }
  };
  const tick = () =>
    (running ??= run()
      .catch((err: unknown) =>
        (deps.onError ?? ((e) => deps.logger.error({ err: e }, 'webhook delivery failed')))(err),
      )
      .finally(() => (running = undefined)));
  const timer = settings.pollMs > 0 ? setInterval(() => void tick(), settings.pollMs).unref() : undefined;
  return {
    tick,
    timer,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
