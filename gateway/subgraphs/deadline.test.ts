import { expect, it } from 'vitest';
import { callDeadline } from './deadline.ts';

it('rounds the call deadline down to whole seconds, so calls within one second carry the same token', () => {
  expect(callDeadline(1_000_000_100, 10_000)).toBe(1_000_010);
  expect(callDeadline(1_000_000_999, 10_000)).toBe(1_000_010);
  expect(callDeadline(1_000_001_000, 10_000)).toBe(1_000_011);
  // A sub-second timeout still leaves the subgraph until the next second, never a deadline already past.
  expect(callDeadline(1_000_000_900, 50)).toBe(1_000_001);
});
