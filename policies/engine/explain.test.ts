import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf } from './apiSchema.ts';
import { explainOperation, formatExplanation } from './explain.ts';
import { compile, facts, supergraphSdl, who } from './fixtures.ts';

const policy = compile({
  'p.yaml': `tags:
  pii:
    unmasked: [{ roles: [rep] }]
    otherwise: partial
    overrides: { Customer.born: year-only }
  confidential:
    unmasked: [{ roles: [rep] }]
    otherwise: deny
grants:
  - id: analysts
    to: { roles: [analyst] }
    read: [{ subgraph: crm }]
  - id: reps
    to: { roles: [rep] }
    read: [{ subgraph: crm }]
    rows:
      Customer: { region: $principal.attributes.region }
`,
});
const explain = (query: string, roles: string[]) => explainOperation(policy, apiSchemaOf(supergraphSdl), parse(query), who(roles, { region: 'EU' }));

describe('explain', () => {
  it('knows what arguments read from the supergraph', () => {
    expect(facts.reads.get('Query.customers(minRevenue:)')).toEqual(['Customer.revenue']);
    expect(facts.reads.get('CustomerFilter.emailContains')).toEqual(['Customer.email']);
  });

  it('reports the best case per field, each argument that reads a field, and the ways in of a type decided per row', () => {
    const e = explain('query($f: CustomerFilter) { customers(minRevenue: 10, filter: { region: "EU" }) { email } more: customers(filter: $f) { id } }', ['analyst', 'rep']);
    expect(e.fields.find((f) => f.path === 'customers.email')).toMatchObject({ decision: 'allow', rule: 'reps' });
    expect(e.arguments.map((a) => `${a.path} ${a.argument} → ${a.reads}: ${a.decision} ${a.rule}`)).toEqual([
      'customers minRevenue → Customer.revenue: deny tag-confidential',
      'customers filter.region → Customer.region: allow analysts',
      // Given by a variable: every read it could make is reported.
      'more filter.region → Customer.region: allow analysts',
      'more filter.emailContains → Customer.email: mask tag-pii',
    ]);
    expect(e.rows.find((r) => r.type === 'Customer')).toMatchObject({ rows: 'all rows', ways: ['analysts as analyst: all rows', 'reps as rep: region eq "EU"'] });
    const text = formatExplanation(e);
    expect(text).toContain('customers(minRevenue) reads Customer.revenue: refused (denied)  tag-confidential');
    expect(text).toContain('decided per row, way reps as rep: region eq "EU"');
    expect(explain('{ customers { id } }', ['rep']).rows.find((r) => r.type === 'Customer')).not.toHaveProperty('ways');
  });
});
