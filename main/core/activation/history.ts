// The last few things the activation did, with times and codes, for the
// diagnostic report. Never holds a token, a secret or an email's sign-in URL.
const keep = 30;

export class ActivationHistory {
  private readonly entries: { at: Date; event: string; code: string | null }[] = [];

  add(event: string, code: string | null, at: Date): void {
    this.entries.push({ at, event, code });
    if (this.entries.length > keep) this.entries.shift();
  }

  lines(): string[] {
    return this.entries.map((e) => `  ${e.at.toISOString()} ${e.event}${e.code ? ` ${e.code}` : ''}`);
  }
}
