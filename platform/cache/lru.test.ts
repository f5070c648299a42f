import { describe, expect, it } from 'vitest';
import { Lru } from './lru.ts';

const clock = () => {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('Lru', () => {
  it('expires entries after their time to live', () => {
    const c = clock();
    const lru = new Lru<string>({ maxSize: 100, sizeOf: () => 1, now: c.now });
    lru.set('a', 'A', 50);
    expect(lru.get('a')).toBe('A');
    c.advance(49);
    expect(lru.ttl('a')).toBe(1);
    c.advance(1);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('evicts the least recently used entry when over budget', () => {
    const removed: string[] = [];
    const lru = new Lru<string>({ maxSize: 3, sizeOf: () => 1, onRemove: (k) => removed.push(k) });
    lru.set('a', 'A', 1000);
    lru.set('b', 'B', 1000);
    lru.set('c', 'C', 1000);
    lru.get('a'); // a is now the most recent
    lru.set('d', 'D', 1000);
    expect(removed).toEqual(['b']);
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.get('d')]).toEqual(['A', undefined, 'C', 'D']);
  });

  it('refuses an entry larger than the whole budget instead of emptying itself', () => {
    const lru = new Lru<string>({ maxSize: 10, sizeOf: (v) => v.length });
    lru.set('small', 'xx', 1000);
    lru.set('huge', 'x'.repeat(11), 1000);
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.get('small')).toBe('xx');
    expect(lru.bytes).toBe(2);
  });
});
