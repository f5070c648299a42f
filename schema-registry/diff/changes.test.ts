import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaChanges, touches } from './changes.ts';

const BEFORE = `
  directive @audit(level: Int) repeatable on FIELD
  type Query { accounts(first: Int = 50, region: Region): [Account!]! search: SearchResult node: Node }
  interface Node { id: ID! }
  type Account implements Node { id: ID! name: String! industry: String segment: Segment legacy: Int }
  type Lead { id: ID! }
  type Contact { id: ID! }
  union SearchResult = Account | Lead
  enum Region { NA EMEA APAC }
  enum Segment { SMB ENT }
  input AccountFilter { region: Region }
  scalar Money`;

const AFTER = `
  directive @audit(level: Int, required: Int!) on FIELD
  type Query { accounts(first: Int = 25, region: [Region], sort: String, filter: AccountFilter): [Account!]! search: SearchResult node: Node }
  interface Node { id: ID! }
  type Account { id: ID! name: String industry: String! segment: Segment created: String }
  type Lead { id: ID! }
  type Contact { id: ID! }
  type Ticket { id: ID! }
  union SearchResult = Account | Contact
  enum Region { NA EMEA LATAM }
  enum Segment { SMB ENT MID }
  input AccountFilter { region: Region, name: String! }`;

const changes = schemaChanges(buildSchema(BEFORE), buildSchema(AFTER));
const find = (kind: string) => changes.filter((c) => c.kind === kind);

describe('schemaChanges', () => {
  it('reads a coordinate out of every change graphql reports, so no change is left unrelated to usage', () => {
    expect(changes.filter((c) => c.affects === null)).toEqual([]);
  });

  it('classifies removals, kind changes and new required inputs as breaking, with the coordinates they touch', () => {
    expect(find('FIELD_REMOVED')).toEqual([expect.objectContaining({ coordinate: 'Account.legacy', classification: 'breaking', affects: { coordinates: ['Account.legacy'], types: [] }, deprecatable: 'Account.legacy' })]);
    expect(find('FIELD_CHANGED_KIND')).toEqual([expect.objectContaining({ coordinate: 'Account.name', affects: { coordinates: ['Account.name'], types: [] } })]);
    expect(find('TYPE_REMOVED').map((c) => c.coordinate)).toEqual(['Money']);
    expect(find('VALUE_REMOVED_FROM_ENUM')).toEqual([expect.objectContaining({ coordinate: 'Region.APAC', deprecatable: 'Region.APAC' })]);
    expect(find('TYPE_REMOVED_FROM_UNION')).toEqual([expect.objectContaining({ coordinate: 'SearchResult', affects: { coordinates: [], types: ['Lead'] } })]);
    expect(find('IMPLEMENTED_INTERFACE_REMOVED')).toEqual([expect.objectContaining({ coordinate: 'Account', affects: { coordinates: [], types: ['Account'] } })]);
    expect(find('ARG_CHANGED_KIND')).toEqual([expect.objectContaining({ coordinate: 'Query.accounts(region:)' })]);
    expect(find('REQUIRED_INPUT_FIELD_ADDED')).toEqual([expect.objectContaining({ coordinate: 'AccountFilter.name', affects: { coordinates: [], types: ['AccountFilter'] } })]);
    expect(find('REQUIRED_DIRECTIVE_ARG_ADDED')).toEqual([expect.objectContaining({ coordinate: '@audit' })]);
    expect(find('DIRECTIVE_REPEATABLE_REMOVED')).toEqual([expect.objectContaining({ coordinate: '@audit' })]);
  });

  it('classifies new enum values, union members and changed defaults as dangerous', () => {
    expect(find('VALUE_ADDED_TO_ENUM').map((c) => [c.coordinate, c.classification])).toEqual([['Region.LATAM', 'dangerous'], ['Segment.MID', 'dangerous']]);
    expect(find('TYPE_ADDED_TO_UNION').map((c) => c.classification)).toEqual(['dangerous']);
    // Operations that leave `first` out now get another page size.
    expect(find('ARG_DEFAULT_VALUE_CHANGE')).toEqual([expect.objectContaining({ coordinate: 'Query.accounts(first:)', classification: 'dangerous', affects: { coordinates: ['Query.accounts'], types: [] } })]);
  });

  it('counts optional additions, new types and fields, and tightened output types as safe', () => {
    const safe = changes.filter((c) => c.classification === 'safe').map((c) => `${c.kind} ${c.coordinate}`);
    expect(safe).toEqual(
      expect.arrayContaining(['OPTIONAL_ARG_ADDED Query.accounts(sort:)', 'OPTIONAL_ARG_ADDED Query.accounts(filter:)', 'TYPE_ADDED Ticket', 'FIELD_ADDED Account.created', 'FIELD_TYPE_TIGHTENED Account.industry']),
    );
  });

  it('reports a new deprecation as safe', () => {
    const deprecated = schemaChanges(buildSchema('type Query { a: Int b: Int }'), buildSchema('type Query { a: Int b: Int @deprecated(reason: "use a") }'));
    expect(deprecated).toEqual([expect.objectContaining({ kind: 'FIELD_DEPRECATED', coordinate: 'Query.b', classification: 'safe' })]);
  });

  it('understands every other kind of change graphql reports', () => {
    const more = schemaChanges(
      buildSchema(`directive @a(x: Int) on FIELD | QUERY directive @gone on FIELD type Query { f(a: Int, b: Int): Int x: X } interface I { id: ID } type T { id: ID } type X { id: ID } input In { x: Int }`),
      buildSchema(`directive @a on FIELD type Query { f(b: Int, c: Int!): Int x: Int } interface I { id: ID } type T implements I { id: ID } input X { id: ID } input In { x: Int y: Int }`),
    );
    expect(more.filter((c) => c.classification !== 'safe' || c.kind.startsWith('OPTIONAL')).map((c) => `${c.kind} ${c.coordinate}`).sort()).toEqual([
      'ARG_REMOVED Query.f(a:)',
      'DIRECTIVE_ARG_REMOVED @a',
      'DIRECTIVE_LOCATION_REMOVED @a',
      'DIRECTIVE_REMOVED @gone',
      'FIELD_CHANGED_KIND Query.x',
      'IMPLEMENTED_INTERFACE_ADDED T',
      'OPTIONAL_INPUT_FIELD_ADDED In.y',
      'REQUIRED_ARG_ADDED Query.f(c:)',
      'TYPE_CHANGED_KIND X',
    ]);
    expect(more.filter((c) => c.affects === null)).toEqual([]);
  });

  it('matches usage by exact coordinate or by whole type', () => {
    expect(touches({ coordinates: ['Account.name'], types: [] }, 'Account.name')).toBe(true);
    expect(touches({ coordinates: ['Account.name'], types: [] }, 'Account.names')).toBe(false);
    expect(touches({ coordinates: [], types: ['AccountFilter'] }, 'AccountFilter')).toBe(true);
    expect(touches({ coordinates: [], types: ['AccountFilter'] }, 'AccountFilter.region')).toBe(true);
    expect(touches({ coordinates: [], types: ['Account'] }, 'AccountFilter.region')).toBe(false);
  });
});
