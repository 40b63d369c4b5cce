// When the next check-in runs: at the license's renew-after, or a while after
// a check-in found no server. One timer, never keeping the process alive.
import type { LicenseState } from '../license-verifier.ts';

const defaultOfflineRetryMs = 15 * 60_000;

export class RenewalTimer {
  private timer: NodeJS.Timeout | undefined;
  private readonly checkIn: () => Promise<void>;
  private readonly now: () => Date;
  private readonly offlineRetryMs: number;

  /** The longest wait between check-ins (the CheckInIntervalHours policy); null: no bound. */
  private readonly capMs: () => number | null;

  constructor(
    checkIn: () => Promise<void>,
    now: () => Date,
    offlineRetryMs = defaultOfflineRetryMs,
    capMs: () => number | null = () => null,
  ) {
    this.checkIn = checkIn;
    this.now = now;
    this.offlineRetryMs = offlineRetryMs;
    this.capMs = capMs;
  }

  /** At renew-after (claims.renew_after), or sooner where policy bounds the wait; an expired lease waits for the user. */
  scheduleRenewal(verified: LicenseState): void {
    if (verified.status === 'expired') return;
    const untilRenewal = verified.renewAfter.getTime() - this.now().getTime();
    this.arm(Math.min(untilRenewal, this.capMs() ?? Infinity));
  }

  /** When the next check-in is due, if one is armed (tests, diagnostics). */
  get dueInMs(): number | null {
    return this.armedFor;
  }

  scheduleRetry(): void {
    this.arm(this.offlineRetryMs);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = null;
  }

  private armedFor: number | null = null;

  private arm(delayMs: number): void {
    this.clear();
    // setTimeout holds at most ~24.8 days; a later renew-after is re-armed when it fires.
    const delay = Math.min(Math.max(delayMs, 1_000), 2 ** 31 - 1);
    this.armedFor = delay;
    this.timer = setTimeout(() => void this.checkIn().catch(() => undefined), delay);
    this.timer.unref();
  }
}
