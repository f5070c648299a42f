/** The gateway's settings, read and checked once at start. */
import { int, port, readConfig, text, type ConfigOf } from '../platform/config.ts';
import { shared } from '../platform/settings.ts';

export const gatewaySettings = {
  port: port('GATEWAY_PORT', 4000, 'Gateway port; GraphQL is served at /graphql.'),
  registryUrl: shared.registryUrl,
  supergraphFile: text('SUPERGRAPH_FILE', undefined, 'Serve this supergraph file instead of polling the registry; reloaded when it changes.'),
  pollIntervalMs: int('SUPERGRAPH_POLL_INTERVAL_MS', 1000, 'How often the gateway asks the registry (or checks the file) for a new supergraph.', 50),
  subgraphTimeoutMs: int('SUBGRAPH_TIMEOUT_MS', 10_000, 'Longest wait for one subgraph request before it counts as failed.', 1),
  dataDir: shared.dataDir,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel,
};

export type GatewayConfig = ConfigOf<typeof gatewaySettings>;

export const readGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => readConfig(gatewaySettings, env);
