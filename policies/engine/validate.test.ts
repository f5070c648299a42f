import { describe, expect, it } from 'vitest';
import { check } from './fixtures.ts';

const grant = (read: string, extra = '') => `grants:\n  - id: g\n    to: { roles: [r] }\n    read:\n      - ${read}\n${extra}`;

describe('validating policies against the supergraph', () => {
  it('accepts references to existing subgraphs, types, fields and tags', () => {
    expect(check({ 'ok.yaml': grant('{ subgraph: crm }') + '      - { type: Case }\n      - { field: Customer.email }\n      - { tag: pii }\n' })).toEqual([]);
  });

  it.each([
    ['{ subgraph: billing }', 'unknown subgraph "billing" (known: crm, support, or "*" for every subgraph)'],
    ['{ type: Invoice }', 'unknown type "Invoice"'],
    ['{ field: Customer.shoeSize }', 'unknown field "Customer.shoeSize"'],
    ['{ tag: secret }', 'unknown tag "secret": no field carries @tag(name: "secret")'],
  ])('names the file and line of a reference that does not exist: %s', (target, message) => {
    expect(check({ 'bad.yaml': grant(target) })).toEqual([{ file: 'bad.yaml', line: 5, message }]);
  });

  it('checks that masks fit the fields they reach', () => {
    const tags = (rule: string) => check({ 't.yaml': `tags:\n  pii:\n    unmasked: { scopes: [pii:read] }\n${rule}` });
    expect(tags('    otherwise: partial\n')).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('does not fit Customer.born (Date): "partial" masks strings and IDs, not Date') })]);
    expect(tags('    otherwise: partial\n    overrides:\n      Customer.born: year-only\n')).toEqual([]);
    expect(tags('    otherwise: year-only\n')).toContainEqual(expect.objectContaining({ message: expect.stringContaining('does not fit Customer.email (String): "year-only" masks dates') }));
    const grantMask = check({ 'g.yaml': 'grants:\n  - id: g\n    to: {}\n    read: [{ type: Customer }, { tag: aggregate }]\n    masks: { aggregate: hash }\n' });
    expect(grantMask).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('does not fit Customer.orderCount (Int)') })]);
  });

  it('allows the null mask only on nullable fields (YAML null or "null")', () => {
    const internal = (otherwise: string, overrides = '') => check({ 'x.yaml': `tags:\n  internal:\n    unmasked: { roles: [a] }\n    otherwise: ${otherwise}\n${overrides}` });
    expect(internal('null')).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('Customer.tier (non-null String): "null" needs a nullable field') })]);
    expect(internal('"null"', '    overrides:\n      Customer.tier: redact\n')).toEqual([]);
  });

  it('checks row conditions name fields of their type and understood principal references', () => {
    const rows = (cond: string) => check({ 'r.yaml': grant('{ subgraph: crm }', `    rows:\n      Customer: ${cond}\n`) });
    expect(rows('{ region: $principal.attributes.region }')).toEqual([]);
    expect(rows('{ country: $principal.attributes.region }')).toEqual([expect.objectContaining({ line: 7, message: 'row condition on Customer names unknown field "country"' })]);
    expect(rows('{ region: $user.region }')[0].message).toMatch(/"\$user.region" is not a principal reference/);
  });

  it('finds conflicting rules: duplicate ids, two rules for one tag, a grant its forbid cancels', () => {
    const problems = check({
      'a.yaml': 'grants:\n  - id: same\n    to: { roles: [r] }\n    read: [{ type: Case }]\ntags:\n  pii:\n    unmasked: {}\n    otherwise: deny\n',
      'b.yaml': 'forbid:\n  - id: same\n    to: { roles: [r] }\n    read: [{ type: Case }]\ntags:\n  pii:\n    unmasked: {}\n    otherwise: deny\n',
    });
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^a\.yaml:2: grant "same" conflicts with forbid "same" \(b\.yaml:2\)/),
      'b.yaml:2: rule id "same" is already used at a.yaml:2',
      expect.stringMatching(/^b\.yaml:6: tag "pii" already has a rule at a\.yaml:6/),
    ]);
  });

  describe('declassifications', () => {
    const declassify = (field: string, to: string, extra = '') =>
      `declassify:\n  - id: d-${field.toLowerCase().replace('.', '-')}\n    field: ${field}\n    to: ${to}\n    reason: Sums over many customers reveal none of them.\n    when: { minGroupSize: 5 }\n${extra}`;

    it('accepts one per derived field, naming an existing field tagged no lower than it allows', () => {
      expect(check({ 'd.yaml': declassify('Customer.revenue', 'internal') })).toEqual([]);
    });

    it('names the file and line of an unknown field, a second one for the field, and a field tagged below it', () => {
      expect(check({ 'd.yaml': declassify('Customer.shoeSize', 'internal') })).toEqual([{ file: 'd.yaml', line: 3, message: 'unknown field "Customer.shoeSize"' }]);
      expect(check({ 'a.yaml': declassify('Customer.revenue', 'internal'), 'b.yaml': declassify('Customer.revenue', 'public').replace('d-customer-revenue', 'again') })).toEqual([
        { file: 'b.yaml', line: 3, message: 'Customer.revenue is already declassified at a.yaml:2; a field has one declassification' },
      ]);
      // Customer.tier is tagged internal: a declassification to confidential would let nothing weaker than what it already is.
      expect(check({ 'd.yaml': declassify('Customer.tier', 'confidential') })).toEqual([{ file: 'd.yaml', line: 4, message: 'Customer.tier is tagged internal, less sensitive than this declassification allows (confidential)' }]);
    });

    it('refuses one without a reason or a condition, or declassifying to pii', () => {
      const problems = check({ 'd.yaml': 'declassify:\n  - id: d\n    field: Customer.revenue\n    to: pii\n    reason: short\n' });
      expect(problems.map((p) => p.message)).toEqual(
        expect.arrayContaining([expect.stringMatching(/declassify\.0: "when" is required/), expect.stringMatching(/declassify\.0\.to: must be one of public, internal, confidential/), expect.stringMatching(/declassify\.0\.reason: must NOT have fewer than 20 characters/)]),
      );
      expect(check({ 'd.yaml': declassify('Customer.revenue', 'internal').replace('minGroupSize: 5', 'minGroupSize: 1') })[0].message).toMatch(/minGroupSize: must be >= 2/);
    });
  });

  it('checks relations: "visible" only on fields that point to an entity, alone, and never in a cycle', () => {
    const rows = (type: string, cond: string, read = '{ subgraph: support }') => check({ 'r.yaml': grant(read, `    rows:\n      ${type}: ${cond}\n`) });
    expect(rows('Case', '{ customer: { visible: true } }')).toEqual([]);
    expect(rows('Case', '{ status: { visible: true } }')).toEqual([expect.objectContaining({ line: 7, message: '"visible" follows a relation, and Case.status is a String, not an object type' })]);
    expect(rows('Case', '{ customer: { visible: true, eq: x } }')[0].message).toMatch(/cannot be combined with comparisons/);
    expect(rows('Case', '{ customer: { visible: false } }')).toContainEqual({ file: 'r.yaml', line: 7, message: 'grants.0.rows.Case.customer.visible: must be equal to constant' });
    const cycle = check({
      'c.yaml': 'grants:\n  - id: a\n    to: { roles: [r] }\n    read: [{ subgraph: support }]\n    rows:\n      Case: { customer: { visible: true } }\n      Customer: { cases: { visible: true } }\n',
    });
    expect(cycle.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining('relations go round in a cycle: Case follows Customer')]));
  });

  it('reports filter gaps: a grant showing rows that point to an entity its roles see only filtered', () => {
    const policy = (cases: string, extra = '') =>
      check({
        'g.yaml': `grants:\n  - id: reps-own-region\n    to: { roles: [rep] }\n    read: [{ subgraph: crm }]\n    rows:\n      Customer: { region: $principal.attributes.region }\n  - id: reps-cases\n    to: { roles: [rep, agent] }\n    read: [{ type: Case }]\n${cases}${extra}`,
      });
    expect(policy('')).toEqual([
      {
        file: 'g.yaml',
        line: 7,
        message:
          'filter gap: grant "reps-cases" shows Case rows to role rep, and Case.customer points to Customer, whose rows are filtered for that role (reps-own-region); add "rows: { Case: { customer: { visible: true } } }" so a Case is visible only where its customer is',
      },
    ]);
    // A condition of its own that is not the relation leaves the gap, reported where the condition is.
    expect(policy('    rows:\n      Case: { status: open }\n')).toEqual([expect.objectContaining({ line: 11, message: expect.stringContaining('filter gap: grant "reps-cases"') })]);
    // Following the relation closes it, in every branch of an anyOf too; so does a mandatory filter that follows it.
    expect(policy('    rows:\n      Case: { status: open, customer: { visible: true } }\n')).toEqual([]);
    expect(policy('    rows:\n      Case: { anyOf: [{ status: open, customer: { visible: true } }, { customer: { visible: true } }] }\n')).toEqual([]);
    expect(policy('    rows:\n      Case: { anyOf: [{ status: open }, { customer: { visible: true } }] }\n')).toHaveLength(1);
    expect(policy('', 'rowFilters:\n  - id: cases-follow\n    to: {}\n    type: Case\n    where: { customer: { visible: true } }\n')).toEqual([]);
  });

  it('checks limits: known keys with whole non-negative numbers, at least one limit, unique ids, each at its file and line', () => {
    const limits = (body: string) => check({ 'l.yaml': `limits:\n  - id: bi\n    to: { roles: [bi] }\n${body}` });
    expect(limits('    cost: 500000\n    requestsPerSecond: 0\n')).toEqual([]);
    expect(limits('    cost: 1.5\n')).toEqual([{ file: 'l.yaml', line: 4, message: 'limits.0.cost: must be integer' }]);
    expect(limits('    depth: 0\n')).toEqual([{ file: 'l.yaml', line: 4, message: 'limits.0.depth: must be >= 1' }]);
    expect(limits('    maxCost: 5\n')).toEqual([{ file: 'l.yaml', line: 4, message: 'limits.0: unknown key "maxCost"' }]);
    expect(limits('    description: nothing here\n')).toEqual([{ file: 'l.yaml', line: 2, message: 'limit "bi" sets no limit; give at least one of cost, depth, aliases, rootFields, directives, batchSize, requestsPerSecond, costPerMinute' }]);
    const twice = check({ 'a.yaml': 'limits:\n  - id: bi\n    to: {}\n    cost: 1\n', 'b.yaml': 'grants:\n  - id: bi\n    to: {}\n    read: [{ type: Case }]\n' });
    expect(twice.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual(['a.yaml:2: rule id "bi" is already used at b.yaml:2']);
  });
});
