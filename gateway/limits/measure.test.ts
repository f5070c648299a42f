import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { getIntrospectionQuery, Kind, parse, specifiedRules, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costModelFromSupergraph, type CostModel } from './costModel.ts';
import { batchRefusal, limitsFor, refusal, type Limits } from './limits.ts';
import { measureOperation } from './measure.ts';
import { limitSettings } from './settings.ts';

function supergraph(subgraphs: Record<string, string>): { schema: GraphQLSchema; model: CostModel } {
  const r = composeServices(Object.entries(subgraphs).map(([name, sdl]) => ({ name, url: `http://${name}`, typeDefs: parse(sdl) })));
  if (r.errors) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return { schema: r.schema.toAPISchema().toGraphQLJSSchema(), model: costModelFromSupergraph(r.supergraphSdl) };
}

const measureWith = (graph: { schema: GraphQLSchema; model: CostModel }, query: string, variables: Record<string, unknown> = {}, assumedListSize = 50) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return measureOperation({ ...graph, document, operation, variables, assumedListSize });
};

const DEFAULTS: Limits = {
  cost: limitSettings.maxCost.default!,
  depth: limitSettings.maxDepth.default!,
  aliases: limitSettings.maxAliases.default!,
  rootFields: limitSettings.maxRootFields.default!,
  directives: limitSettings.maxDirectives.default!,
  batchSize: limitSettings.maxBatchSize.default!,
  requestsPerSecond: 0,
  costPerMinute: 0,
};

// A small mesh: shop owns orders (paged by `first`), stock adds a field to Order.
const V29 = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize", "@cost"])';
const small = supergraph({
  shop: `${V29}
    type Query { orders(first: Int = 20): [Order!]! tags: [String!]! recent: [Order!]! @listSize(assumedSize: 7) page(size: Int): [Order!]! @listSize(slicingArguments: ["size"]) heavy: Report @cost(weight: 40) }
    type Order @key(fields: "id") { id: ID! lines(first: Int): [Line!]! customer: Customer }
    type Line { sku: String! qty: Int! }
    type Customer { name: String! }
    type Report { total: Int! }`,
  stock: `${V29}
    type Order @key(fields: "id") { id: ID! warehouse: Warehouse }
    type Warehouse { name: String! }`,
});

describe('measureOperation', () => {
  it('costs 1 per object, 0 per scalar, lists multiplied by the `first` given or its schema default', () => {
    expect(measureWith(small, '{ orders(first: 3) { id } }').cost).toBe(3);
    expect(measureWith(small, '{ orders { id } }').cost).toBe(20);
    expect(measureWith(small, '{ orders(first: 3) { id customer { name } } }').cost).toBe(3 * (1 + 1));
    expect(measureWith(small, '{ orders(first: 3) { lines(first: 4) { sku } } }').cost).toBe(3 * (1 + 4));
  });

  it('reads sizes from variables, their defaults, and says which variables it read', () => {
    const q = 'query($n: Int, $m: Int = 6) { orders(first: $n) { lines(first: $m) { sku } } }';
    expect(measureWith(small, q, { n: 2 })).toMatchObject({ cost: 2 * (1 + 6), sizeVariables: ['m', 'n'] });
    expect(measureWith(small, q, { n: 2, m: 1 }).cost).toBe(2 * (1 + 1));
    // A size variable left out falls back to the schema default of `first`.
    expect(measureWith(small, q, {}).cost).toBe(20 * (1 + 6));
  });

  it('uses @listSize (assumed size, slicing arguments) and @cost from the supergraph, and the configured size for other lists', () => {
    expect(measureWith(small, '{ recent { id } }').cost).toBe(7);
    expect(measureWith(small, '{ page(size: 9) { id } }').cost).toBe(9);
    expect(measureWith(small, '{ heavy { total } }').cost).toBe(40);
    expect(measureWith(small, '{ orders(first: 1) { lines { sku } } }', {}, 11).cost).toBe(1 + 11);
    expect(measureWith(small, '{ tags }').cost).toBe(0);
  });

  it('counts one entity fetch per parent object for a field another subgraph resolves', () => {
    expect(measureWith(small, '{ orders(first: 5) { warehouse { name } } }').cost).toBe(5 * (1 + 1 + 1));
    // Several fields from that subgraph still cost one fetch per parent object each (an upper bound).
    expect(measureWith(small, '{ orders(first: 5) { id warehouse { name } customer { name } } }').cost).toBe(5 * (1 + 2 + 1));
  });

  it('counts fragments where they are spread, and aliases, root fields, directives and depth through them', () => {
    const inline = measureWith(small, '{ a: orders(first: 2) { id lines(first: 3) { sku } } b: orders(first: 2) { id lines(first: 3) { sku } } }');
    const viaFragment = measureWith(small, '{ a: orders(first: 2) { ...O } b: orders(first: 2) { ...O } } fragment O on Order { id lines(first: 3) { sku } }');
    expect(viaFragment).toEqual(inline);
    expect(inline).toMatchObject({ cost: 2 * 2 * (1 + 3), aliases: 2, rootFields: 2, depth: 3 });
    const directives = measureWith(small, 'query Q($x: Boolean!) @a { orders(first: 1) @include(if: $x) { ...F @skip(if: false) } } fragment F on Order @b { id @c }');
    expect(directives.directives).toBe(5);
    expect(measureWith(small, '{ ...R } fragment R on Query { x: tags y: tags ... on Query { z: tags } }')).toMatchObject({ rootFields: 3, aliases: 3 });
  });

  it('grows with every page size and never falls below the sum of its parts (property)', () => {
    for (let n = 0; n <= 60; n += 7) {
      for (let m = 0; m <= 60; m += 11) {
        const cost = measureWith(small, `{ orders(first: ${n}) { lines(first: ${m}) { sku } warehouse { name } } }`).cost;
        expect(cost).toBe(n * (1 + m + 2));
        expect(measureWith(small, `{ orders(first: ${n + 1}) { lines(first: ${m}) { sku } warehouse { name } } }`).cost).toBeGreaterThan(cost);
      }
    }
  });
});

describe('demand control on the demo mesh with the default limits', () => {
  const names = fs.readdirSync('subgraphs', { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'kit').map((d) => d.name);
  const mesh = supergraph(Object.fromEntries(names.map((n) => [n, fs.readFileSync(`subgraphs/${n}/schema.graphql`, 'utf8')])));

  it('refuses the nested query from the issue, whose cost runs past what a number can count exactly', () => {
    let inner = '{ id }';
    for (let i = 0; i < 7; i++) inner = `{ account { tickets(first: 500) ${inner} } }`;
    const attack = `{ accounts(first: 100) { tickets(first: 500) ${inner} } }`;
    const m = measureWith(mesh, attack);
    expect(m.cost).toBe(Number.MAX_SAFE_INTEGER);
    expect(refusal(m, DEFAULTS)).toMatchObject({ code: 'DEPTH_LIMIT', allowed: 10 });
    // Shallow enough for the depth limit, it is still refused for its cost.
    const shallow = measureWith(mesh, '{ accounts(first: 100) { tickets(first: 500) { account { tickets(first: 500) { id } } } } }');
    expect(refusal(shallow, DEFAULTS)).toEqual({ code: 'COST_LIMIT', measured: shallow.cost, allowed: DEFAULTS.cost, message: expect.stringContaining(`estimated cost of ${shallow.cost}`) });
  });

  it('lets the benchmark\'s heaviest join through', () => {
    const join = 'query($first: Int) { accounts(first: $first) { id name region segment opportunities { id amount stage closeDate } tickets { id status priority } leads { id createdOn campaign { id name channel } } } }';
    expect(measureWith(mesh, join, { first: 500 }).cost).toBe(101_500);
    expect(refusal(measureWith(mesh, join, { first: 500 }), DEFAULTS)).toBeUndefined();
  });

  it('sizes every domain\'s connection by its `first`, like a plain list of that size (@listSize on nodes)', () => {
    for (const [connection, list] of [['ticketsConnection', 'tickets'], ['leadsConnection', 'leads'], ['playersConnection', 'players'], ['experimentResultsConnection', 'experimentResults'], ['auditEventsConnection', 'auditEvents']]) {
      const plain = measureWith(mesh, `{ ${list}(first: 40) { id } }`).cost;
      // The connection and its pageInfo are one object each; the nodes cost what the list does.
      expect(measureWith(mesh, `{ ${connection}(first: 40) { nodes { id } pageInfo { endCursor } totalCount } }`).cost, connection).toBe(plain + 2);
      expect(measureWith(mesh, `{ ${connection} { nodes { id } totalCount } }`).cost, connection).toBe(50 + 1);
    }
    const nested = measureWith(mesh, '{ ticketsConnection(first: 500) { nodes { account { tickets(first: 500) { id } } } } }');
    expect(refusal(nested, DEFAULTS)).toMatchObject({ code: 'COST_LIMIT' });
  });

  it('lets GraphiQL\'s and tools\' full introspection query through: introspection costs nothing and adds no depth', () => {
    const full = measureWith(mesh, getIntrospectionQuery({ descriptions: true, schemaDescription: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }));
    expect(full).toMatchObject({ cost: 0, depth: 0, rootFields: 1 });
    expect(refusal(full, DEFAULTS)).toBeUndefined();
    // Beside data, only the data counts; aliases of introspection still count as aliases.
    expect(measureWith(mesh, '{ __schema { types { name fields { name type { ofType { ofType { name } } } } } } accounts(first: 3) { id } }')).toMatchObject({ cost: 3, depth: 2 });
    expect(measureWith(mesh, '{ a: __type(name: "Account") { name } b: __schema { queryType { name } } }')).toMatchObject({ cost: 0, aliases: 2, rootFields: 2 });
  });

  it('leaves the introspection that could grow a huge answer to graphql-js\'s MaxIntrospectionDepthRule, which the gateway validates with', () => {
    const circular = parse('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
    expect(validate(mesh.schema, circular, specifiedRules).map((e) => e.message)).toEqual(['Maximum introspection depth exceeded']);
    expect(validate(mesh.schema, parse(getIntrospectionQuery()), specifiedRules)).toEqual([]);
  });

  it('refuses too many aliases or root fields, naming the figures', () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: accounts(first: 1) { id }`).join(' ')} }`;
    expect(refusal(measureWith(mesh, aliases), DEFAULTS)).toMatchObject({ code: 'ALIAS_LIMIT', measured: 31, allowed: 30 });
    const roots = `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: accounts(first: 1) { id }`).join(' ')} }`;
    expect(refusal(measureWith(mesh, roots), { ...DEFAULTS, aliases: 100 })).toMatchObject({ code: 'ROOT_FIELD_LIMIT', measured: 21, allowed: 20 });
  });
});

describe('limitsFor', () => {
  const rules = [
    { id: 'bi', to: { roles: ['bi'] }, cost: 1_000_000, requestsPerSecond: 50 },
    { id: 'bi-night', to: { roles: ['bi'], attributes: { shift: 'night' } }, cost: 500_000, depth: 15, requestsPerSecond: 0 },
    { id: 'interns', to: { roles: ['intern'] }, cost: 1000, costPerMinute: 5000 },
  ];
  const who = (roles: string[], attributes: Record<string, string> = {}) => ({ subject: 's', roles, scopes: [], attributes });

  it('keeps the configured limits for callers no rule matches', () => {
    expect(limitsFor(DEFAULTS, rules, who(['analyst']))).toEqual({ limits: DEFAULTS, rules: [] });
  });

  it('applies the most generous value of each limit among the matching rules (0 rate = no limit)', () => {
    expect(limitsFor(DEFAULTS, rules, who(['bi'], { shift: 'night' }))).toEqual({ limits: { ...DEFAULTS, cost: 1_000_000, depth: 15, requestsPerSecond: 0 }, rules: ['bi', 'bi-night'] });
    expect(limitsFor(DEFAULTS, rules, who(['bi', 'intern'])).limits).toMatchObject({ cost: 1_000_000, requestsPerSecond: 50, costPerMinute: 5000 });
  });

  it('lets a rule lower a limit for the callers it matches', () => {
    expect(limitsFor(DEFAULTS, rules, who(['intern'])).limits.cost).toBe(1000);
  });

  it('is ready for batched requests: a batch over the caller\'s size is refused as a whole', () => {
    expect(batchRefusal(10, DEFAULTS)).toBeUndefined();
    expect(batchRefusal(11, DEFAULTS)).toEqual({ code: 'BATCH_LIMIT', message: 'the batch holds 11 operations; at most 10 are allowed', measured: 11, allowed: 10 });
    expect(batchRefusal(11, limitsFor(DEFAULTS, [{ id: 'big', to: {}, batchSize: 50 }], who([])).limits)).toBeUndefined();
  });
});
