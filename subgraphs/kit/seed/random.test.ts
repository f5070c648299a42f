import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';
import { quarterOf, universe } from './universe.ts';

describe('seeded randomness', () => {
  it('replays the same draws for the same seed and differs for another', () => {
    const draw = (seed: string) => {
      const r = new Random(seed);
      return [r.next(), r.int(1, 6), r.date('2024-01-01', '2024-12-31'), r.amount(1, 100)];
    };
    expect(draw('sales@1')).toEqual(draw('sales@1'));
    expect(draw('sales@1')).not.toEqual(draw('marketing@1'));
  });

  it('stays inside the ranges it is given', () => {
    const r = new Random('ranges');
    for (let i = 0; i < 1000; i++) {
      expect(r.int(3, 5)).toBeGreaterThanOrEqual(3);
      const d = r.date('2024-02-27', '2024-03-02');
      expect(d >= '2024-02-27' && d <= '2024-03-02').toBe(true);
    }
  });

  it('sizes the shared universe by scale and names quarters', () => {
    expect(universe(1).accountIds).toHaveLength(200);
    expect(universe(0.5).accountIds[99]).toBe('acc-000100');
    expect(() => universe(0)).toThrow();
    expect(quarterOf('2025-02-14')).toBe('2025-Q1');
    expect(quarterOf('2024-12-31')).toBe('2024-Q4');
  });

  it('gives every account one region all domains agree on, the same on every run', () => {
    const u = universe(1);
    const regions = u.accountIds.map((id) => u.regionOf(id));
    expect(universe(1).accountIds.map((id) => universe(1).regionOf(id))).toEqual(regions);
    expect(new Set(regions)).toEqual(new Set(['NA', 'EMEA', 'APAC', 'LATAM']));
    expect(() => u.regionOf('acc-999999')).toThrow(/no account/);
  });
});
