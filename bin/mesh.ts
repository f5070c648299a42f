/**
 * Assembles the whole mesh in one process — registry, gateway, every domain
 * subgraph — from one environment. `npm start` uses it on the default ports;
 * tests use it on free ports (port 0), so they exercise the same wiring users run.
 */
import { readGatewayConfig } from '../gateway/config.ts';
import { hashKey, newApiKey, type ApiKeyEntry } from '../gateway/identity/apiKeys.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from '../gateway/server.ts';
import { readRegistryConfig } from '../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../schema-registry/server.ts';
import { domains as allDomains } from '../subgraphs/index.ts';
import { readSubgraphConfig } from '../subgraphs/kit/config.ts';
import type { Domain } from '../subgraphs/kit/domain.ts';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/kit/server.ts';

export interface MeshOptions {
  env?: NodeJS.ProcessEnv;
  /** true: every service on a free port (tests); false: the configured/default ports. */
  ephemeralPorts?: boolean;
  domains?: readonly Domain[];
  gateway?: GatewayOptions;
}

export interface Mesh {
  registry: RunningRegistry;
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  /** Resolves once the gateway serves a supergraph with every subgraph in it. */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startMesh(options: MeshOptions = {}): Promise<Mesh> {
  const env = { ...(options.env ?? process.env) };
  const ephemeral = options.ephemeralPorts ?? false;
  const domains = options.domains ?? allDomains;
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

  const registry = await startRegistry(readRegistryConfig({ ...env, ...(ephemeral ? { REGISTRY_PORT: '0' } : {}) }));
  const closers: (() => Promise<void>)[] = [() => registry.close()];
  try {
    // The gateway starts before the subgraphs: it waits for a supergraph, and
    // derived products (analytics) need its URL to read other domains.
    const gateway = await startGateway(readGatewayConfig({ ...env, REGISTRY_URL: registry.url, ...(ephemeral ? { GATEWAY_PORT: '0' } : {}) }), {
      ...options.gateway,
      apiKeys: [...(options.gateway?.apiKeys ?? []), ...serviceKeys],
    });
    closers.unshift(() => gateway.close());
    const subgraphEnv = { ...env, REGISTRY_URL: registry.url, GATEWAY_URL: gateway.url };
    const started = await Promise.all(
      domains.map((d) => startSubgraph(d, readSubgraphConfig({ ...subgraphEnv, ...(ephemeral ? { SUBGRAPH_PORT: '0' } : {}) }))),
    );
    for (const s of started) closers.unshift(() => s.close());

    return {
      registry,
      gateway,
      subgraphs: Object.fromEntries(started.map((s) => [s.name, s])),
      async ready(timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        const names = started.map((s) => s.name);
        while (Date.now() < deadline) {
          const loaded = gateway.runtime.current?.subgraphs ?? {};
          if (names.every((n) => n in loaded)) return;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`gateway did not load all subgraphs within ${timeoutMs} ms`);
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
