import { describe, expect, it } from 'vitest';
import { matchesSearch, parseSearch, type Searchable } from './search.ts';

const product = (p: Partial<Searchable>): Searchable => ({
  id: 'sales.contacts',
  name: 'Customer contacts',
  purpose: 'People at customer accounts, for account teams.',
  domain: 'sales',
  team: 'sales-ops',
  classification: 'internal',
  fields: [{ tags: ['pii'], classification: 'pii' }],
  ...p,
});

const CATALOG = [
  product({}),
  product({ id: 'analytics.customer-acquisition-cost', name: 'Customer acquisition cost', purpose: 'Spend per new customer.', domain: 'analytics', team: 'analytics-engineering', fields: [{ tags: [], classification: 'internal' }] }),
  product({ id: 'marketing.leads', name: 'Leads', purpose: 'Prospects from campaigns.', domain: 'marketing', team: 'growth-marketing', fields: [{ tags: ['pii'], classification: 'pii' }, { tags: ['confidential'], classification: 'confidential' }] }),
];

const ids = (q: string) => CATALOG.filter((p) => matchesSearch(p, parseSearch(q))).map((p) => p.id);

describe('catalog search', () => {
  it('matches everything when empty', () => {
    expect(ids('')).toHaveLength(3);
    expect(ids('   ')).toHaveLength(3);
  });

  it('finds by name, id or purpose, case-insensitively', () => {
    expect(ids('ACQUISITION')).toEqual(['analytics.customer-acquisition-cost']);
    expect(ids('prospects')).toEqual(['marketing.leads']);
    expect(ids('customer')).toEqual(['sales.contacts', 'analytics.customer-acquisition-cost']);
  });

  it('finds by tag or classification, of the product or any field', () => {
    expect(ids('tag:pii')).toEqual(['sales.contacts', 'marketing.leads']);
    expect(ids('tag:confidential')).toEqual(['marketing.leads']);
    expect(ids('pii')).toEqual(['sales.contacts', 'marketing.leads']);
    // a tag matches whole, not as a substring
    expect(ids('tag:pi')).toEqual([]);
  });

  it('finds by owner team, and narrows by domain', () => {
    expect(ids('owner:analytics')).toEqual(['analytics.customer-acquisition-cost']);
    expect(ids('team:growth-marketing')).toEqual(['marketing.leads']);
    expect(ids('domain:sales')).toEqual(['sales.contacts']);
    expect(ids('sales-ops')).toEqual(['sales.contacts']);
  });

  it('requires every term', () => {
    expect(ids('tag:pii domain:marketing')).toEqual(['marketing.leads']);
    expect(ids('tag:pii owner:analytics')).toEqual([]);
  });

  it('treats an unknown prefix as text', () => {
    expect(parseSearch('color:red')).toEqual([{ kind: 'text', value: 'color:red' }]);
    expect(ids('nothing:here')).toEqual([]);
  });
});
