import { describe, expect, it } from 'vitest';
import { completeLineage } from './catalog.ts';
import { ago, durationWords } from './format.ts';

describe('lineage', () => {
  it('adds the direction the catalog leaves out', () => {
    const l = completeLineage([
      { id: 'analytics.cac', lineage: { upstream: ['marketing.campaigns', 'sales.accounts'] } },
      { id: 'marketing.campaigns', lineage: null },
      { id: 'sales.accounts' },
    ]);
    expect(l.get('marketing.campaigns')).toEqual({ upstream: [], downstream: ['analytics.cac'] });
    expect(l.get('sales.accounts')).toEqual({ upstream: [], downstream: ['analytics.cac'] });
    expect(l.get('analytics.cac')).toEqual({ upstream: ['marketing.campaigns', 'sales.accounts'], downstream: [] });
  });

  it('keeps both directions given, without duplicates', () => {
    const l = completeLineage([
      { id: 'a', lineage: { upstream: [], downstream: ['b'] } },
      { id: 'b', lineage: { upstream: ['a'], downstream: [] } },
    ]);
    expect(l.get('a')).toEqual({ upstream: [], downstream: ['b'] });
    expect(l.get('b')).toEqual({ upstream: ['a'], downstream: [] });
  });

  it('keeps ids of products the caller cannot see, without inventing their side', () => {
    const l = completeLineage([{ id: 'a', lineage: { upstream: ['hidden.product'] } }]);
    expect(l.get('a')!.upstream).toEqual(['hidden.product']);
    expect(l.has('hidden.product')).toBe(false);
  });
});

describe('formatting', () => {
  it('says ISO 8601 durations in words', () => {
    expect(durationWords('PT1H')).toBe('1 hour');
    expect(durationWords('PT1H30M')).toBe('1 hour 30 minutes');
    expect(durationWords('P1D')).toBe('1 day');
    expect(durationWords('P2DT5S')).toBe('2 days 5 seconds');
    expect(durationWords('soon')).toBe('soon');
  });

  it('says how long ago an instant was', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(ago('2025-06-01T11:59:30Z', now)).toBe('just now');
    expect(ago('2025-06-01T11:58:00Z', now)).toBe('2 minutes ago');
    expect(ago('2025-06-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(ago('2025-05-31T12:00:00Z', now)).toBe('1 day ago');
  });
});
