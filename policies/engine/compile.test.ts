import { describe, expect, it } from 'vitest';
import { show } from './conditions.ts';
import { compile, who } from './fixtures.ts';

const TAGS = `tags:
  pii:
    unmasked: [{ scopes: [pii:read] }]
    otherwise: partial
    overrides: { Customer.born: year-only }
  confidential:
    unmasked: { roles: [finance] }
    otherwise: deny
`;

const GRANTS = `grants:
  - id: crm-readers
    to: { roles: [analyst, finance, rep] }
    read: [{ subgraph: crm }]
  - id: crm-hashed
    to: { roles: [marketer] }
    read: [{ subgraph: crm }]
    masks: { pii: hash, Customer.born: year-only }
  - id: reps-own-region
    to: { roles: [rep] }
    read: [{ type: Customer }]
    rows:
      Customer: { region: $principal.attributes.region }
  - id: support-cases
    to: { roles: [analyst] }
    read: [{ subgraph: support }]
forbid:
  - id: no-contractors-on-revenue
    to: { attributes: { employment: contractor } }
    read: [{ field: Customer.revenue }]
`;

const policy = compile({ 'tags.yaml': TAGS, 'grants.yaml': GRANTS });

describe('decisions', () => {
  it('denies by default what no grant covers', () => {
    expect(policy.decide(who(['nobody']), 'Customer.tier')).toEqual({ effect: 'deny', mask: null, rule: 'default-deny' });
    expect(policy.decide(who(['marketer']), 'Case.status')).toMatchObject({ effect: 'deny', rule: 'default-deny' });
  });

  it('lets a matching forbid win over any grant', () => {
    expect(policy.decide(who(['finance']), 'Customer.revenue')).toMatchObject({ effect: 'allow' });
    expect(policy.decide(who(['finance'], { employment: 'contractor' }), 'Customer.revenue')).toMatchObject({ effect: 'deny', rule: 'no-contractors-on-revenue' });
  });

  it('applies a tag\'s requirement: masked below the floor, denied where the tag says deny', () => {
    expect(policy.decide(who(['analyst']), 'Customer.email')).toEqual({ effect: 'mask', mask: 'partial', rule: 'tag-pii' });
    expect(policy.decide(who(['analyst']), 'Customer.born')).toEqual({ effect: 'mask', mask: 'year-only', rule: 'tag-pii' });
    expect(policy.decide(who(['analyst'], {}, ['pii:read']), 'Customer.email')).toEqual({ effect: 'allow', mask: null, rule: 'crm-readers' });
    expect(policy.decide(who(['analyst']), 'Customer.revenue')).toMatchObject({ effect: 'deny', rule: 'tag-confidential' });
  });

  it('takes the weakest mask among matching grants, never weaker than the tag floor', () => {
    // A marketer's only way in hashes personal data: hash is stronger than the partial floor.
    expect(policy.decide(who(['marketer']), 'Customer.email')).toEqual({ effect: 'mask', mask: 'hash', rule: 'crm-hashed' });
    // With a second, unmasked way in, the weakest (no mask) wins, and the floor (partial) still applies.
    expect(policy.decide(who(['marketer', 'analyst']), 'Customer.email')).toEqual({ effect: 'mask', mask: 'partial', rule: 'tag-pii' });
    // With pii:read there is no floor: the unmasked grant applies.
    expect(policy.decide(who(['marketer', 'analyst'], {}, ['pii:read']), 'Customer.email')).toEqual({ effect: 'allow', mask: null, rule: 'crm-readers' });
  });

  it('keeps aggregates out of broad grants: they need a grant of their own', () => {
    expect(policy.decide(who(['analyst']), 'Customer.tier')).toMatchObject({ effect: 'allow' });
    expect(policy.decide(who(['analyst']), 'Customer.orderCount')).toMatchObject({ effect: 'deny', rule: 'default-deny' });
    const withAggregates = compile({ 'g.yaml': GRANTS.replace('read: [{ subgraph: crm }]\n  - id: crm-hashed', 'read: [{ subgraph: crm }, { tag: aggregate }]\n  - id: crm-hashed') });
    expect(withAggregates.decide(who(['analyst']), 'Customer.orderCount')).toMatchObject({ effect: 'allow', rule: 'crm-readers' });
  });

  it('does not depend on the order of rules or files', () => {
    const reversed = compile({ 'z.yaml': GRANTS.split('\nforbid:')[0].split('\n  - ').reverse().filter((x) => !x.startsWith('grants:')).map((r) => `  - ${r}`).reduce((a, r) => a + r + '\n', 'grants:\n') + 'forbid:' + GRANTS.split('\nforbid:')[1], 'a.yaml': TAGS });
    for (const p of [who(['analyst']), who(['marketer', 'analyst']), who(['rep'], { region: 'EU' }), who(['finance'], { employment: 'contractor' })]) {
      for (const c of ['Customer.email', 'Customer.revenue', 'Customer.born', 'Case.note', 'Customer.orderCount']) expect(reversed.decide(p, c)).toEqual(policy.decide(p, c));
      expect(show(reversed.rows(p, 'Customer', 'crm').condition)).toBe(show(policy.rows(p, 'Customer', 'crm').condition));
    }
  });
});

describe('rows', () => {
  it('shows a row matching any applicable grant: an unfiltered grant means every row', () => {
    expect(show(policy.rows(who(['rep'], { region: 'EU' }), 'Customer', 'crm').condition)).toBe('all rows'); // crm-readers is unfiltered
    const repsOnly = compile({ 'g.yaml': 'grants:\n  - id: reps\n    to: { roles: [rep] }\n    read: [{ type: Customer }]\n    rows:\n      Customer: { region: $principal.attributes.region }\n' });
    expect(show(repsOnly.rows(who(['rep'], { region: 'EU' }), 'Customer', 'crm').condition)).toBe('region eq "EU"');
  });

  it('shows no rows without an applicable grant, or when the principal lacks a referenced attribute', () => {
    const repsOnly = compile({ 'g.yaml': 'grants:\n  - id: reps\n    to: { roles: [rep] }\n    read: [{ type: Customer }]\n    rows:\n      Customer: { region: $principal.attributes.region }\n' });
    expect(show(repsOnly.rows(who(['rep']), 'Customer', 'crm').condition)).toBe('no rows');
    expect(show(repsOnly.rows(who(['nobody']), 'Customer', 'crm').condition)).toBe('no rows');
  });

  it('adds every mandatory filter, whatever the grants', () => {
    const p = compile({
      'g.yaml': GRANTS,
      // Cases follow their customer, so hiding test customers hides their cases too (no filter gap).
      'f.yaml': 'rowFilters:\n  - id: hide-test-data\n    to: {}\n    type: Customer\n    where: { tier: { ne: test } }\n  - id: cases-follow-customers\n    to: {}\n    type: Case\n    where: { customer: { visible: true } }\n',
    });
    expect(show(p.rows(who(['analyst']), 'Customer', 'crm').condition)).toBe('tier ne "test"');
    expect(p.rows(who(['analyst']), 'Customer', 'crm').rules).toEqual(['hide-test-data']);
    expect(show(p.rows(who(['analyst']), 'Case', 'support').condition)).toBe('customer visible (Customer: tier ne "test")');
  });

  it('ignores grants on other domains\' fields when deciding a subgraph\'s rows', () => {
    // Reading Customer.cases (support) says nothing about which customers crm may return.
    const p = compile({ 'g.yaml': 'grants:\n  - id: cases-only\n    to: { roles: [agent] }\n    read: [{ field: Customer.cases }]\n' });
    expect(show(p.rows(who(['agent']), 'Customer', 'crm').condition)).toBe('no rows');
  });
});

describe('fingerprints', () => {
  it('are equal for principals no rule can tell apart, and differ when a rule would', () => {
    expect(policy.fingerprint(who(['analyst'], { team: 'x' }, [], 'a'))).toBe(policy.fingerprint(who(['analyst', 'unknown-role'], { team: 'y' }, ['other'], 'b')));
    expect(policy.fingerprint(who(['analyst']))).not.toBe(policy.fingerprint(who(['analyst'], {}, ['pii:read'])));
    expect(policy.fingerprint(who(['rep'], { region: 'EU' }))).not.toBe(policy.fingerprint(who(['rep'], { region: 'US' })));
  });

  it('change with the policy version', () => {
    const other = compile({ 'tags.yaml': TAGS, 'grants.yaml': GRANTS + '  - id: extra\n    to: { roles: [x] }\n    read: [{ type: Case }]\n' });
    expect(other.fingerprint(who(['analyst']))).not.toBe(policy.fingerprint(who(['analyst'])));
  });
});
