import { describe, expect, it } from 'vitest';
import { deprecatedCoordinates, deprecatedSince, type HistoryEntry } from './deprecations.ts';

describe('deprecatedCoordinates', () => {
  it('finds deprecated fields, arguments, input fields and enum values', () => {
    const sdl = `
      type Query { a: Int @deprecated(reason: "x") b(old: Int @deprecated, neu: Int): Int }
      enum Region { NA EMEA @deprecated(reason: "split") }
      input F { x: Int @deprecated y: Int }`;
    expect([...deprecatedCoordinates(sdl)].sort()).toEqual(['F.x', 'Query.a', 'Query.b(old:)', 'Region.EMEA']);
  });
});

describe('deprecatedSince', () => {
  async function* history(entries: HistoryEntry[]) {
    for (const e of entries) yield e;
  }
  const at = (day: string, ...deprecated: string[]): HistoryEntry => ({ createdAt: `2025-01-${day}T00:00:00.000Z`, deprecated: new Set(deprecated) });

  it('dates a deprecation by the oldest supergraph of its unbroken run', async () => {
    const newestFirst = [at('20', 'A.x', 'A.y'), at('15', 'A.x', 'A.y'), at('10', 'A.x'), at('05'), at('01', 'A.x')];
    const since = await deprecatedSince(['A.x', 'A.y', 'A.z'], history(newestFirst));
    // A.x was deprecated on the 1st, un-deprecated on the 5th, deprecated again on the 10th.
    expect(Object.fromEntries(since)).toEqual({ 'A.x': '2025-01-10T00:00:00.000Z', 'A.y': '2025-01-15T00:00:00.000Z' });
  });

  it('stops reading history as soon as every run has ended', async () => {
    let read = 0;
    async function* counted() {
      for (const e of [at('20', 'A.x'), at('15'), at('10', 'A.x'), at('05', 'A.x')]) {
        read++;
        yield e;
      }
    }
    expect(Object.fromEntries(await deprecatedSince(['A.x'], counted()))).toEqual({ 'A.x': '2025-01-20T00:00:00.000Z' });
    expect(read).toBe(2);
  });
});
