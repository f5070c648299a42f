import { describe, expect, it } from 'vitest';
import { redoUntilDone } from './redo.ts';

describe('redoUntilDone', () => {
  it('does work now when it can, and otherwise again later, in order, until it succeeds', async () => {
    const redo = redoUntilDone(5);
    let storeUp = false;
    const done: string[] = [];
    const work = (name: string) => async () => (storeUp ? (done.push(name), true) : false);
    expect(await redo.run(work('a'))).toBe(false);
    expect(await redo.run(work('b'))).toBe(false);
    expect(redo.pending).toBe(2);
    storeUp = true;
    while (redo.pending) await new Promise((r) => setTimeout(r, 5));
    expect(done).toEqual(['a', 'b']);
    expect(await redo.run(work('c'))).toBe(true);
    redo.stop();
  });
});
