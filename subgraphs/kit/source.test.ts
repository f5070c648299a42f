import { describe, expect, it } from 'vitest';
import type { Resolved } from '../../policies/engine/conditions.ts';
import { holds } from './source.ts';

const row = { code: 'EUR', region: 'EMEA', rate: 0.92, desk: null };
const cmp = (field: string, op: Extract<Resolved, { kind: 'compare' }>['op'], value: any): Resolved => ({ kind: 'compare', field, op, value });

describe('row conditions on rows a function returned', () => {
  it('compares as SQL does', () => {
    expect(holds(cmp('region', 'eq', 'EMEA'), row)).toBe(true);
    expect(holds(cmp('region', 'eq', 'NA'), row)).toBe(false);
    expect(holds(cmp('region', 'ne', 'NA'), row)).toBe(true);
    expect(holds(cmp('region', 'in', ['NA', 'EMEA']), row)).toBe(true);
    expect(holds(cmp('rate', 'gt', 1), row)).toBe(false);
    expect(holds(cmp('rate', 'lte', 0.92), row)).toBe(true);
    expect(holds(cmp('desk', 'eq', null), row)).toBe(true);
    expect(holds(cmp('desk', 'gte', 0), row)).toBe(false);
  });

  it('combines with and/or, and hides a row it cannot prove anything about', () => {
    expect(holds({ kind: 'and', items: [cmp('region', 'eq', 'EMEA'), cmp('code', 'eq', 'GBP')] }, row)).toBe(false);
    expect(holds({ kind: 'or', items: [cmp('region', 'eq', 'NA'), cmp('code', 'eq', 'EUR')] }, row)).toBe(true);
    // A field the row does not carry, or a relation to another entity: not shown.
    expect(holds(cmp('owner', 'eq', 'ann'), row)).toBe(false);
    expect(holds({ kind: 'related', field: 'account', type: 'Account', condition: { kind: 'true' } }, row)).toBe(false);
    expect(holds({ kind: 'true' }, row)).toBe(true);
    expect(holds({ kind: 'false' }, row)).toBe(false);
  });
});
