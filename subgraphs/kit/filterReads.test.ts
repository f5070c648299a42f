import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import { filterReadsProblems } from './filterReads.ts';
import { list } from './resolvers.ts';
import { contains, defineTable, eq } from './table.ts';

const sdl = (filter: string) => `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@composeDirective"])
  @link(url: "https://data-product-gateway.dev/reads/v1.0", import: ["@reads"])
  @composeDirective(name: "@reads")
directive @reads(field: String!) repeatable on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
type Query { contacts(filter: ContactFilter): [Contact!]! }
input ContactFilter { ${filter} }
type Contact @key(fields: "id") { id: ID! email: String account: Account }
type Account @key(fields: "id") { id: ID! }`;

const contacts = defineTable({
  type: 'Contact',
  table: 'contacts',
  key: 'id',
  columns: { id: 'id', email: 'email', accountId: 'account_id' },
  filters: { emailContains: contains('email'), accountId: eq('account_id', 'Contact.account') },
});

const problems = (filter: string, table = contacts) => {
  const text = sdl(filter);
  const resolvers = { Query: { contacts: list(table) } };
  return filterReadsProblems(buildSubgraphSchema([{ typeDefs: parse(text), resolvers: resolvers as never }]), resolvers, factsFromSubgraph('crm', text).reads);
};

describe('what filters read, checked against the schema at start', () => {
  it('accepts a schema that declares what every filter reads, by column or by the filter\'s own word', () => {
    expect(problems('emailContains: String @reads(field: "Contact.email") accountId: ID @reads(field: "Contact.account")')).toEqual([]);
  });

  it('names every disagreement: a missing or wrong @reads, a filter the table lacks, one the schema lacks', () => {
    expect(problems('emailContains: String accountId: ID @reads(field: "Contact.id") phone: String')).toEqual([
      'Query.contacts(filter:): ContactFilter.emailContains reads Contact.email (table contacts, column email), but the schema declares no @reads',
      'Query.contacts(filter:): ContactFilter.accountId reads Contact.account (table contacts, column account_id), but the schema declares @reads(field: "Contact.id")',
      'Query.contacts(filter:): ContactFilter.phone has no filter in table contacts',
    ]);
    expect(problems('emailContains: String @reads(field: "Contact.email")')).toEqual(['Query.contacts(filter:): table contacts has filter "accountId", which ContactFilter does not offer']);
  });

  it('asks for the field a filter reads when its column backs no field of the type', () => {
    const loose = defineTable({ ...contacts, filters: { accountId: eq('account_id') } });
    expect(problems('accountId: ID @reads(field: "Contact.account")', loose)).toEqual([
      expect.stringContaining('filter "accountId" of table contacts reads column account_id, which backs no field of Contact; give the filter the field it reads'),
    ]);
  });
});
