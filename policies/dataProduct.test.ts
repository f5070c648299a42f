import { describe, expect, it } from 'vitest';
import { compareClassifications, descriptorProblems, fieldClassification, strongestClassification } from './dataProduct.ts';

const descriptor = (product: object) => ({
  apiVersion: 'dpg/v1',
  domain: 'analytics',
  team: 'analytics-engineering',
  products: [{ id: 'analytics.cac', name: 'CAC', status: 'active', purpose: 'Spend per customer won.', types: ['AcquisitionCost'], sla: { freshness: 'PT1H' }, classification: 'internal', ...product }],
});

describe('data-product descriptors', () => {
  it('accept lineage from Type.field to the Type.fields it is computed from, and a group size', () => {
    expect(descriptorProblems(descriptor({ lineage: { 'AcquisitionCost.spend': ['MonthlySpend.amount'] }, minGroupSize: 3 }))).toEqual([]);
  });

  it('name every malformed lineage entry and group size', () => {
    expect(descriptorProblems(descriptor({ lineage: ['MonthlySpend.amount'] }))).toEqual(['products[0] (analytics.cac): "lineage" must map Type.field to the list of Type.field it is computed from']);
    expect(
      descriptorProblems(descriptor({ lineage: { spend: ['MonthlySpend.amount'], 'Campaign.cost': ['MonthlySpend.amount'], 'AcquisitionCost.cac': [], 'AcquisitionCost.channel': ['channel', 7] }, minGroupSize: 0 })),
    ).toEqual([
      'products[0] (analytics.cac): lineage field "spend" must be written Type.field',
      'products[0] (analytics.cac): lineage field "Campaign.cost" is not of one of the product\'s types',
      'products[0] (analytics.cac): lineage of "AcquisitionCost.cac" must list at least one input, Type.field',
      'products[0] (analytics.cac): lineage input "channel" of "AcquisitionCost.channel" must be written Type.field',
      'products[0] (analytics.cac): lineage input 7 of "AcquisitionCost.channel" must be written Type.field',
      'products[0] (analytics.cac): "minGroupSize" must be a whole number of at least 1',
    ]);
  });
});

describe('classifications', () => {
  it('are ordered public < internal < confidential < pii', () => {
    expect(strongestClassification(['internal', 'pii', 'public'])).toBe('pii');
    expect(strongestClassification([])).toBeUndefined();
    expect(compareClassifications('internal', 'confidential')).toBeLessThan(0);
  });

  it('of a field: the descriptor\'s word for it, else its classification tag, else the product\'s default', () => {
    const product = { classification: 'internal' as const, fields: { 'A.x': 'pii' as const } };
    expect(fieldClassification(product, 'A.x', ['confidential'])).toBe('pii');
    expect(fieldClassification(product, 'A.y', ['aggregate', 'confidential'])).toBe('confidential');
    expect(fieldClassification(product, 'A.z', ['aggregate'])).toBe('internal');
  });
});
