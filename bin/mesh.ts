/**
 * Assembles the whole mesh in one process — registry, gateway, every domain
 * subgraph — from one environment. `npm start` uses it on the default ports;
 * tests use it on free ports (port 0), so they exercise the same wiring users run.
 */
import { readGatewayConfig } from '../gateway/config.ts';
import { hashKey, newApiKey, type ApiKeyEntry } from '../gateway/identity/apiKeys.ts';
import type { Logger } from '../platform/log.ts';
import type { GatewayOptions, RunningGateway } from '../gateway/server.ts';
import { readRegistryConfig } from '../schema-registry/config.ts';
import type { RunningRegistry } from '../schema-registry/server.ts';
import { readSubgraphConfig } from '../subgraphs/kit/config.ts';
import type { Domain } from '../subgraphs/kit/domain.ts';
import type { RunningSubgraph } from '../subgraphs/kit/server.ts';
import { ConfigError } from '../platform/config.ts';
import { embeddedCluster } from '../platform/embedded.ts';
import { pgliteDir } from '../platform/settings.ts';
import { assertPortsFree } from '../platform/ports.ts';
import { readLauncherConfig } from './config.ts';
import { waitUntilReady } from './meshReady.ts';

export interface MeshOptions {
  env?: NodeJS.ProcessEnv;
  /** true: every service on a free port (tests); false: the configured/default ports. */
  ephemeralPorts?: boolean;
  domains?: readonly Domain[];
  gateway?: GatewayOptions;
  /** A subgraph's logger (tests read its lines); default: its own pino logger. */
  subgraphLogger?: (domain: string) => Logger;
}

export interface Mesh {
  registry: RunningRegistry;
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  /** Resolves once every service is ready: the gateway serves the registry's current supergraph, every subgraph is migrated, seeded and published. */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startMesh(options: MeshOptions = {}): Promise<Mesh> {
  const env = { ...(options.env ?? process.env) };
  const ephemeral = options.ephemeralPorts ?? false;
  // These name one service's own address; in a mesh each service gets its own.
  delete env.SUBGRAPH_PORT;
  delete env.SUBGRAPH_URL;
  // Derived domains read through the gateway like any client; in one process
  // the launcher gives them a key of their own unless one is configured.
  const serviceKeys: ApiKeyEntry[] = [];
  if (!env.GATEWAY_API_KEY) {
    env.GATEWAY_API_KEY = newApiKey();
    serviceKeys.push({ id: 'analytics', sha256: hashKey(env.GATEWAY_API_KEY), principal: { subject: 'svc:analytics', roles: ['analytics-pipeline'], scopes: [], attributes: {} } });
  }

  const registryConfig = readRegistryConfig({ ...env, ...(ephemeral ? { REGISTRY_PORT: '0' } : {}) });
  const gatewayConfig = readGatewayConfig({ ...env, ...(ephemeral ? { GATEWAY_PORT: '0' } : {}) });
  const subgraphPorts = readLauncherConfig(env).subgraphPorts ?? {};
  // The registry's and the gateway's ports are checked before the database opens: a second start stops here having touched nothing.
  await assertPortsFree([
    { port: registryConfig.port, host: registryConfig.host, service: 'registry', remedy: 'set REGISTRY_PORT' },
    { port: gatewayConfig.port, host: gatewayConfig.host, service: 'gateway', remedy: 'set GATEWAY_PORT' },
  ]);

  // One embedded cluster for every service of the process, each in its own schema (platform/embedded.ts).
  // It opens now, on its own thread, while this one loads the services' code; held until the mesh closes.
  const cluster = registryConfig.databaseUrl ? undefined : embeddedCluster(pgliteDir(registryConfig.dataDir, 'mesh'));
  const held = cluster?.attach('public');
  held?.catch(() => {}); // awaited below, where a failure to open is reported
  // Stopping runs front to back: the gateway first (it stops taking requests and finishes those
  // in flight, which still reach the subgraphs), then the subgraphs together, then the registry.
  const closers: (() => Promise<void>)[] = [async () => (await held?.catch(() => undefined))?.close()];
  try {
    const [{ startRegistry }, { startGateway }, { startSubgraph }, { prepareDomain }, domains] = await Promise.all([
      import('../schema-registry/server.ts'),
      import('../gateway/server.ts'),
      import('../subgraphs/kit/server.ts'),
      import('../subgraphs/kit/prepare.ts'),
      options.domains ?? import('../subgraphs/index.ts').then((m) => m.domains),
    ]);
    const unknown = Object.keys(subgraphPorts).filter((n) => !domains.some((d) => d.name === n));
    if (unknown.length) throw new ConfigError([`SUBGRAPH_PORTS names ${unknown.join(', ')}, which this mesh does not run (it runs ${domains.map((d) => d.name).join(', ')})`]);
    const portOf = (d: Domain) => (ephemeral ? 0 : (subgraphPorts[d.name] ?? d.defaultPort));
    await assertPortsFree(domains.map((d) => ({ port: portOf(d), host: registryConfig.host, service: `subgraph ${d.name}`, remedy: `set SUBGRAPH_PORTS=${d.name}=<port>` })));

    // The domains' schemas are built while the database may still be opening.
    const prepared = domains.map(prepareDomain);
    await held;
    const registry = await startRegistry(registryConfig, { cluster });
    closers.unshift(() => registry.close());
    // The gateway starts before the subgraphs: it waits for a supergraph, and
    // derived products (analytics) need its URL to read other domains.
    const gateway = await startGateway({ ...gatewayConfig, registryUrl: registry.url }, {
      ...options.gateway,
      apiKeys: [...(options.gateway?.apiKeys ?? []), ...serviceKeys],
    });
    closers.unshift(() => gateway.close());
    const subgraphEnv = { ...env, REGISTRY_URL: registry.url, GATEWAY_URL: gateway.url };
    const started = await Promise.all(
      prepared.map((p) => startSubgraph(p, readSubgraphConfig({ ...subgraphEnv, SUBGRAPH_PORT: String(portOf(p.domain)) }), { logger: options.subgraphLogger?.(p.domain.name), cluster })),
    );
    closers.splice(1, 0, async () => void (await Promise.all(started.map((s) => s.close().catch(() => {})))));

    return {
      registry,
      gateway,
      subgraphs: Object.fromEntries(started.map((s) => [s.name, s])),
      async ready(timeoutMs = 30_000) {
        // The gateway's readiness is as of its last poll of the registry: it must serve every subgraph too.
        const names = started.map((s) => s.name);
        const missing = (body: Record<string, any>) => {
          const served: string[] = body.supergraph?.subgraphs ?? [];
          const absent = names.filter((n) => !served.includes(n));
          return absent.length ? `its supergraph has no ${absent.join(', ')} yet` : undefined;
        };
        await waitUntilReady([{ name: 'registry', url: registry.url }, ...started.map((s) => ({ name: s.name, url: s.url })), { name: 'gateway', url: gateway.url, unmet: missing }], timeoutMs);
      },
      async close() {
        for (const close of closers) await close().catch(() => {});
      },
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => {});
    throw err;
  }
}
