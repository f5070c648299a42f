import { describe, expect, it } from 'vitest';
import { isStale, selectProducts } from './catalog.ts';

const product = (id: string, over: object = {}) => ({ id, name: id, domain: id.split('.')[0], team: 't', status: 'active', purpose: 'p', classification: 'internal', sla: { freshness: 'PT1H' }, clients: [], builtFrom: [], feeds: [], ...over });
const catalog = [
  product('sales.contacts', { classification: 'confidential', clients: [{ client: 'crm', kind: 'app' }, { client: 'ann', kind: 'user' }, { client: 'old-report', kind: 'unknown' }, { client: 'powerbi', kind: 'api-key' }] }),
  product('marketing.leads', { purpose: 'People who answered campaigns', sla: { freshness: 'PT1H', latency: '300ms' }, feeds: ['analytics.cac'] }),
  product('sales.accounts', { clients: [{ client: 'ann', kind: 'user' }], feeds: ['analytics.cac'] }),
  product('analytics.cac', { builtFrom: ['marketing.leads', 'sales.accounts'] }),
];
const analyst = { subject: 'curious', roles: ['analyst'], scopes: [], attributes: {} };
const governance = { subject: 'gus', roles: ['governance'], scopes: [], attributes: {} };

describe('dataProducts', () => {
  it('lists every product ordered by id, with its SLA flattened', () => {
    expect(selectProducts(catalog, undefined, analyst).map((p) => [p.id, p.freshness, p.latency])).toEqual([
      ['analytics.cac', 'PT1H', null],
      ['marketing.leads', 'PT1H', '300ms'],
      ['sales.accounts', 'PT1H', null],
      ['sales.contacts', 'PT1H', null],
    ]);
  });

  it('applies every given filter condition', () => {
    const ids = (filter: object) => selectProducts(catalog, filter, analyst).map((p) => p.id);
    expect(ids({ domain: 'sales' })).toEqual(['sales.accounts', 'sales.contacts']);
    expect(ids({ domain: 'sales', classification: 'confidential' })).toEqual(['sales.contacts']);
    expect(ids({ search: 'CAMPAIGN' })).toEqual(['marketing.leads']);
    expect(ids({ usedBy: 'crm', status: null })).toEqual(['sales.contacts']);
    expect(ids({ team: 'nobody' })).toEqual([]);
  });

  it('shows applications and API keys to everyone, people only to governance — also through the usedBy filter', () => {
    const contacts = (who: typeof analyst) => selectProducts(catalog, { domain: 'sales' }, who).find((p) => p.id === 'sales.contacts')!.clients.map((c) => c.client);
    expect(contacts(analyst)).toEqual(['crm', 'powerbi']);
    expect(contacts(governance)).toEqual(['crm', 'ann', 'old-report', 'powerbi']);
    expect(selectProducts(catalog, { usedBy: 'ann' }, analyst)).toEqual([]);
    expect(selectProducts(catalog, { usedBy: 'ann' }, governance).map((p) => p.id)).toEqual(['sales.accounts', 'sales.contacts']);
  });

  it('links lineage both ways to the products themselves, whatever the filter', () => {
    const [cac] = selectProducts(catalog, { domain: 'analytics' }, analyst);
    expect(cac.builtFrom.map((p) => p.id)).toEqual(['marketing.leads', 'sales.accounts']);
    expect(cac.builtFrom[1].feeds.map((p) => p.id)).toEqual(['analytics.cac']);
    // Linked products are filtered for the caller too.
    expect(cac.builtFrom[1].clients).toEqual([]);
  });
});

describe('dataProducts freshness', () => {
  const NOW = Date.parse('2026-12-02T12:00:00.000Z');
  const reported = [
    product('sales.accounts', { refreshedAt: '2026-12-02T11:30:00.000Z' }),
    product('sales.pipeline', { sla: { freshness: 'PT15M' }, refreshedAt: '2026-12-02T11:30:00.000Z' }),
    product('marketing.leads', { refreshedAt: null }),
    product('gameplay.players'),
  ];
  const freshness = (id: string) => {
    const p = selectProducts(reported, undefined, analyst, NOW).find((x) => x.id === id)!;
    return { refreshedAt: p.refreshedAt, stale: p.stale };
  };

  it('carries when each product was last refreshed, stale only past its SLA', () => {
    expect(freshness('sales.accounts')).toEqual({ refreshedAt: '2026-12-02T11:30:00.000Z', stale: false });
    expect(freshness('sales.pipeline')).toEqual({ refreshedAt: '2026-12-02T11:30:00.000Z', stale: true });
  });

  it('says neither fresh nor stale for a product never reported', () => {
    expect(freshness('marketing.leads')).toEqual({ refreshedAt: null, stale: null });
    expect(freshness('gameplay.players')).toEqual({ refreshedAt: null, stale: null });
  });

  it('is stale exactly once the SLA has passed', () => {
    expect(isStale('2026-12-02T11:00:00.000Z', 'PT1H', NOW)).toBe(false);
    expect(isStale('2026-12-02T10:59:59.999Z', 'PT1H', NOW)).toBe(true);
    expect(isStale('2026-12-01T12:30:00.000Z', 'P1D', NOW)).toBe(false);
  });
});
