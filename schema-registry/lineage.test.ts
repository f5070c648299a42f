import { describe, expect, it } from 'vitest';
import type { LocatedDeclassification } from '../policies/declassifications.ts';
import { lineageFindings } from './checks/lineage.ts';
import { lineageOf } from './lineage.ts';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag"])';
const ledger = {
  subgraph: 'ledger',
  sdl: `${LINK} type Spend @key(fields: "id") { id: ID! month: String! amount: Float @tag(name: "confidential") } type Query { spends: [Spend!]! }`,
  dataProduct: { apiVersion: 'dpg/v1' as const, domain: 'ledger', team: 'finance', products: [{ id: 'ledger.spend', name: 'Spend', status: 'active' as const, purpose: 'p', types: ['Spend'], sla: { freshness: 'PT1H' }, classification: 'internal' as const }] },
};
const insights = (tag: string, product: object = {}) => ({
  subgraph: 'insights',
  sdl: `${LINK} type Cost @key(fields: "id") { id: ID! month: String! total: Float @tag(name: "${tag}") } type Query { costs: [Cost!]! }`,
  dataProduct: {
    apiVersion: 'dpg/v1' as const,
    domain: 'insights',
    team: 'bi',
    products: [
      { id: 'insights.costs', name: 'Costs', status: 'active' as const, purpose: 'p', types: ['Cost'], sla: { freshness: 'PT1H' }, classification: 'internal' as const, lineage: { 'Cost.total': ['Spend.amount'], 'Cost.month': ['Spend.month', 'Budget.month'] }, ...product },
    ],
  },
});
const declassified = (over: Partial<LocatedDeclassification> = {}): LocatedDeclassification => ({
  id: 'cost-totals',
  field: 'Cost.total',
  to: 'internal',
  reason: 'Totals over five months reveal no single month.',
  when: { minGroupSize: 5 },
  file: 'policies/rules/d.yaml',
  line: 3,
  ...over,
});

describe('lineage', () => {
  it('links derived fields to their inputs\' products and classifications, both ways', () => {
    const l = lineageOf([ledger, insights('internal')]);
    expect(l.derived.find((d) => d.coordinate === 'Cost.total')).toEqual({
      coordinate: 'Cost.total',
      product: 'insights.costs',
      subgraph: 'insights',
      classification: 'internal',
      inputs: [{ coordinate: 'Spend.amount', products: ['ledger.spend'], subgraphs: ['ledger'], classification: 'confidential' }],
    });
    expect(l.derived.find((d) => d.coordinate === 'Cost.month')!.inputs[1]).toEqual({ coordinate: 'Budget.month', products: [], subgraphs: [], classification: undefined });
    expect(l.builtFrom.get('insights.costs')).toEqual(['ledger.spend']);
    expect(l.feeds.get('ledger.spend')).toEqual(['insights.costs']);
  });

  it('refuses a derived field less sensitive than its most sensitive input, naming the input and its product', () => {
    const findings = lineageFindings(lineageOf([ledger, insights('internal')]).derived, [], 'insights');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'CLASSIFICATION_WEAKER_THAN_INPUTS',
        coordinate: 'Cost.total',
        message: 'Cost.total (insights.costs) is classified internal, but it is computed from Spend.amount (confidential, ledger.spend): a derived field is at least as sensitive as its most sensitive input.',
      }),
    ]);
    expect(lineageFindings(lineageOf([ledger, insights('confidential')]).derived, [], 'insights').filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('holds the product that feeds a weaker derived field to it too, and leaves unrelated subgraphs alone', () => {
    const derived = lineageOf([ledger, insights('internal')]).derived;
    expect(lineageFindings(derived, [], 'ledger')).toEqual([expect.objectContaining({ code: 'CLASSIFICATION_WEAKER_THAN_INPUTS', fix: expect.stringMatching(/before this change, in insights/) })]);
    expect(lineageFindings(derived, [], 'sales')).toEqual([]);
  });

  it('warns about inputs no live product publishes, since they are checked when they are', () => {
    const findings = lineageFindings(lineageOf([insights('internal')]).derived, [], 'insights');
    expect(findings.map((f) => [f.severity, f.code, f.coordinate])).toEqual([
      ['warning', 'LINEAGE_INPUT_UNPUBLISHED', 'Cost.total'],
      ['warning', 'LINEAGE_INPUT_UNPUBLISHED', 'Cost.month'],
    ]);
  });

  it('accepts a reviewed declassification only when the product meets its condition and the field is not below it', () => {
    const judge = (tag: string, product: object, d: LocatedDeclassification) => lineageFindings(lineageOf([ledger, insights(tag, product)]).derived, [d], 'insights').filter((f) => f.coordinate === 'Cost.total');
    expect(judge('internal', { minGroupSize: 5 }, declassified())).toEqual([
      expect.objectContaining({ severity: 'info', code: 'DECLASSIFIED', message: expect.stringContaining('declassified by cost-totals — Totals over five months'), policy: { file: 'policies/rules/d.yaml', line: 3, rule: 'cost-totals' } }),
    ]);
    expect(judge('internal', { minGroupSize: 4 }, declassified())).toEqual([expect.objectContaining({ severity: 'error', code: 'DECLASSIFICATION_CONDITION_UNMET', message: expect.stringMatching(/at least 5 input rows, but data product insights.costs declares minGroupSize 4/) })]);
    expect(judge('internal', {}, declassified())).toEqual([expect.objectContaining({ code: 'DECLASSIFICATION_CONDITION_UNMET', message: expect.stringMatching(/declares no minGroupSize/) })]);
    expect(judge('public', { minGroupSize: 5 }, declassified())).toEqual([expect.objectContaining({ severity: 'error', code: 'CLASSIFICATION_BELOW_DECLASSIFICATION' })]);
    expect(judge('internal', { minGroupSize: 5 }, declassified({ field: 'Cost.month' }))).toEqual([expect.objectContaining({ code: 'CLASSIFICATION_WEAKER_THAN_INPUTS' })]);
  });
});
