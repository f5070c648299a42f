/**
 * The files of a new domain, as text: a working subgraph with one entity
 * backed by one table — described, classified, migrated, seeded, filtered,
 * paged and tested — for a team to rename and grow. Pure: names in, files out.
 */

export interface ScaffoldNames {
  /** Subgraph name, e.g. `fleet-ops`. */
  domain: string;
  /** Entity type, e.g. `FleetOpsItem`. */
  type: string;
  /** Root list and lookup fields, e.g. `fleetOpsItems`, `fleetOpsItem`. */
  list: string;
  one: string;
  port: number;
  /** Import specifier of the kit from the domain folder (subgraphs/kit/index.ts). */
  kit: string;
}

// Spelled apart so the bundler (bin/bundle.mjs), which points this project's
// own import.meta at its sources, leaves the generated domain's text alone.
const IMPORT_META = ['import', 'meta'].join('.');

const pascal = (name: string) => name.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

export function scaffoldNames(domain: string, port: number, kit: string): ScaffoldNames {
  const type = `${pascal(domain)}Item`;
  const one = type[0].toLowerCase() + type.slice(1);
  return { domain, type, one, list: `${one}s`, port, kit };
}

export function scaffoldFiles(n: ScaffoldNames): Record<string, string> {
  const table = 'items';
  return {
    'index.ts': `/** The ${n.domain} domain. \`npm run start:subgraph -- <this folder>\` serves it; \`npm start\` too when it sits in subgraphs/. */
import { defineDomain } from '${n.kit}';
import { resolvers } from './resolvers.ts';
import { seed } from './seed.ts';

export default defineDomain({ name: '${n.domain}', dir: ${IMPORT_META}.dirname, defaultPort: ${n.port}, resolvers, seed });
`,
    'tables.ts': `/** Which table backs which type, which column each field reads, and which filters a list takes. */
import { defineTable, eq } from '${n.kit}';

export const items = defineTable({
  type: '${n.type}',
  table: '${table}',
  key: 'id',
  columns: { id: 'id', name: 'name', ownerEmail: 'owner_email', value: 'value', region: 'region', updatedOn: 'updated_on' },
  filters: { region: eq('region') },
});
`,
    'resolvers.ts': `/**
 * One line per field: the kit batches, pages and guards every read. Data that
 * is not in a table (an API, a file) comes from defineSource + fromSource instead.
 */
import { list, one, reference } from '${n.kit}';
import { items } from './tables.ts';

export const resolvers = {
  Query: {
    ${n.list}: list(items),
    ${n.one}: one(items),
  },
  ${n.type}: {
    __resolveReference: reference(items),
  },
};
`,
    'seed.ts': `/** Development data, the same on every start: the kit runs it on empty tables, in a transaction. */
import { insertRows, type Universe } from '${n.kit}';

const REGIONS = ['NA', 'EMEA', 'APAC', 'LATAM'];

export async function seed(db: Parameters<typeof insertRows>[0], u: Universe): Promise<void> {
  const r = u.random('${n.domain}');
  const rows = Array.from({ length: 25 }, (_, i) => ({
    id: \`${n.domain}-\${String(i + 1).padStart(3, '0')}\`,
    name: \`Item \${i + 1}\`,
    owner_email: \`owner\${i + 1}@${n.domain}.example.com\`,
    value: r.amount(100, 10_000),
    region: REGIONS[i % REGIONS.length],
    updated_on: r.date(u.period.start, u.period.end),
  }));
  await insertRows(db, '${table}', rows);
}
`,
    'migrations/001_init.sql': `CREATE TABLE ${table} (
  id text PRIMARY KEY,
  name text NOT NULL,
  owner_email text,
  value double precision,
  region text NOT NULL,
  updated_on date NOT NULL
);
`,
    'schema.graphql': `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@shareable", "@composeDirective"])
  @link(url: "https://data-product-gateway.dev/reads/v1.0", import: ["@reads"])
  @composeDirective(name: "@reads")

"What an argument or filter input field reads. A filter on a field is a read of it: it is refused to callers who may not read that field in clear."
directive @reads("The field read, as Type.field." field: String!) repeatable on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION

"A calendar date in ISO 8601 form, YYYY-MM-DD."
scalar Date

type Query {
  "Every ${n.type}, ordered by id. Page with \`first\` and \`after\` (the last id received)."
  ${n.list}(
    "Page size, 1 to the server's maximum."
    first: Int = 50
    "Return items after this id."
    after: ID
    "Narrow the list; all given conditions must hold."
    filter: ${n.type}Filter
  ): [${n.type}!]!
  "One ${n.type} by id, or null when it does not exist or is not visible to you."
  ${n.one}("The item's id." id: ID!): ${n.type}
}

"Conditions on ${n.type}s."
input ${n.type}Filter {
  "Only items of this region."
  region: String @reads(field: "${n.type}.region")
}

"One item the ${n.domain} domain owns. Rename it and its fields to what the domain really holds."
type ${n.type} @key(fields: "id") {
  "Stable identifier."
  id: ID!
  "Display name."
  name: String! @tag(name: "internal")
  "Who looks after it: personal data."
  ownerEmail: String @tag(name: "pii")
  "What it is worth, in US dollars."
  value: Float @tag(name: "confidential")
  "Sales region it belongs to."
  region: String!
  "When it last changed."
  updatedOn: Date!
}
`,
    'data-product.yaml': `# The data products the ${n.domain} domain publishes: the registry stores this
# with the schema and serves it in the catalog and the portal.
apiVersion: dpg/v1
domain: ${n.domain}
team: ${n.domain}-team
contact: ${n.domain}-data@example.com
products:
  - id: ${n.domain}.items
    name: ${n.type}s
    status: experimental
    purpose: Every ${n.type} of the ${n.domain} domain, with its owner, value and region. Describe what it is for.
    types: [${n.type}]
    sla: { freshness: PT1H, latency: 300ms }
    classification: internal
    fields:
      ${n.type}.name: internal
      ${n.type}.ownerEmail: pii
      ${n.type}.value: confidential
`,
    'domain.test.ts': `/**
 * The ${n.domain} domain on its own: it passes the governance lint, and
 * serves its rows under a policy that grants them, with personal data masked.
 * Run: npx tsx --test ${'<this folder>'}/domain.test.ts
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { checkDomain, readSubgraphConfig, startSubgraph, type RunningSubgraph } from '${n.kit}';
import domain from './index.ts';

let subgraph: RunningSubgraph;
let tmp: string;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), '${n.domain}-test-'));
  // A policy of its own, with the classification floors every policy has: governance grants the real one.
  fs.writeFileSync(path.join(tmp, 'policy.yaml'), [
    'tags:',
    '  pii: { description: Personal data is masked., unmasked: [{ scopes: [pii:read] }], otherwise: partial }',
    '  confidential: { description: Values for finance only., unmasked: [{ roles: [finance] }], otherwise: deny }',
    'grants:',
    '  - id: tester-reads-${n.domain}',
    '    to: { roles: [tester] }',
    '    read:',
    '      - subgraph: ${n.domain}',
  ].join('\\n'));
  const config = readSubgraphConfig({
    DATA_DIR: 'memory', SUBGRAPH_PORT: '0', LOG_LEVEL: 'silent', POLICY_DIR: tmp,
    // No registry: the policy is checked against this domain's own schema.
    REGISTRY_URL: 'http://127.0.0.1:9',
    SUBGRAPH_TRUST: 'development', SUBGRAPH_TEST_PRINCIPAL: JSON.stringify({ sub: 'tester', roles: ['tester'] }),
  });
  subgraph = await startSubgraph(domain, config, { publish: false });
});
after(async () => {
  await subgraph?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function ask(query: string) {
  const res = await fetch(\`\${subgraph.url}/graphql\`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return res.json();
}

test('passes the governance lint', () => {
  assert.deepEqual(checkDomain(domain), []);
});

test('serves its rows, paged and filtered, with personal data masked and confidential values denied', async () => {
  const body = await ask('{ ${n.list}(first: 3, filter: { region: "EMEA" }) { id name region ownerEmail value } }');
  assert.equal(body.data.${n.list}.length, 3);
  for (const item of body.data.${n.list}) {
    assert.equal(item.region, 'EMEA');
    assert.notEqual(item.ownerEmail, null);
    assert.doesNotMatch(item.ownerEmail, /^owner\\d+@/);
    assert.equal(item.value, null);
  }
  const one = await ask(\`{ ${n.one}(id: "\${body.data.${n.list}[0].id}") { id } }\`);
  assert.equal(one.data.${n.one}.id, body.data.${n.list}[0].id);
});
`,
  };
}
