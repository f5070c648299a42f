/**
 * `npm start`: the whole mesh in one process on embedded defaults.
 * `npm run start:registry`, `start:gateway`, `start:subgraph -- <name>`: one
 * service on its own, as docker-compose runs them; `start:subgraph --
 * ./path/to/domain` starts a domain from any folder.
 */
import { graphiqlEnabled, readGatewayConfig } from '../gateway/config.ts';
import { ConfigError } from '../platform/config.ts';
import { DataDirInUseError } from '../platform/dataDirLock.ts';
import { DataDirUnusableError } from '../platform/db.ts';
import { assertPortsFree, PortInUseError } from '../platform/ports.ts';
import { readRegistryConfig } from '../schema-registry/config.ts';
import { readSubgraphConfig } from '../subgraphs/kit/config.ts';
import { loadDomain, namesFolder } from '../subgraphs/kit/loadDomain.ts';
import { startMesh } from './mesh.ts';

/** Longest a clean stop may take before the process exits anyway. */
const STOP_GRACE_MS = 15_000;

const EXAMPLE = `{
  accounts(first: 5, filter: { region: EMEA }) {
    name region
    opportunities { amount stage }
    tickets { status }
    leads { campaign { channel } }
  }
}`;

async function main(mode = 'mesh', name?: string): Promise<{ close(): Promise<void> }> {
  switch (mode) {
    case 'mesh': {
      // One process, six services: only warnings by default, so the banner below stays readable.
      const mesh = await startMesh({ env: { LOG_LEVEL: 'warn', ...process.env } });
      await mesh.ready(180_000);
      const base = mesh.gateway.url.replace('127.0.0.1', 'localhost');
      const gql = `${base}/graphql`;
      const graphiql = graphiqlEnabled(readGatewayConfig({ ...process.env }));
      console.log(`
Data Product Gateway is running.

  gateway     ${gql}
${graphiql ? `  GraphiQL    ${base}/\n` : ''}  portal      ${base}/portal   (every data product: owner, freshness, lineage, your access)
  registry    ${mesh.registry.url}   (supergraph: /supergraph, catalog: /catalog)
${Object.values(mesh.subgraphs).map((s) => `  ${s.name.padEnd(18)}${s.graphqlUrl}`).join('\n')}

Every request needs an identity. Get a development token (paste it into GraphiQL
or the portal to sign in), then query three domains:

  TOKEN=$(npm run -s dpg -- token --sub ann --role analyst)
  curl -s ${gql} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: EXAMPLE.replace(/\s+/g, ' ') })}'

Roles in the demo policy: analyst, sales (with --attr region=EMEA), marketing, exec, governance.
Ctrl-C stops everything.
`);
      return mesh;
    }
    // Each checks its port before it opens a database, as the mesh does. A
    // service's code loads only once it is known to be the one started.
    case 'registry': {
      const config = readRegistryConfig();
      await assertPortsFree([{ port: config.port, host: config.host, service: 'registry', remedy: 'set REGISTRY_PORT' }]);
      return (await import('../schema-registry/server.ts')).startRegistry(config);
    }
    case 'gateway': {
      const config = readGatewayConfig();
      await assertPortsFree([{ port: config.port, host: config.host, service: 'gateway', remedy: 'set GATEWAY_PORT' }]);
      return (await import('../gateway/server.ts')).startGateway(config);
    }
    case 'subgraph': {
      if (!name) throw new Error('usage: npm run start:subgraph -- <name | ./path/to/domain>');
      const domain = namesFolder(name) ? await loadDomain(name) : (await import('../subgraphs/index.ts')).domainNamed(name);
      const config = readSubgraphConfig();
      await assertPortsFree([{ port: config.port ?? domain.defaultPort, host: config.host, service: `subgraph ${domain.name}`, remedy: 'set SUBGRAPH_PORT' }]);
      return (await import('../subgraphs/kit/server.ts')).startSubgraph(domain, config);
    }
    default:
      throw new Error(`unknown mode "${mode}": use mesh, registry, gateway or subgraph <name>`);
  }
}

try {
  const running = await main(process.argv[2], process.argv[3]);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl-C forces it
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // Requests in flight get the servers' grace period (platform/http.ts); whatever still hangs after this one is cut.
    setTimeout(() => {
      console.error(`${signal}: not stopped within ${STOP_GRACE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, STOP_GRACE_MS).unref();
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  // Refusals that say what to do are shown as they are; anything else with its stack.
  const explained = [ConfigError, PortInUseError, DataDirInUseError, DataDirUnusableError].some((kind) => err instanceof kind);
  console.error(explained ? `cannot start: ${(err as Error).message}` : err);
  process.exit(1);
}
