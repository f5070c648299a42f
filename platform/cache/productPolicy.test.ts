import { describe, expect, it } from 'vitest';
import { cachePolicyByType, combinedPolicy } from './productPolicy.ts';

const byType = cachePolicyByType([
  { types: ['Account'], freshnessSeconds: 3600 },
  { types: ['Lead', 'Account'], freshnessSeconds: 900 },
  { types: ['Opportunity'], freshnessSeconds: 900 },
  { types: ['ProductFreshness'], freshnessSeconds: 60, cacheable: false },
]);

describe('cache policy from data products', () => {
  it('gives a type the shortest freshness SLA of the products publishing it', () => {
    expect(byType.get('Account')).toEqual({ ttlSeconds: 900, cacheable: true });
    expect(byType.get('ProductFreshness')).toEqual({ ttlSeconds: 60, cacheable: false });
  });

  it('caches a combination for its shortest lifetime, capped, and only when every part allows it', () => {
    expect(combinedPolicy(['Account', 'Opportunity'], byType, 300)).toEqual({ ttlSeconds: 300, cacheable: true, unknown: [] });
    expect(combinedPolicy(['Account'], byType, 7200).ttlSeconds).toBe(900);
    expect(combinedPolicy(['Account', 'ProductFreshness'], byType, 300).cacheable).toBe(false);
  });

  it('refuses to cache what involves a type no product describes', () => {
    expect(combinedPolicy(['Account', 'Mystery'], byType, 300)).toMatchObject({ cacheable: false, unknown: ['Mystery'] });
  });
});
