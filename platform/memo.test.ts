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

describe('Memo bounded by bytes', () => {
  it('drops the least recently used entries until what it holds weighs no more than its budget', () => {
    const memo = new Memo<string>(1000, 10_000);
    for (let i = 0; i < 100; i++) memo.get(`k${i}`, () => 'v', 1000);
    expect(memo.bytes).toBeLessThanOrEqual(10_000);
    expect(memo.size).toBeLessThan(10);
    let made = 0;
    memo.get('k99', () => String(++made), 1000);
    expect(made).toBe(0); // the most recent entry stayed
  });

  it('computes but does not keep an entry heavier than the whole budget', () => {
    const memo = new Memo<number>(10, 1000);
    let made = 0;
    memo.get('big', () => ++made, 5000);
    memo.get('big', () => ++made, 5000);
    expect(made).toBe(2);
    expect(memo.size).toBe(0);
  });

  it('weighs an entry by its key when the caller names no cost', () => {
    const memo = new Memo<number>(10, 5000);
    memo.get('x'.repeat(1000), () => 1);
    memo.get('y'.repeat(1000), () => 2);
    memo.get('z'.repeat(1000), () => 3);
    expect(memo.size).toBe(2);
  });
});
