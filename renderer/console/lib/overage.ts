// The Licenses page's seat sentence with a license's overage (issue 23 item 3):
// "27 of 25 seats (2 over, allowed to 30)". `over` counts the seats held above
// their place's own count (the pool's or a sublicense's), as the service does.
export interface SeatFacts {
  seats: number;
  used: number;
  over: number;
  percent: number;
  ceiling: number;
}

const seatWord = (n: number) => (n === 1 ? 'seat' : 'seats');

export function seatsSentence({ seats, used, over, percent, ceiling }: SeatFacts): string {
  const head = `${used} of ${seats} ${seatWord(seats)}`;
  if (percent === 0)
    return over > 0 ? `${head} (${over} over, no overage allowed now)` : `${head} (no overage: off)`;
  return over > 0 ? `${head} (${over} over, allowed to ${ceiling})` : `${head} (allowed to ${ceiling})`;
}

/** The form's text as the service wants it: a whole number is sent as one, anything else as typed (it says why). */
export const percentInput = (typed: string): number | string =>
  /^\d{1,3}$/.test(typed.trim()) ? Number(typed.trim()) : typed;
