/**
 * Serves one federation fixture's subgraphs on fixed ports and writes their
 * composed supergraph to a file: a supergraph this product did not write, to
 * run the gateway on (README, "Run the gateway on your own supergraph").
 *
 *   npx tsx test/support/serveFixture.ts media-library supergraph.graphql [first-port, default 4201]
 */
import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { fixtureNames, loadFixture, serveSubgraph } from './federation.ts';

const [name, out, firstPort = '4201'] = process.argv.slice(2);
if (!name || !out || !fixtureNames().includes(name)) {
  console.error(`usage: npx tsx test/support/serveFixture.ts <${fixtureNames().join(' | ')}> <supergraph file> [first port]`);
  process.exit(2);
}
const fixture = await loadFixture(name);
const servers = await Promise.all(
  fixture.subgraphs.map(async (s, i) => ({
    ...s,
    running: await serveSubgraph(buildSubgraphSchema({ typeDefs: parse(s.sdl), resolvers: (fixture.module.resolvers[s.name] ?? {}) as never }), Number(firstPort) + i),
  })),
);
const composed = composeServices(servers.map((s) => ({ name: s.name, url: `${s.running.url}/graphql`, typeDefs: parse(s.sdl) })));
if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
fs.writeFileSync(out, composed.supergraphSdl);
console.log(`${servers.map((s) => `subgraph ${s.name.padEnd(12)} ${s.running.url}/graphql`).join('\n')}\nsupergraph written to ${out}`);
