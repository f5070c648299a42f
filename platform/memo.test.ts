import { describe, expect, it } from 'vitest';
import { Memo } from './memo.ts';

describe('Memo', () => {
  it('computes once per key and keeps the most recently used entries', () => {
    const memo = new Memo<number>(2);
    let made = 0;
    const get = (k: string) => memo.get(k, () => ++made);
    expect([get('a'), get('b'), get('a')]).toEqual([1, 2, 1]);
    get('c'); // evicts b, the least recently used
    expect(get('a')).toBe(1);
    expect(get('b')).toBe(4);
    expect(memo.size).toBe(2);
    memo.clear();
    expect(memo.size).toBe(0);
  });
});
