/**
 * Starts the gateway: the supergraph source (registry or file), the runtime
 * that swaps supergraphs in place, the request pipeline, and the probes.
 * It listens at once; until a first supergraph arrives `/graphql` answers 503
 * and `/ready` says why.
 */
import { createHttpServer, listen } from '../platform/http.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { counter, createMetrics, histogram } from '../platform/metrics.ts';
import { probeRoutes } from '../platform/probes.ts';
import type { GatewayConfig } from './config.ts';
import { graphqlHandler } from './pipeline/handler.ts';
import type { GatewayPlugin } from './pipeline/plugin.ts';
import { diskCache } from './supergraph/diskCache.ts';
import { fileSource } from './supergraph/fileSource.ts';
import { registrySource } from './supergraph/registrySource.ts';
import { SupergraphRuntime } from './supergraph/runtime.ts';
import type { SupergraphSource } from './supergraph/source.ts';

export interface RunningGateway {
  url: string;
  port: number;
  runtime: SupergraphRuntime;
  close(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  plugins?: GatewayPlugin[];
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  const metrics = createMetrics('gateway');
  const requests = counter(metrics, 'dpg_gateway_requests_total', 'GraphQL requests by HTTP status', ['status']);
  const latency = histogram(metrics, 'dpg_gateway_request_seconds', 'GraphQL request latency', [], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
  const swaps = counter(metrics, 'dpg_gateway_supergraph_swaps_total', 'Supergraphs loaded without restart');

  const runtime = new SupergraphRuntime({ logger, subgraphTimeoutMs: config.subgraphTimeoutMs, onSwap: () => swaps.inc() });
  const source: SupergraphSource = config.supergraphFile
    ? fileSource(config.supergraphFile, config.pollIntervalMs, logger)
    : registrySource(config.registryUrl, config.pollIntervalMs, diskCache(config.dataDir), logger);

  const handle = graphqlHandler(runtime, options.plugins ?? [], logger);
  const graphql = async (req: Parameters<typeof handle>[0]) => {
    const stop = latency.startTimer();
    try {
      const reply = await handle(req);
      requests.inc({ status: reply.status ?? 200 });
      return reply;
    } catch (err) {
      requests.inc({ status: (err as { status?: number }).status ?? 500 });
      throw err;
    } finally {
      stop();
    }
  };

  const server = createHttpServer({
    bodyLimit: config.maxBodyBytes,
    onError: (err) => logger.error({ err }, 'request failed'),
    routes: {
      'POST /graphql': graphql,
      'GET /graphql': graphql,
      ...probeRoutes(
        'gateway',
        () => {
          const current = runtime.current;
          return {
            ready: current !== undefined,
            ...(current ? {} : { reason: 'no supergraph loaded yet' }),
            supergraph: current ? { hash: current.hash, version: current.version ?? null, origin: current.origin, loadedAt: current.loadedAt, subgraphs: Object.keys(current.subgraphs) } : null,
            source: source.status(),
            lastRejected: runtime.lastRejected ?? null,
          };
        },
        metrics,
      ),
    },
  });

  source.start((update) => runtime.apply(update));
  const running = await listen(server, config.port);
  logger.info({ url: `${running.url}/graphql` }, 'gateway listening');

  return {
    url: running.url,
    port: running.port,
    runtime,
    async close() {
      source.stop();
      await running.close();
      await runtime.stop();
    },
  };
}
