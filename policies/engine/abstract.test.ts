import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mostRestrictive } from './abstract.ts';
import { apiSchemaOf } from './apiSchema.ts';
import { explainOperation } from './explain.ts';
import { check, compile, REVIEWS, SHOP, shopFacts as facts, shopSupergraphSdl, sources, who } from './fixtures.ts';
import { interfaceObjectWarnings } from './interfaceObjects.ts';
import { parsePolicy } from './load.ts';
import { factsFromSubgraph } from './schemaFacts.ts';
import type { Decision } from './types.ts';

const allow = (rule: string): Decision => ({ effect: 'allow', mask: null, rule });
const deny = (rule: string): Decision => ({ effect: 'deny', mask: null, rule });

describe('schema facts for abstract types, from a supergraph', () => {
  it('knows interfaces and unions with their possible types, and each object field the abstract types that name it', () => {
    expect(facts.abstractTypes.get('Product')).toMatchObject({ kind: 'interface', possibleTypes: ['Book', 'Furniture'], interfaceObjectIn: ['reviews'] });
    expect(facts.abstractTypes.get('Node')).toMatchObject({ kind: 'interface', possibleTypes: ['Author', 'Book', 'Furniture'], interfaceObjectIn: [] });
    expect(facts.abstractTypes.get('SearchResult')).toMatchObject({ kind: 'union', possibleTypes: ['Book', 'Author'] });
    expect(facts.possibleTypes('Product')).toEqual(['Book', 'Furniture']);
    expect(facts.possibleTypes('Book')).toEqual(['Book']);
    expect(facts.possibleTypes('Nope')).toEqual([]);
    expect(facts.field('Book.name')).toMatchObject({ interfaces: ['Product'], unions: ['SearchResult'] });
    expect(facts.field('Book.id')).toMatchObject({ interfaces: ['Product', 'Node'] });
    expect(facts.field('Book.isbn')).toMatchObject({ interfaces: [], unions: ['SearchResult'] });
    expect(facts.interfaceField('Product.name')).toMatchObject({ type: 'Product', subgraphs: ['shop'] });
    expect(facts.field('Product.name')).toBeUndefined();
  });

  it('gives fields an @interfaceObject contributes the subgraph that resolves them, and the tags of the interface field', () => {
    expect(facts.field('Book.reviews')).toMatchObject({ subgraphs: ['reviews'], interfaces: ['Product'] });
    expect(facts.field('Furniture.note')).toMatchObject({ subgraphs: ['reviews'], tags: ['pii'] });
    expect(facts.interfaceField('Product.note')).toMatchObject({ subgraphs: ['reviews'], tags: ['pii'] });
    // An interface field carries its implementations' tags too: a subgraph deciding it without the concrete type must see them.
    expect(facts.interfaceField('Product.price')?.tags).toEqual(['confidential']);
  });

  it('reads entity keys, nested key fields and entity interface keys from join__type', () => {
    expect([...facts.keys].sort()).toEqual(['Book.id', 'Furniture.id', 'Furniture.sku', 'Product.id', 'Sku.code']);
  });
});

describe('schema facts from a subgraph SDL', () => {
  it('sees an @interfaceObject as the object type it is there, and its own interfaces as abstract', () => {
    const reviews = factsFromSubgraph('reviews', REVIEWS);
    expect(reviews.field('Product.reviews')).toMatchObject({ subgraphs: ['reviews'], interfaces: [] });
    expect(reviews.abstractTypes.size).toBe(0);
    expect(reviews.keys).toEqual(new Set(['Product.id']));
    const shop = factsFromSubgraph('shop', SHOP);
    expect(shop.possibleTypes('Product')).toEqual(['Book', 'Furniture']);
    expect(shop.field('Furniture.name')).toMatchObject({ interfaces: ['Product'] });
    expect(shop.keys.has('Furniture.sku') && shop.keys.has('Sku.code') && shop.keys.has('Product.id')).toBe(true);
  });
});

const TAGS = `tags:
  confidential:
    unmasked: { roles: [finance] }
    otherwise: deny
  pii:
    unmasked: [{ roles: [hr] }, { scopes: [pii:read] }]
    otherwise: redact
    overrides: { Author.born: year-only }
`;
const policy = compile(
  {
    'tags.yaml': TAGS,
    'grants.yaml': `grants:
  - id: nodes
    to: { roles: [crawler] }
    read: [{ type: Node }]
  - id: product-names
    to: { roles: [catalog] }
    read: [{ field: Product.name }]
  - id: search
    to: { roles: [searcher] }
    read: [{ type: SearchResult }]
  - id: everything
    to: { roles: [operator] }
    read: [{ subgraph: "*" }]
  - id: notes-partial
    to: { roles: [support] }
    read: [{ field: Product.note }]
    masks: { Product.note: partial }
forbid:
  - id: no-furniture-names
    to: { roles: [catalog] }
    read: [{ field: Furniture.name }]
`,
  },
  facts,
);
const effect = (roles: string[], coordinate: string) => policy.decide(who(roles), coordinate).effect;

describe('policies that name abstract types', () => {
  it('type: <interface> covers the interface fields of every implementation, and nothing else', () => {
    expect(['Book.id', 'Furniture.id', 'Author.id'].map((c) => effect(['crawler'], c))).toEqual(['allow', 'allow', 'allow']);
    expect(['Book.isbn', 'Author.name', 'Book.name'].map((c) => effect(['crawler'], c))).toEqual(['deny', 'deny', 'deny']);
  });

  it('field: <Interface.field> covers that field on every implementation; a forbid on one implementation still wins there', () => {
    expect(policy.decide(who(['catalog']), 'Book.name')).toEqual(allow('product-names'));
    expect(policy.decide(who(['catalog']), 'Furniture.name')).toEqual(deny('no-furniture-names'));
    expect(effect(['catalog'], 'Book.isbn')).toBe('deny');
  });

  it('type: <union> covers every field of every member (tags still apply)', () => {
    expect(['Book.isbn', 'Book.name', 'Author.name'].map((c) => effect(['searcher'], c))).toEqual(['allow', 'allow', 'allow']);
    expect(effect(['searcher'], 'Furniture.name')).toBe('deny');
    expect(policy.decide(who(['searcher']), 'Book.price')).toEqual(deny('tag-confidential'));
  });

  it('subgraph: "*" covers every field of every subgraph', () => {
    expect(['Book.reviews', 'Furniture.sku', 'Query.products', 'Sku.code'].map((c) => effect(['operator'], c))).toEqual(['allow', 'allow', 'allow', 'allow']);
    expect(policy.decide(who(['operator']), 'Author.born')).toEqual({ effect: 'mask', mask: 'year-only', rule: 'tag-pii' });
  });

  it('masks keyed by an interface field apply to each implementation', () => {
    expect(policy.decide(who(['support']), 'Book.note')).toEqual({ effect: 'mask', mask: 'redact', rule: 'tag-pii' });
    expect(policy.decide(who(['support'], {}, ['pii:read']), 'Furniture.note')).toEqual({ effect: 'mask', mask: 'partial', rule: 'notes-partial' });
    // Roles do not add up (ways.ts): hr's exemption does not lift the tag's mask on what only support's grant shows.
    expect(policy.decide(who(['support', 'hr']), 'Furniture.note')).toEqual({ effect: 'mask', mask: 'redact', rule: 'tag-pii' });
  });

  it('decides a coordinate on an interface as the most restrictive decision among its implementations', () => {
    expect(policy.decide(who(['catalog']), 'Product.name')).toEqual(deny('no-furniture-names'));
    expect(policy.decide(who(['operator']), 'Product.name')).toEqual(allow('everything'));
    expect(policy.decide(who(['operator']), 'Product.note')).toMatchObject({ effect: 'mask', mask: 'redact' });
  });

  it('combines decisions order-independently: any denial, else the strongest mask', () => {
    const decisions: Decision[] = [allow('a'), { effect: 'mask', mask: 'hash', rule: 'b' }, { effect: 'mask', mask: 'partial', rule: 'c' }, deny('z'), deny('d')];
    for (let i = 0; i < 20; i++) {
      const shuffled = [...decisions].sort(() => Math.random() - 0.5);
      expect(mostRestrictive(shuffled)).toEqual(deny('d'));
      expect(mostRestrictive(shuffled.filter((d) => d.effect !== 'deny'))).toEqual({ effect: 'mask', mask: 'hash', rule: 'b' });
    }
    expect(mostRestrictive([])).toMatchObject({ effect: 'deny' });
  });
});

describe('validating policies that name abstract types', () => {
  const grant = (read: string, extra = '') => `grants:\n  - id: g\n    to: { roles: [r] }\n    read:\n      - ${read}\n${extra}`;

  it('accepts interfaces, interface fields, unions and "*"', () => {
    expect(check({ 'ok.yaml': grant('{ type: Node }') + '      - { field: Product.name }\n      - { type: SearchResult }\n      - { subgraph: "*" }\n' }, facts)).toEqual([]);
    expect(check({ 'm.yaml': grant('{ type: Product }', '    masks: { Product.note: hash }\n') }, facts)).toEqual([]);
  });

  it.each([
    ['{ field: SearchResult.name }', '"SearchResult.name": SearchResult is a union, and unions have no fields; name a member\'s field (Book, Author)'],
    ['{ field: Product.isbn }', 'unknown field "Product.isbn"'],
    ['{ type: Thing }', 'unknown type "Thing"'],
  ])('names the file and line of a bad abstract reference: %s', (target, message) => {
    expect(check({ 'bad.yaml': grant(target) }, facts)).toEqual([{ file: 'bad.yaml', line: 5, message }]);
  });

  it('checks that a mask on an interface field fits every implementation', () => {
    // Furniture.name is non-null: the null mask cannot apply there.
    expect(check({ 'm.yaml': grant('{ type: Product }', '    masks: { Product.name: "null" }\n') }, facts)).toEqual([
      expect.objectContaining({ line: 6, message: expect.stringContaining('does not fit Furniture.name (non-null String)') }),
    ]);
  });

  it('refuses row conditions on an interface or union: rows belong to object types', () => {
    expect(check({ 'r.yaml': grant('{ type: Product }', '    rows:\n      Product: { name: x }\n') }, facts)).toEqual([
      expect.objectContaining({ line: 7, message: 'row conditions apply to object types, and Product is an interface; write one condition per type (Book, Furniture)' }),
    ]);
  });
});

describe('explaining a selection on an abstract type', () => {
  it('explains each concrete type the field can have, and the rows of each possible type', () => {
    const schema = apiSchemaOf(shopSupergraphSdl);
    const e = explainOperation(policy, schema, parse('{ products { n: name ... on Book { isbn } } }'), who(['catalog']));
    expect(e.fields.map((f) => [f.path, f.coordinate, f.decision, f.rule])).toEqual([
      ['products', 'Query.products', 'deny', 'default-deny'],
    ]);
    const operator = explainOperation(policy, schema, parse('{ products { n: name ... on Book { isbn } } }'), who(['operator', 'catalog']));
    expect(operator.fields.map((f) => [f.path, f.coordinate, f.decision, f.rule])).toEqual([
      ['products', 'Query.products', 'allow', 'everything'],
      ['products.n', 'Book.name', 'allow', 'everything'],
      ['products.n', 'Furniture.name', 'deny', 'no-furniture-names'],
      ['products.isbn', 'Book.isbn', 'allow', 'everything'],
    ]);
    expect(operator.rows.map((r) => `${r.type} in ${r.subgraph}`)).toEqual(['Book in reviews', 'Book in shop', 'Furniture in reviews', 'Furniture in shop']);
  });
});

describe('warnings where an @interfaceObject subgraph enforces more than the policy reads', () => {
  const warnings = (files: Record<string, string>) => {
    const { policy } = parsePolicy(sources(files));
    return interfaceObjectWarnings(policy!, facts);
  };

  it('names each rule that decides a field served by an @interfaceObject differently per implementation', () => {
    const found = warnings({
      'w.yaml': `grants:
  - id: book-reviews
    to: { roles: [r] }
    read: [{ type: Book }]
  - id: all-reviews
    to: { roles: [s] }
    read: [{ field: Product.reviews }]
    masks: { Furniture.note: hash }
forbid:
  - id: no-chair-notes
    to: { roles: [s] }
    read: [{ field: Furniture.note }]
`,
    });
    expect(found.map((w) => `${w.file}:${w.line}: ${w.message}`)).toEqual([
      expect.stringMatching(/^w\.yaml:4: grant "book-reviews" covers Book\.reviews but not Furniture\.reviews; subgraph reviews resolves Product\.reviews as an @interfaceObject/),
      expect.stringMatching(/^w\.yaml:4: grant "book-reviews" covers Book\.note but not Furniture\.note/),
      expect.stringMatching(/^w\.yaml:8: grant "all-reviews" masks Furniture\.note but not Book\.note/),
      expect.stringMatching(/^w\.yaml:12: forbid "no-chair-notes" covers Furniture\.note but not Book\.note/),
    ]);
  });

  it('is silent for rules that treat every implementation alike, and for fields the @interfaceObject does not serve', () => {
    expect(warnings({ 'w.yaml': 'grants:\n  - id: g\n    to: {}\n    read: [{ type: Product }, { subgraph: "*" }, { field: Book.name }]\n' })).toEqual([]);
  });
});
