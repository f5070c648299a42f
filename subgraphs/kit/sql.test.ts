import { describe, expect, it } from 'vitest';
import { and, join, or, raw, render, sql } from './sql.ts';

describe('sql fragments', () => {
  it('turns values into numbered parameters, never into SQL text', () => {
    const name = "x'; DROP TABLE accounts; --";
    expect(render(sql`SELECT * FROM t WHERE a = ${1} AND b = ${name}`)).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b = $2', params: [1, name] });
  });

  it('inlines nested fragments and renumbers their parameters', () => {
    const inner = sql`x = ${'a'} OR y = ${'b'}`;
    expect(render(sql`SELECT ${raw('id')} FROM t WHERE ${inner} AND z = ${3}`)).toEqual({ text: 'SELECT id FROM t WHERE x = $1 OR y = $2 AND z = $3', params: ['a', 'b', 3] });
  });

  it('joins, ANDs and ORs fragments with neutral elements for empty lists', () => {
    expect(render(join([sql`a = ${1}`, sql`b = ${2}`], ', '))).toEqual({ text: 'a = $1, b = $2', params: [1, 2] });
    expect(render(and([sql`a = ${1}`, sql`b = ${2}`])).text).toBe('(a = $1 AND b = $2)');
    expect(render(and([])).text).toBe('TRUE');
    expect(render(or([])).text).toBe('FALSE');
  });
});
