// One look for the Dashboard's charts: axes and grid in the console's own
// colours (CSS variables, so light and dark follow the system), no animation.
export const axis = {
  stroke: 'var(--line)',
  tick: { fill: 'var(--muted)', fontSize: 12 },
} as const;

export const chartHeight = 200;

/** "2026-03-14" → "14 Mar": short day labels on the axis (the table keeps the full date). */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
