// The policy in force, kept current: read at start, re-read when a store changes. Files
// are watched (fs.watch on their folders — a configuration profile replaces the file, so
// the file's own watch would go stale), with a debounce since an MDM writes in bursts;
// a slow poll catches what a watch cannot (a folder created later, the registry, whose
// changes Node cannot watch: Windows re-reads it with `reg query` on that poll).
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { EffectivePolicy } from '../../../common/desktop-policy.ts';
import { effectivePolicy, type BuildPolicy } from './effective-policy.ts';
import type { PolicyLocation } from './policy-locations.ts';
import { readPolicyStores } from './read-policy.ts';

export interface PolicyStoreOptions {
  locations: PolicyLocation[];
  /** The user's own settings (settings.json in the data folder); null: none. */
  userSettingsFile: string | null;
  build: BuildPolicy;
  debounceMs?: number;
  pollMs?: number;
}

export class PolicyStore {
  private policy: EffectivePolicy;
  private readonly listeners = new Set<(policy: EffectivePolicy) => void>();
  private readonly watchers: FSWatcher[] = [];
  private poll: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private reading: Promise<EffectivePolicy> | undefined;

  private readonly options: PolicyStoreOptions;

  private constructor(options: PolicyStoreOptions, first: EffectivePolicy) {
    this.options = options;
    this.policy = first;
  }

  static async open(options: PolicyStoreOptions): Promise<PolicyStore> {
    const stores = await readPolicyStores(options.locations, options.userSettingsFile);
    return new PolicyStore(options, effectivePolicy(stores, options.build));
  }

  current(): EffectivePolicy {
    return this.policy;
  }

  onChange(listener: (policy: EffectivePolicy) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads every store again; listeners hear of it only when something changed. */
  reload(): Promise<EffectivePolicy> {
    this.reading ??= (async () => {
      try {
        const stores = await readPolicyStores(this.options.locations, this.options.userSettingsFile);
        const next = effectivePolicy(stores, this.options.build);
        const changed = JSON.stringify(next) !== JSON.stringify(this.policy);
        this.policy = next;
        if (changed) for (const listener of this.listeners) listener(next);
        return next;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  /** Starts watching; close() stops. Timers never keep the process alive. */
  watch(): void {
    const folders = new Set(
      [
        ...this.options.locations,
        ...(this.options.userSettingsFile ? [{ where: this.options.userSettingsFile, kind: 'json' }] : []),
      ]
        .filter((l) => l.kind !== 'registry')
        .map((l) => dirname(l.where)),
    );
    for (const folder of folders) {
      try {
        const watcher = watch(folder, { persistent: false }, () => this.soon());
        watcher.on('error', () => undefined);
        this.watchers.push(watcher);
      } catch {
        // Not there (yet): the poll notices when it appears.
      }
    }
    this.poll = setInterval(() => void this.reload().catch(() => undefined), this.options.pollMs ?? 60_000);
    this.poll.unref();
  }

  close(): void {
    for (const w of this.watchers.splice(0)) w.close();
    if (this.poll) clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
  }

  private soon(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(
      () => void this.reload().catch(() => undefined),
      this.options.debounceMs ?? 250,
    );
    this.debounce.unref();
  }
}
