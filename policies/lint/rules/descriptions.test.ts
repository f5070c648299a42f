import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import rule from './descriptions.ts';

const check = (sdl: string, options = rule.defaults) => rule.check({ schema: parse(sdl), descriptor: null }, options);

describe('lint rule: descriptions', () => {
  it('passes when every type, field, argument, input field and enum value is described', () => {
    expect(check(`
      type Query { "All accounts." accounts("Page size." first: Int, "Filter." filter: AccountFilter): [Account!]! }
      "A customer." type Account { "Stable id." id: ID! "Size band." segment: Segment }
      "Size band." enum Segment { "Small." SMB "Large." ENT }
      "Conditions." input AccountFilter { "Only this band." segment: Segment }
      "A date." scalar Date
    `)).toEqual([]);
  });

  it('names every undescribed element with its coordinate and line', () => {
    const problems = check(`type Query { "All." accounts(first: Int): [Account!]! }
type Account { id: ID! }
"Band." enum Segment { SMB }
"Filter." input AccountFilter { segment: Segment }`);
    expect(problems.map((p) => p.coordinate)).toEqual(['Query.accounts(first:)', 'Account', 'Account.id', 'Segment.SMB', 'AccountFilter.segment']);
    expect(problems[1]).toMatchObject({ message: 'type Account has no description', location: { line: 2, column: 1 } });
  });

  it('rejects descriptions shorter than the configured minimum, and honours exempt types', () => {
    const sdl = `"x" type Account { "ok text" id: ID! } type Stats { "Count of it." n: Int }`;
    expect(check(sdl).map((p) => p.message)).toEqual(['type Account has a description shorter than 3 characters', 'type Stats has no description']);
    expect(check(sdl, { exemptTypes: ['Stats'], minLength: 1 })).toEqual([]);
  });

  it('does not ask for descriptions on type extensions, which GraphQL syntax does not allow', () => {
    expect(check(`extend type Account { "Leads." leads: Int }`)).toEqual([]);
  });
});
