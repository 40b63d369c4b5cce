// The service's Retry-After on a refusal (RFC 9110 §10.2.3: delay-seconds or
// an HTTP-date; RFC 6585 §4 for a 429), read for the user's message ("wait N
// minutes"). Bounded: a day at most; anything else is no wait named.
const maxSeconds = 24 * 60 * 60;

export function retryAfterOf(response: Response | undefined, now: Date = new Date()): number | null {
  const value = response?.headers.get('retry-after')?.trim();
  if (!value) return null;
  const seconds = /^\d{1,9}$/.test(value)
    ? Number(value)
    : Math.ceil((Date.parse(value) - now.getTime()) / 1000);
  return Number.isSafeInteger(seconds) && seconds > 0 && seconds <= maxSeconds ? seconds : null;
}
