import { buildSchema, getOperationAST, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../policies/engine/types.ts';
import { deniedArguments, readingSites } from './arguments.ts';
import { pruneOperation } from './prune.ts';
import { reshape } from './reshape.ts';

const schema = buildSchema(`
  type Query { atRisk(first: Int, min: Float = 0.7): [Account!] contacts(filter: ContactFilter): [Contact!]! }
  input ContactFilter { region: String emailContains: String nested: ContactFilter }
  type Account { id: ID! risk: Float }
  type Contact { id: ID! email: String region: String }
`);
const READS = new Map([
  ['Query.atRisk(min:)', ['Account.risk']],
  ['ContactFilter.region', ['Contact.region']],
  ['ContactFilter.emailContains', ['Contact.email']],
]);
const decideRead = (c: string): Decision =>
  c === 'Account.risk' ? { effect: 'deny', mask: null, rule: 'tag-confidential' } : c === 'Contact.email' ? { effect: 'mask', mask: 'partial', rule: 'tag-pii' } : { effect: 'allow', mask: null, rule: 'ok' };
const allow = (): Decision => ({ effect: 'allow', mask: null, rule: 'ok' });

function refused(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const denied = deniedArguments(schema, READS, operation, readingSites(schema, READS, document), variables, decideRead);
  return { document, operation, denied, list: [...denied.values()].flatMap((byType) => [...byType.values()]).map((d) => `${d.coordinate} ${d.argument} → ${d.reads} (${d.decision.rule})`) };
}

describe('arguments that read fields', () => {
  it('refuses every alias of a threshold on a field the principal may not read, and removes those fields before planning', () => {
    const r = refused('{ a: atRisk(first: 500, min: 0.62) { id } b: atRisk(first: 500, min: 0.64) { id } contacts { id } }');
    expect(r.list).toEqual(['Query.atRisk min → Account.risk (tag-confidential)', 'Query.atRisk min → Account.risk (tag-confidential)']);
    const pruned = pruneOperation(schema, r.document, r.operation, allow, r.denied);
    expect(print(pruned.document).replace(/\s+/g, ' ')).toBe('{ contacts { id } }');
    const { data, errors } = reshape({ contacts: [] }, pruned);
    expect(data).toEqual({ a: null, b: null, contacts: [] });
    expect(errors[0]).toEqual({
      message: 'Forbidden: argument "min" of Query.atRisk reads Account.risk, which your access policy does not let you read (rule tag-confidential); leave it out to get the rest.',
      path: ['a'],
      extensions: { code: 'FORBIDDEN', coordinate: 'Query.atRisk', argument: 'min', reads: 'Account.risk', rule: 'tag-confidential' },
    });
  });

  it('counts a default value as given', () => {
    expect(refused('{ atRisk { id } }').list).toEqual(['Query.atRisk min → Account.risk (tag-confidential)']);
  });

  it('refuses a filter on a masked field, at any depth, and allows filters on readable fields or given null', () => {
    expect(refused('{ contacts(filter: { region: "NA" }) { id } }').list).toEqual([]);
    expect(refused('{ contacts(filter: { emailContains: null }) { id } }').list).toEqual([]);
    expect(refused('{ contacts(filter: { emailContains: "acme" }) { id } }').list).toEqual(['Query.contacts filter.emailContains → Contact.email (tag-pii)']);
    expect(refused('{ contacts(filter: { nested: { emailContains: "acme" } }) { id } }').list).toEqual(['Query.contacts filter.nested.emailContains → Contact.email (tag-pii)']);
    const masked = reshape({}, pruneOperation(schema, refused('{ contacts(filter: { emailContains: "a" }) { id } }').document, getOperationAST(parse('{ contacts(filter: { emailContains: "a" }) { id } }'))!, allow));
    expect(masked.errors).toEqual([]);
  });

  it('decides on the variables, fails closed on variables that do not coerce, and looks inside fragments', () => {
    const q = 'query($f: ContactFilter) { contacts(filter: $f) { id } }';
    expect(refused(q, { f: { region: 'NA' } }).list).toEqual([]);
    expect(refused(q, {}).list).toEqual([]);
    expect(refused(q, { f: { emailContains: 'acme' } }).list).toEqual(['Query.contacts filter.emailContains → Contact.email (tag-pii)']);
    expect(refused(q, { f: 5 }).list).toHaveLength(1);
    expect(refused('query Q($m: Float) { ...F } fragment F on Query { atRisk(min: $m) { id } }', { m: null }).list).toEqual([]);
    expect(refused('query Q($m: Float) { ...F } fragment F on Query { atRisk(min: $m) { id } }', { m: 0.5 }).list).toHaveLength(1);
  });

  it('on an interface, counts what an implementation declares its arguments read, and removes the field wherever it is selected', () => {
    const shop = buildSchema(`
      type Query { products: [Product!]! }
      interface Product { id: ID! reviews(minStars: Int): [Int] }
      type Book implements Product { id: ID! reviews(minStars: Int): [Int] stars: Int }
      type Chair implements Product { id: ID! reviews(minStars: Int): [Int] }
    `);
    const reads = new Map([['Book.reviews(minStars:)', ['Book.stars']]]);
    const document = parse('{ products { id reviews(minStars: 4) ... on Chair { reviews(minStars: 4) } } }');
    const operation = getOperationAST(document)!;
    const denied = deniedArguments(shop, reads, operation, readingSites(shop, reads, document), undefined, (c) => (c === 'Book.stars' ? { effect: 'deny', mask: null, rule: 'no-stars' } : allow()));
    // Selected on Product it may run on a Book, and is refused there; on a Chair it reads nothing.
    expect([...denied.values()].map((byType) => [...byType].map(([t, d]) => `${t}: ${d.coordinate} ${d.argument} → ${d.reads}`))).toEqual([['Book: Book.reviews minStars → Book.stars']]);
    const pruned = pruneOperation(shop, document, operation, allow, denied);
    // The selection on Product keeps to the types it is not refused on.
    const typename = pruned.typenameKey;
    expect(print(pruned.document).replace(/\s+/g, ' ')).toBe(`{ products { id ... on Chair { reviews(minStars: 4) } ... on Chair { reviews(minStars: 4) } ${typename}: __typename } }`);
    const { data, errors } = reshape({ products: [{ id: '1', [typename]: 'Chair', reviews: [5] }, { id: '2', [typename]: 'Book' }] }, pruned);
    expect(data).toEqual({ products: [{ id: '1', reviews: [5] }, { id: '2', reviews: null }] });
    expect(errors.map((e) => [e.path, e.extensions?.coordinate, e.extensions?.argument, e.extensions?.rule])).toEqual([[['products', 1, 'reviews'], 'Book.reviews', 'minStars', 'no-stars']]);
  });
});
