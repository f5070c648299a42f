import { describe, expect, it } from 'vitest';
import { freshnessReport } from './report.ts';

const products = [
  { id: 'sales.pipeline', types: ['Opportunity'], sla: { freshness: 'PT15M' } },
  { id: 'sales.accounts', types: ['Account'], sla: { freshness: 'PT1H' } },
  { id: 'analytics.cac', types: ['AcquisitionCost'], sla: { freshness: 'PT1H' } },
];
const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('freshness in the answer', () => {
  it('reports each touched product the subgraphs reported on, with its SLA, and warns (not errs) about stale ones', () => {
    const report = freshnessReport(products, new Set(['Opportunity', 'AcquisitionCost']), { 'sales.pipeline': '2026-12-02T11:30:00.000Z', 'sales.accounts': '2026-12-02T11:59:00.000Z', 'analytics.cac': null }, NOW);
    expect(report.freshness).toEqual({
      'sales.pipeline': { refreshedAt: '2026-12-02T11:30:00.000Z', sla: 'PT15M', stale: true },
      'analytics.cac': { refreshedAt: null, sla: 'PT1H', stale: true },
    });
    expect(report.warnings).toEqual([
      { message: 'data product sales.pipeline was last refreshed at 2026-12-02T11:30:00.000Z, beyond its freshness SLA of PT15M', extensions: { code: 'STALE_DATA', product: 'sales.pipeline', refreshedAt: '2026-12-02T11:30:00.000Z', sla: 'PT15M' } },
      { message: 'data product analytics.cac has never been refreshed, beyond its freshness SLA of PT1H', extensions: { code: 'STALE_DATA', product: 'analytics.cac', refreshedAt: null, sla: 'PT1H' } },
    ]);
  });

  it('is fresh within the SLA, and says nothing of products no subgraph answered for', () => {
    const report = freshnessReport(products, new Set(['Opportunity', 'Account']), { 'sales.pipeline': '2026-12-02T11:50:00.000Z' }, NOW);
    expect(report).toEqual({ freshness: { 'sales.pipeline': { refreshedAt: '2026-12-02T11:50:00.000Z', sla: 'PT15M', stale: false } }, warnings: [] });
  });
});
