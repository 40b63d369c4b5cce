// Certificate expiry warnings for step 4: a banner from 30 days before an IdP
// signing certificate expires (and once it has), so the rollover is planned.
export const expiryWarningDays = 30;
const dayMs = 86_400_000;

export type ExpiryState =
  | { kind: 'valid'; daysLeft: number }
  | { kind: 'expiring'; daysLeft: number }
  | { kind: 'expired'; daysAgo: number };

export function expiryOf(notAfter: string, now: Date): ExpiryState {
  const left = (new Date(notAfter).getTime() - now.getTime()) / dayMs;
  if (left <= 0) return { kind: 'expired', daysAgo: Math.floor(-left) };
  const daysLeft = Math.floor(left);
  return left <= expiryWarningDays ? { kind: 'expiring', daysLeft } : { kind: 'valid', daysLeft };
}

export function expiryBanner(
  certificates: { subject: string; notAfter: string }[],
  now: Date,
): string | undefined {
  const notes = certificates.flatMap((c, i) => {
    const state = expiryOf(c.notAfter, now);
    const name = `Certificate ${i + 1} (${c.subject})`;
    if (state.kind === 'expired') return [`${name} expired ${state.daysAgo} days ago.`];
    if (state.kind === 'expiring')
      return [
        `${name} expires in ${state.daysLeft} ${state.daysLeft === 1 ? 'day' : 'days'}: add the IdP's new certificate as the second one now.`,
      ];
    return [];
  });
  return notes.length ? notes.join(' ') : undefined;
}
