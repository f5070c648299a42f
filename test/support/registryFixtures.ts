/**
 * Small subgraphs that compose, pass the governance lint and carry a
 * descriptor, for registry tests that need many different ones.
 */
const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const camel = (name: string) => pascal(name).replace(/^./, (c) => c.toLowerCase());

/** A subgraph `name` with one type of its own and the given extra fields on it (each an Int). */
export function fixtureSdl(name: string, fields: string[] = []): string {
  const type = pascal(name);
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag"])

"Figures of ${name}."
type ${type} @key(fields: "id") {
  "Stable id."
  id: ID!
${fields.map((f) => `  "The ${f} figure."\n  ${f}: Int`).join('\n')}
}

type Query {
  "Every ${type}."
  ${camel(name)}: [${type}!]!
}
`;
}

export function fixtureDescriptor(name: string, team: string) {
  return {
    apiVersion: 'dpg/v1',
    domain: name,
    team,
    products: [{ id: `${name}.figures`, name: `${name} figures`, status: 'active', purpose: `Figures the ${name} team publishes for the tests.`, types: [pascal(name)], sla: { freshness: 'PT1H' }, classification: 'internal' }],
  };
}

export const fixtureBody = (name: string, team: string, fields: string[] = []) => ({ sdl: fixtureSdl(name, fields), url: `http://${name}.test/graphql`, dataProduct: fixtureDescriptor(name, team) });
