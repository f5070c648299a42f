import { describe, expect, it } from 'vitest';
import { CACHE_FORMAT_VERSION, digest, namespace, stableJson } from './keys.ts';

describe('cache keys', () => {
  it('start with the deployment prefix and the entry-format version', () => {
    expect(namespace('dpg')).toBe(`dpg:v${CACHE_FORMAT_VERSION}`);
    expect(namespace('team-a.prod')).toBe(`team-a.prod:v${CACHE_FORMAT_VERSION}`);
  });

  it('refuse prefixes that could collide with the key structure', () => {
    expect(() => namespace('a:b')).toThrow(/may hold only/);
    expect(() => namespace('')).toThrow(/may hold only/);
  });

  it('digest parts unambiguously: moving a boundary changes the digest', () => {
    expect(digest('ab', 'c')).not.toBe(digest('a', 'bc'));
    expect(digest('ab', 'c')).toBe(digest('ab', 'c'));
    expect(digest('x')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serialise variables the same whatever their key order', () => {
    expect(stableJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(stableJson({ a: 1, b: undefined })).toBe(stableJson({ a: 1 }));
    expect(stableJson(undefined)).toBe('null');
  });
});
