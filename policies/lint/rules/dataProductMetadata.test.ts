import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { DomainDescriptor } from '../../dataProduct.ts';
import rule from './dataProductMetadata.ts';

const schema = parse('type Query { "x" a: Int }');
const product = { id: 'sales.accounts', name: 'Accounts', status: 'active', purpose: 'Every company we sell to, with region and segment.', types: ['Account'], sla: { freshness: 'PT1H' }, classification: 'internal' } as const;
const descriptor = (over: object = {}, productOver: object = {}) => ({ apiVersion: 'dpg/v1', domain: 'sales', team: 'sales-ops', products: [{ ...product, ...productOver }], ...over }) as unknown as DomainDescriptor;
const check = (d: DomainDescriptor | null, options = rule.defaults) => rule.check({ schema, descriptor: d }, options);

describe('lint rule: data-product-metadata', () => {
  it('passes a descriptor whose products declare owner team, purpose, freshness SLA and classification', () => {
    expect(check(descriptor())).toEqual([]);
  });

  it('fails a subgraph published without any descriptor', () => {
    expect(check(null)).toEqual([expect.objectContaining({ message: 'no data-product descriptor was published with this schema', fix: expect.stringMatching(/data-product\.yaml/) })]);
  });

  it('names each missing piece of metadata with its own fix', () => {
    const problems = check(descriptor({ team: '' }, { purpose: 'short', sla: { freshness: 'hourly' }, classification: 'secret' }));
    expect(problems.map((p) => p.message)).toEqual([
      'the descriptor names no owner team',
      'data product sales.accounts has no purpose of at least 20 characters',
      'data product sales.accounts has a freshness SLA "hourly" that is not an ISO 8601 duration',
      'data product sales.accounts has no classification (one of public, internal, confidential, pii)',
    ]);
    expect(problems[2].fix).toMatch(/PT1H/);
    expect(check(descriptor({}, { sla: {} })).map((p) => p.message)).toEqual(['data product sales.accounts declares no freshness SLA']);
  });

  it('requires a contact and longer purposes when configured to', () => {
    expect(check(descriptor(), { minPurposeLength: 200, requireContact: true }).map((p) => p.message)).toEqual([
      'the descriptor names no contact',
      'data product sales.accounts has no purpose of at least 200 characters',
    ]);
  });
});
