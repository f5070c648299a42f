import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyMask } from '../engine/masks.ts';
import { factsFromSubgraph } from '../engine/schemaFacts.ts';
import type { Decision, Strategy } from '../engine/types.ts';
import { Sourced } from './sourced.ts';
import { enforce, type EnforcementContext } from './subgraphSchema.ts';

const SDL = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@composeDirective"])
  @link(url: "https://data-product-gateway.dev/reads/v1.0", import: ["@reads"]) @composeDirective(name: "@reads")
directive @reads(field: String!) repeatable on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
type Query { contacts(filter: ContactFilter): [Contact!]! }
input ContactFilter { emailContains: String @reads(field: "Contact.email") }
type Contact @key(fields: "id") { id: ID! email: String @tag(name: "pii") title: String score: Float }`;

const ROWS = [
  { id: 'c1', email: 'ann@example.com', title: 'CFO', __ways: 0b11 },
  { id: 'c2', email: 'bob@example.com', title: 'CTO', __ways: 0b01 },
];
const base = () =>
  buildSubgraphSchema([
    {
      typeDefs: parse(SDL),
      resolvers: {
        Query: { contacts: () => ROWS },
        // A value read from another row than its parent: c1's score comes from a row only the first way shows.
        Contact: { score: (c: { id: string }, _: unknown, ctx: EnforcementContext) => (ctx.perRow!('Contact') ? new Sourced({ __ways: c.id === 'c1' ? 0b01 : 0b10 }, 'Contact', 0.5) : 0.5) },
      } as never,
    },
  ]);
const facts = factsFromSubgraph('crm', SDL);
const mask = (strategy: Strategy, value: unknown) => applyMask(strategy, value, 'k');
const schema = enforce(base(), facts, mask);
const perRowSchema = enforce(base(), facts, mask, { perRow: true });

const allow: Decision = { effect: 'allow', mask: null, rule: 'reps' };
const masked: Decision = { effect: 'mask', mask: 'hash', rule: 'tag-pii' };
const denied: Decision = { effect: 'deny', mask: null, rule: 'default-deny' };

/** Way 0 (bit 1) shows every row, hashes emails and does not cover score; way 1 (bit 2) shows some rows in clear. */
function context(perRow: boolean, reads: Decision = allow): EnforcementContext & { reads: string[] } {
  const seen: string[] = [];
  return {
    reads: seen,
    decide: () => allow,
    perRow: () => perRow,
    decideRow: (_type, field, row) => {
      const bits = (row as { __ways?: number } | undefined)?.__ways;
      if (bits === undefined) return field === 'email' ? masked : field === 'score' ? denied : allow;
      if (field === 'email') return bits & 0b10 ? allow : masked;
      if (field === 'score') return bits & 0b10 ? allow : denied;
      return allow;
    },
    decideRead: (c) => (seen.push(c), reads),
  };
}

const run = (query: string, ctx: EnforcementContext) => execute({ schema: ctx.perRow!('Contact') ? perRowSchema : schema, document: parse(query), contextValue: ctx });

describe('subgraph enforcement', () => {
  it('decides each value by its row when rows are decided per row, masking once', async () => {
    const res = await run('{ contacts { id email title score } }', context(true));
    const hashed = applyMask('hash', 'bob@example.com', 'k');
    expect(res.data).toEqual({
      contacts: [
        { id: 'c1', email: 'ann@example.com', title: 'CFO', score: null },
        { id: 'c2', email: hashed, title: 'CTO', score: 0.5 },
      ],
    });
    // c1's score came from a row no way covering score shows: denied for that row, with the rule.
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.rule])).toEqual([['contacts.0.score', 'FORBIDDEN', 'default-deny']]);
  });

  it('uses the principal\'s decision for every row when rows are decided alike', async () => {
    const res = await run('{ contacts { email score } }', context(false));
    expect(res.data).toEqual({ contacts: [{ email: 'ann@example.com', score: 0.5 }, { email: 'bob@example.com', score: 0.5 }] });
  });

  it('refuses a field whose argument reads what the caller may not read in clear, before resolving it', async () => {
    const ctx = context(false, masked);
    const res = await run('{ contacts(filter: { emailContains: "ann" }) { id } }', ctx);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', coordinate: 'Query.contacts', argument: 'filter.emailContains', reads: 'Contact.email', rule: 'tag-pii' });
    expect(ctx.reads).toEqual(['Contact.email']);
    expect((await run('{ contacts(filter: { emailContains: null }) { id } }', context(false, masked))).errors).toBeUndefined();
    expect((await run('{ contacts(filter: { emailContains: "ann" }) { id } }', context(false, allow))).errors).toBeUndefined();
  });
});
