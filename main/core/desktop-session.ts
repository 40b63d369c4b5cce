// What the app's window needs beyond the activation state: the managed settings in force
// (re-read while running) and the SSO step the app opens by itself — at start with
// ActivateAtStart, or from an invitation's latchkey://activate link. The Electron shell
// and the webshell each hold one; the window takes a waiting prompt once.
import type { EffectivePolicy, SsoPrompt } from '../../common/desktop-policy.ts';
import type { ActivationEngine } from './activation/activation-engine.ts';
import {
  createDesktopEngine,
  defaultDataDir,
  defaultTrustAnchor,
  isReleaseBuild,
  serverUrlFor,
  type DesktopEngineOptions,
} from './desktop-engine.ts';
import { parseActivationLink, promptAtStart, promptForLink } from './policy/activation-link.ts';
import { openDesktopPolicy } from './policy/desktop-policy-store.ts';
import type { PolicyStore } from './policy/policy-store.ts';

export class DesktopSession {
  readonly engine: ActivationEngine;
  private readonly store: PolicyStore;
  private prompt: SsoPrompt | null = null;
  private readonly promptListeners = new Set<() => void>();

  constructor(engine: ActivationEngine, store: PolicyStore) {
    this.engine = engine;
    this.store = store;
  }

  policy(): EffectivePolicy {
    return this.store.current();
  }

  onPolicy(listener: (policy: EffectivePolicy) => void): () => void {
    return this.store.onChange(listener);
  }

  /** Starts the engine (the stored license, a check-in) and watches the policy stores. */
  async start(): Promise<void> {
    this.store.watch();
    await this.engine.start();
    this.offer(promptAtStart(this.policy(), this.engine.getState().phase !== 'idle'));
  }

  /** The SSO step waiting to be shown, once: the window takes it when it loads or hears of it. */
  takePrompt(): SsoPrompt | null {
    const prompt = this.prompt;
    this.prompt = null;
    return prompt;
  }

  /** Called when a prompt is waiting. */
  onPrompt(listener: () => void): () => void {
    this.promptListeners.add(listener);
    return () => this.promptListeners.delete(listener);
  }

  /**
   * A URL the OS opened the app with: the sign-in's scheme callback goes to the engine; an
   * activation link opens the SSO step filled in (never more); anything else is ignored.
   */
  openUrl(url: string): 'callback' | 'prompt' | 'ignored' {
    if (this.engine.handleOpenUrl(url)) return 'callback';
    const link = parseActivationLink(url);
    const now = new Date();
    if (!link) return 'ignored';
    if (this.engine.getState().phase !== 'idle') {
      this.engine.history.add('activation link ignored: not idle', null, now);
      return 'ignored';
    }
    const decision = promptForLink(link, this.policy());
    if ('ignored' in decision) {
      this.engine.history.add(`activation link ignored: ${decision.ignored}`, null, now);
      return 'ignored';
    }
    this.engine.history.add('activation link opened Continue with SSO', null, now);
    this.offer(decision.prompt);
    return 'prompt';
  }

  close(): void {
    this.store.close();
    this.engine.close();
  }

  private offer(prompt: SsoPrompt | null): void {
    if (!prompt) return;
    this.prompt = prompt;
    for (const listener of this.promptListeners) listener();
  }
}

/** The session of this computer: its policy stores, watched, and the engine under them. */
export async function createDesktopSession(options: DesktopEngineOptions): Promise<DesktopSession> {
  const packaged = options.packaged ?? isReleaseBuild();
  const dataDir = options.dataDir ?? defaultDataDir();
  const anchor = options.trustAnchor ?? defaultTrustAnchor(packaged);
  const store = await openDesktopPolicy({
    dataDir,
    packaged,
    anchor,
    buildServerUrl: options.defaultServerUrl ?? serverUrlFor(anchor, packaged),
  });
  const engine = await createDesktopEngine({
    ...options,
    dataDir,
    packaged,
    trustAnchor: anchor,
    policyStore: store,
  });
  return new DesktopSession(engine, store);
}
