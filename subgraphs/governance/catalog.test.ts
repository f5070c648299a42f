import { describe, expect, it } from 'vitest';
import { selectProducts } from './catalog.ts';

const product = (id: string, over: object = {}) => ({ id, name: id, domain: id.split('.')[0], team: 't', status: 'active', purpose: 'p', classification: 'internal', sla: { freshness: 'PT1H' }, clients: [], ...over });
const catalog = [product('sales.contacts', { classification: 'confidential', clients: [{ client: 'crm' }] }), product('marketing.leads', { purpose: 'People who answered campaigns', sla: { freshness: 'PT1H', latency: '300ms' } }), product('sales.accounts')];

describe('dataProducts', () => {
  it('lists every product ordered by id, with its SLA flattened', () => {
    expect(selectProducts(catalog, undefined).map((p) => [p.id, p.freshness, p.latency])).toEqual([['marketing.leads', 'PT1H', '300ms'], ['sales.accounts', 'PT1H', null], ['sales.contacts', 'PT1H', null]]);
  });

  it('applies every given filter condition', () => {
    const ids = (filter: object) => selectProducts(catalog, filter).map((p) => p.id);
    expect(ids({ domain: 'sales' })).toEqual(['sales.accounts', 'sales.contacts']);
    expect(ids({ domain: 'sales', classification: 'confidential' })).toEqual(['sales.contacts']);
    expect(ids({ search: 'CAMPAIGN' })).toEqual(['marketing.leads']);
    expect(ids({ usedBy: 'crm', status: null })).toEqual(['sales.contacts']);
    expect(ids({ team: 'nobody' })).toEqual([]);
  });
});
