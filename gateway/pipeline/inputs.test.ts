import { describe, expect, it } from 'vitest';
import { invalidString, jsonValueProblem, MAX_INPUT_DEPTH } from './inputs.ts';

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('jsonValueProblem', () => {
  it('accepts every value up to the depth limit and refuses every one beyond, at any depth, without recursion', () => {
    expect(jsonValueProblem(nested(MAX_INPUT_DEPTH), 'v')).toBeUndefined();
    for (const levels of [MAX_INPUT_DEPTH + 1, 1000, 200_000]) expect(jsonValueProblem(nested(levels), 'variable "$f"')).toBe(`variable "$f" is nested deeper than ${MAX_INPUT_DEPTH} levels`);
  });

  it('names where an invalid string sits, in objects, arrays and keys', () => {
    expect(jsonValueProblem({ filter: { names: ['ok', 'b\u0000d'] } }, 'variable "$v"')).toBe('variable "$v" at filter.names[1] holds a NUL character');
    expect(jsonValueProblem('\udc00', 'variable "$id"')).toMatch(/^variable "\$id" holds an unpaired UTF-16 surrogate/);
    expect(jsonValueProblem({ ['k\u0000']: 1 }, 'x')).toBe('x has a key that holds a NUL character');
  });

  it('accepts ordinary text, including characters outside the BMP', () => {
    for (const s of ['', 'Müller', '日本', '😀 emoji pair', 'line\nbreak\ttab']) expect(invalidString(s)).toBeUndefined();
    expect(jsonValueProblem({ a: ['😀', null, true, 3.5] }, 'v')).toBeUndefined();
  });

  it('refuses exactly the strings with a NUL or an unpaired surrogate (all single code units)', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const bad = c === 0 || (c >= 0xd800 && c <= 0xdfff);
      expect(invalidString(`a${String.fromCharCode(c)}b`) !== undefined, `U+${c.toString(16)}`).toBe(bad);
    }
  });
});
