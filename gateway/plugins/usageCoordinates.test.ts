import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationUsage, valueCoordinates } from './usageCoordinates.ts';

const schema = buildSchema(`
  type Query { accounts(first: Int, filter: AccountFilter): [Account!]! search(text: String): [Result!]! }
  interface Node { id: ID! }
  type Account implements Node { id: ID! name: String region: Region contacts: [Contact!]! }
  type Contact implements Node { id: ID! email: String }
  union Result = Account | Contact
  enum Region { NA EMEA }
  input AccountFilter { region: Region nameContains: String range: Range }
  input Range { from: String to: String }
`);

const usage = (query: string, operationName?: string) => {
  const doc = parse(query);
  return operationUsage(schema, doc, getOperationAST(doc, operationName)!);
};

describe('operationUsage', () => {
  it('lists every selected field by its parent type, arguments, literal input fields, enum values and directives', () => {
    const u = usage(`query Q($skip: Boolean!) { accounts(first: 5, filter: { region: EMEA, range: { from: "a" } }) { id name @skip(if: $skip) contacts { email } __typename } }`);
    expect(u.coordinates.sort()).toEqual([
      '@skip',
      'Account.contacts',
      'Account.id',
      'Account.name',
      'AccountFilter',
      'AccountFilter.range',
      'AccountFilter.region',
      'Contact.email',
      'Query.accounts',
      'Query.accounts(filter:)',
      'Query.accounts(first:)',
      'Range',
      'Range.from',
      'Region.EMEA',
    ]);
    expect(u.variables).toEqual([]);
  });

  it('follows fragments and type conditions, and only the chosen operation', () => {
    const u = usage(`
      query A { search(text: "x") { ... on Account { ...AccountBits } ... on Node { id } } }
      query B { accounts { region } }
      fragment AccountBits on Account { name }`, 'A');
    expect(u.coordinates.sort()).toEqual(['Account.name', 'Node.id', 'Query.search', 'Query.search(text:)']);
  });

  it('names the variables whose values carry input fields or enum values, and reads those values', () => {
    const u = usage(`query Q($f: AccountFilter, $n: Int) { accounts(first: $n, filter: $f) { id } }`);
    expect(u.variables.map((v) => [v.name, String(v.type)])).toEqual([['f', 'AccountFilter']]);
    expect([...valueCoordinates(u.variables[0].type, { region: 'NA', range: { to: 'z' }, unknown: 1 })].sort()).toEqual(['AccountFilter', 'AccountFilter.range', 'AccountFilter.region', 'Range', 'Range.to', 'Region.NA']);
    expect([...valueCoordinates(u.variables[0].type, null)]).toEqual([]);
  });
});
