import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../principal.ts';
import { show } from './conditions.ts';
import { factsFromSupergraph } from './schemaFacts.ts';
import { compile, facts, shopFacts, who } from './fixtures.ts';
import { moreRevealing, rowDecision, rolesReading, rowsReadBy, unknownRowDecision, type TypeWays } from './ways.ts';

const TAGS = `tags:
  pii:
    unmasked: [{ scopes: [pii:read] }, { roles: [rep] }]
    otherwise: partial
    overrides: { Customer.born: year-only }
  confidential:
    unmasked: { roles: [finance, rep] }
    otherwise: deny
`;

const GRANTS = `grants:
  - id: analysts
    to: { roles: [analyst] }
    read: [{ subgraph: crm }, { subgraph: support }]
  - id: marketers
    to: { roles: [marketer] }
    read: [{ field: Customer.name }, { field: Customer.region }]
  - id: reps-own-region
    to: { roles: [rep] }
    read: [{ subgraph: crm }, { tag: aggregate }]
    rows:
      Customer: { region: $principal.attributes.region }
  - id: reps-cases
    to: { roles: [rep] }
    read: [{ type: Case }]
    rows:
      Case: { customer: { visible: true } }
  - id: agents-cases
    to: { roles: [agent] }
    read: [{ type: Case }]
    rows:
      Case: { customer: { visible: true } }
  - id: everyone-sees-case-lists
    to: {}
    read: [{ field: Customer.cases }]
`;

const policy = compile({ 'tags.yaml': TAGS, 'grants.yaml': GRANTS });
const groups = (w: TypeWays) => w.groups.map((g) => ({ rows: show(g.condition), via: g.ways.map((x) => `${x.grant}/${x.role}`) }));

describe('ways in', () => {
  it('splits a principal into its roles: each grant is used through the role it matches', () => {
    const w = policy.ways(who(['analyst', 'rep'], { region: 'EU' }), 'Customer', 'crm');
    expect(groups(w)).toEqual([
      { rows: 'all rows', via: ['analysts/analyst'] },
      { rows: 'region eq "EU"', via: ['reps-own-region/rep'] },
    ]);
    expect(show(w.condition)).toBe('all rows');
    expect(w.uniform).toBe(false);
  });

  it('shows a field in clear only where one way both shows the row and unmasks the field', () => {
    const p = who(['analyst', 'rep'], { region: 'EU' });
    const w = policy.ways(p, 'Customer', 'crm');
    // Best case (what the gateway prunes with): the rep's way reads email in clear.
    expect(policy.decide(p, 'Customer.email')).toEqual({ effect: 'allow', mask: null, rule: 'reps-own-region' });
    // A row only the analyst's way shows: masked, as the analyst alone would see it; revenue denied.
    expect(rowDecision(w, 0b01, 'email')).toEqual({ effect: 'mask', mask: 'partial', rule: 'tag-pii' });
    expect(rowDecision(w, 0b01, 'revenue')).toEqual({ effect: 'deny', mask: null, rule: 'tag-confidential' });
    // A row of the rep's region: in clear.
    expect(rowDecision(w, 0b11, 'email')).toEqual({ effect: 'allow', mask: null, rule: 'reps-own-region' });
    expect(rowDecision(w, 0b10, 'revenue')).toMatchObject({ effect: 'allow' });
    // A value whose row is not known gets the most restrictive way's decision.
    expect(unknownRowDecision(w, 'email')).toMatchObject({ effect: 'mask', mask: 'partial' });
    expect(unknownRowDecision(w, 'revenue')).toMatchObject({ effect: 'deny' });
  });

  it('denies a field on rows shown only by ways that do not cover it', () => {
    // The marketer's way shows every customer, but only name and region.
    const w = policy.ways(who(['marketer', 'rep'], { region: 'EU' }), 'Customer', 'crm');
    expect(groups(w)).toEqual([
      { rows: 'all rows', via: ['marketers/marketer'] },
      { rows: 'region eq "EU"', via: ['reps-own-region/rep'] },
    ]);
    expect(rowDecision(w, 0b01, 'tier')).toEqual({ effect: 'deny', mask: null, rule: 'default-deny' });
    expect(rowDecision(w, 0b01, 'name')).toMatchObject({ effect: 'allow', rule: 'marketers' });
    expect(rowDecision(w, 0b11, 'tier')).toMatchObject({ effect: 'allow', rule: 'reps-own-region' });
  });

  it('counts a grant as a way into a subgraph\'s rows by the fields it covers there, keys named on their own included', () => {
    const p = compile({ 'g.yaml': 'grants:\n  - id: ids\n    to: { roles: [pipeline] }\n    read: [{ field: Customer.id }]\n  - id: crm\n    to: { roles: [crm] }\n    read: [{ subgraph: crm }]\n' });
    expect(p.ways(who(['pipeline']), 'Customer', 'crm').ways.map((x) => x.grant)).toEqual(['ids']);
    // Both subgraphs serve Customer.id; a grant on the crm subgraph opens no rows in support.
    expect(p.ways(who(['crm']), 'Customer', 'crm').ways.map((x) => x.grant)).toEqual(['crm']);
    expect(p.ways(who(['crm']), 'Customer', 'support').ways).toEqual([]);
  });

  it('is uniform, with no per-row work, for one way or ways that decide every field alike', () => {
    expect(policy.ways(who(['analyst']), 'Customer', 'crm').uniform).toBe(true);
    expect(policy.ways(who(['rep'], { region: 'EU' }), 'Customer', 'crm').uniform).toBe(true);
    // Two ways, one unusable (no region attribute): the rep's way shows no rows and cannot lend the analyst rows its clear emails.
    const noRegion = who(['analyst', 'rep']);
    expect(policy.decide(noRegion, 'Customer.email')).toMatchObject({ effect: 'allow' });
    const w = policy.ways(noRegion, 'Customer', 'crm');
    expect(groups(w)).toEqual([{ rows: 'all rows', via: ['analysts/analyst'] }]);
    expect(w.uniform).toBe(false);
    expect(unknownRowDecision(w, 'email')).toMatchObject({ effect: 'mask', mask: 'partial' });
  });

  it('judges tag exemptions per role: a role exempt from pii lends nothing to another role\'s rows', () => {
    const w = policy.ways(who(['analyst', 'rep'], { region: 'EU' }), 'Case', 'support');
    const analystRows = w.groups.findIndex((g) => g.ways.some((x) => x.grant === 'analysts'));
    expect(rowDecision(w, 1 << analystRows, 'note')).toMatchObject({ effect: 'mask', mask: 'partial' });
  });

  it('never shows a combination more than some single role shows, for every row and field (all combinations)', () => {
    const roles = ['analyst', 'marketer', 'rep', 'agent', 'finance', 'nobody'];
    const types: [string, string][] = [['Customer', 'crm'], ['Case', 'support'], ['Customer', 'support']];
    const principals = Array.from({ length: 1 << roles.length }, (_, bits) => roles.filter((_, i) => bits & (1 << i))).flatMap((combo) =>
      ([{}, { region: 'EU' }, { region: 'US' }] as Record<string, string>[]).flatMap((attributes) => [[], ['pii:read']].map((scopes) => ({ combo, attributes, scopes }))),
    );
    for (const { combo, attributes, scopes } of principals) {
      const p: Principal = who(combo, attributes, scopes);
      const singles = (combo.length ? combo : ['']).map((role) => who(role ? [role] : [], attributes, scopes));
      for (const [type, subgraph] of types) {
        const mine = policy.ways(p, type, subgraph);
        const theirs = singles.map((s) => policy.ways(s, type, subgraph));
        // Every way of the combination is a way of one single role: same rows, and each field decided at least as strictly.
        for (const way of mine.ways) {
          const twin = theirs.flatMap((t) => t.ways).find((x) => x.grant === way.grant && x.role === way.role && show(x.condition) === show(way.condition));
          expect(twin, `${JSON.stringify(p)} ${type}: ${way.grant}/${way.role}`).toBeDefined();
          for (const [field, d] of way.fields) expect(moreRevealing(d, twin!.fields.get(field)!), `${type}.${field}`).toBe(false);
        }
      }
    }
  });
});

describe('relations', () => {
  it('shows rows only where the related entity is visible to the same role', () => {
    const rep = who(['rep'], { region: 'EU' });
    expect(show(policy.rows(rep, 'Case', 'support').condition)).toBe('customer visible (Customer: region eq "EU")');
  });

  it('follows what the role itself sees: another role\'s access to the entity lends nothing', () => {
    // Agents read cases, and of customers only their case lists (links, not values): no customer is visible to them, so no case is.
    expect(show(policy.rows(who(['agent']), 'Case', 'support').condition)).toBe('no rows');
    // With the analyst role too, the agent's way still shows nothing: the analyst's view of customers is the analyst's.
    const both = policy.ways(who(['agent', 'analyst']), 'Case', 'support');
    expect(both.ways.map((x) => `${x.grant}/${x.role}`)).toEqual(['analysts/analyst']);
  });

  it('adds mandatory filters on the related type, and follows relations in mandatory filters', () => {
    const p = compile({
      'tags.yaml': TAGS,
      'grants.yaml': GRANTS,
      'filters.yaml': 'rowFilters:\n  - id: no-test-customers\n    to: {}\n    type: Customer\n    where: { tier: { ne: test } }\n  - id: cases-of-visible-customers\n    to: {}\n    type: Case\n    where: { customer: { visible: true } }\n',
    });
    const rep = who(['rep'], { region: 'EU' });
    expect(show(p.ways(rep, 'Case', 'support').ways.find((x) => x.grant === 'reps-cases')!.condition)).toBe('customer visible (Customer: (region eq "EU" AND tier ne "test"))');
    expect(show(p.ways(rep, 'Case', 'support').mandatory)).toBe('customer visible (Customer: (region eq "EU" AND tier ne "test"))');
  });
});

describe('reading a field through an argument or filter', () => {
  it('needs the field in clear on every row any way shows', () => {
    expect(policy.decideRead(who(['rep'], { region: 'EU' }), 'Customer.email')).toMatchObject({ effect: 'allow' });
    expect(policy.decideRead(who(['analyst', 'rep'], { region: 'EU' }), 'Customer.email')).toEqual({ effect: 'mask', mask: 'partial', rule: 'tag-pii' });
    expect(policy.decideRead(who(['analyst']), 'Customer.revenue')).toEqual({ effect: 'deny', mask: null, rule: 'tag-confidential' });
    expect(policy.decideRead(who(['marketer', 'rep'], { region: 'EU' }), 'Customer.tier')).toEqual({ effect: 'deny', mask: null, rule: 'default-deny' });
    expect(policy.decideRead(who(['analyst']), 'Customer.nope')).toMatchObject({ effect: 'deny', rule: 'default-deny' });
  });
});

describe('aggregates', () => {
  it('count only rows visible through the roles that may read the aggregate', () => {
    const p = who(['rep', 'analyst'], { region: 'EU' });
    const customers = policy.ways(p, 'Customer', 'crm');
    // orderCount is an aggregate: only the rep's grant names the tag.
    expect([...rolesReading(customers, 'orderCount')]).toEqual(['rep']);
    expect(show(rowsReadBy(customers, rolesReading(customers, 'orderCount')))).toBe('region eq "EU"');
  });
});

describe('identity', () => {
  it('decides on the parts of an identity rules read: an unknown role changes nothing', () => {
    const plain = who(['analyst', 'rep'], { region: 'EU' });
    const extra = who(['analyst', 'rep', 'visitor'], { region: 'EU', team: 'x' }, ['other']);
    expect(policy.fingerprint(extra)).toBe(policy.fingerprint(plain));
    expect(groups(policy.ways(extra, 'Case', 'support'))).toEqual(groups(policy.ways(plain, 'Case', 'support')));
    for (const c of ['Customer.email', 'Case.note', 'Case.status']) expect(policy.decide(extra, c)).toEqual(policy.decide(plain, c));
  });

  it('facts cover every type the tests use', () => {
    expect(facts.types.has('Case') && facts.types.has('Customer')).toBe(true);
  });
});

describe('ways on abstract types', () => {
  const shop = compile(
    {
      'tags.yaml': 'tags:\n  pii:\n    unmasked: { roles: [hr] }\n    otherwise: partial\n    overrides: { Author.born: year-only }\n  confidential:\n    unmasked: { roles: [finance] }\n    otherwise: deny\n',
      'grants.yaml': `grants:
  - id: reviewers
    to: { roles: [reviewer] }
    read: [{ subgraph: reviews }]
  - id: book-notes
    to: { roles: [bookish] }
    read: [{ field: Book.note }, { field: Book.reviews }]
    rows:
      Book: { name: { ne: secret } }
  - id: product-notes
    to: { roles: [hr] }
    read: [{ field: Product.note }]
  - id: everything
    to: { roles: [operator] }
    read: [{ subgraph: "*" }]
`,
    },
    shopFacts,
  );

  it('gives a subgraph that stores an interface as an @interfaceObject its ways, fields and rows from the supergraph', () => {
    const w = shop.ways(who(['reviewer']), 'Product', 'reviews');
    expect(groups(w)).toEqual([{ rows: 'all rows', via: ['reviewers/reviewer'] }]);
    expect(Object.fromEntries(w.groups[0].fields)).toMatchObject({ reviews: { effect: 'allow' }, note: { effect: 'mask', mask: 'partial' } });
    expect(w.uniform).toBe(true);
    expect(show(shop.rows(who(['reviewer']), 'Product', 'reviews').condition)).toBe('all rows');
    // subgraph: "*" opens rows in every subgraph.
    expect(show(shop.rows(who(['operator']), 'Product', 'reviews').condition)).toBe('all rows');
  });

  it('decides an interface field per way as the most restrictive among implementations, and shows its rows only where each implementation\'s condition holds', () => {
    const w = shop.ways(who(['bookish', 'hr']), 'Product', 'reviews');
    const bookish = w.ways.find((x) => x.grant === 'book-notes')!;
    // Book.note only: a row that may be a Furniture gets nothing from this way.
    expect(bookish.fields.get('note')).toEqual({ effect: 'deny', mask: null, rule: 'default-deny' });
    expect(show(bookish.condition)).toBe('name ne "secret"');
    expect(w.ways.find((x) => x.grant === 'product-notes')!.fields.get('note')).toEqual({ effect: 'allow', mask: null, rule: 'product-notes' });
    // On its own, Book's field is decided by the best way, Product's by the most restrictive implementation.
    expect(shop.decide(who(['bookish']), 'Book.note')).toMatchObject({ effect: 'mask', mask: 'partial' });
    expect(shop.decide(who(['bookish']), 'Product.note')).toEqual({ effect: 'deny', mask: null, rule: 'default-deny' });
  });

  it('reads an interface field in clear only where every implementation may be read in clear', () => {
    expect(shop.decideRead(who(['hr']), 'Product.note')).toMatchObject({ effect: 'allow' });
    expect(shop.decideRead(who(['reviewer']), 'Product.note')).toMatchObject({ effect: 'mask', mask: 'partial' });
    expect(shop.decideRead(who(['operator']), 'Product.price')).toEqual({ effect: 'deny', mask: null, rule: 'tag-confidential' });
  });
});

describe('ways where a subgraph provides another\'s field', () => {
  const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@provides", "@external", "@shareable"])';
  const composed = composeServices([
    { name: 'recipes', url: 'http://recipes', typeDefs: parse(`${link}\ntype Query { recipes: [Recipe!]! }\ntype Recipe @key(fields: "id") { id: ID! chef: Chef @provides(fields: "name") }\ntype Chef @key(fields: "id") { id: ID! name: String! @external }`) },
    { name: 'chefs', url: 'http://chefs', typeDefs: parse(`${link}\ntype Query { chefs: [Chef!]! }\ntype Chef @key(fields: "id") { id: ID! name: String! @shareable @tag(name: "pii") bio: String }`) },
  ]);
  const recipes = compile(
    {
      'p.yaml': `tags:\n  pii:\n    unmasked: { roles: [hr] }\n    otherwise: redact\ngrants:\n  - id: cooks\n    to: { roles: [cook] }\n    read: [{ type: Recipe }, { type: Chef }, { field: Query.recipes }]\n`,
    },
    factsFromSupergraph(composed.supergraphSdl!),
  );

  it('decides the provided field in the providing subgraph too, so a value it returns is not denied for want of a way', () => {
    const w = recipes.ways(who(['cook']), 'Chef', 'recipes');
    expect(groups(w)).toEqual([{ rows: 'all rows', via: ['cooks/cook'] }]);
    expect(w.groups[0].fields.get('name')).toEqual({ effect: 'mask', mask: 'redact', rule: 'tag-pii' });
  });
});
