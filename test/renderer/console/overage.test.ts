// The Licenses page's seat sentence with an overage (issue 23 item 3).
import { expect, test } from 'vitest';
import { percentInput, seatsSentence } from '../../../renderer/console/lib/overage.ts';

test('over the count with an overage: used of seats, how many over, and the ceiling', () => {
  expect(seatsSentence({ seats: 25, used: 27, over: 2, percent: 20, ceiling: 30 })).toBe(
    '27 of 25 seats (2 over, allowed to 30)',
  );
  expect(seatsSentence({ seats: 25, used: 12, over: 0, percent: 20, ceiling: 30 })).toBe(
    '12 of 25 seats (allowed to 30)',
  );
});

test('off: says so, and seats still held above the count after it was lowered are shown', () => {
  expect(seatsSentence({ seats: 1, used: 0, over: 0, percent: 0, ceiling: 1 })).toBe(
    '0 of 1 seat (no overage: off)',
  );
  expect(seatsSentence({ seats: 25, used: 27, over: 2, percent: 0, ceiling: 25 })).toBe(
    '27 of 25 seats (2 over, no overage allowed now)',
  );
});

test('the percent typed is sent as a number only when it is a whole number; else as typed, for the service to refuse', () => {
  expect(percentInput(' 25 ')).toBe(25);
  expect(percentInput('12.5')).toBe('12.5');
  expect(percentInput('-1')).toBe('-1');
});
