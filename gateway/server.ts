/**
 * Starts the gateway: the supergraph source (registry or file), the runtime
 * that swaps supergraphs in place, the request pipeline, and the probes.
 * It listens at once; until a first supergraph arrives `/graphql` answers 503
 * and `/ready` says why.
 */
import path from 'node:path';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createHttpServer, listen } from '../platform/http.ts';
import { loadSigner } from '../platform/tokens.ts';
import { factsFromSupergraph } from '../policies/engine/schemaFacts.ts';
import { folderPolicy, PolicyHolder, registryPolicy } from '../policies/holder.ts';
import { explainRoute } from './admin/explain.ts';
import { explainFieldsRoute } from './admin/explainFields.ts';
import { auditPlugin } from './audit/plugin.ts';
import { auditSink, type AuditSink } from './audit/sink.ts';
import { authorizationPlugin } from './authorize/plugin.ts';
import { introspectionPlugin } from './introspection/plugin.ts';
import { apiKeyLookup, loadApiKeys, type ApiKeyEntry } from './identity/apiKeys.ts';
import { anonymousPrincipal } from './identity/anonymous.ts';
import { devSecret } from './identity/devSecret.ts';
import { identityPlugin } from './identity/plugin.ts';
import { limitsPlugin } from './limits/plugin.ts';
import { openRateLimiter } from './limits/rates.ts';
import { usagePlugin } from './plugins/usage.ts';
import { userTokenVerifier } from './identity/userTokens.ts';
import { identityMinter } from './subgraphs/identity.ts';
import { SubgraphDataSource } from './subgraphs/dataSource.ts';
import { subgraphFieldTimings } from './subgraphs/fieldTimings.ts';
import { namespace } from '../platform/cache/keys.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { counter, createMetrics, histogram } from '../platform/metrics.ts';
import { probeRoutes } from '../platform/probes.ts';
import { guardDevelopmentDefaults } from '../platform/safety.ts';
import { openGatewayCaching } from './caching.ts';
import { gatewayDevelopmentDefaults, graphiqlEnabled, type GatewayConfig } from './config.ts';
import { graphqlHandler } from './pipeline/handler.ts';
import { productCatalog } from './catalog/products.ts';
import { exportByAccept } from './export/byAccept.ts';
import { exportRoute } from './export/route.ts';
import { freshnessPlugin } from './freshness/plugin.ts';
import { preflight, withCors } from './http/cors.ts';
import { graphqlOverHttp } from './http/graphqlOverHttp.ts';
import { gatewayReadiness } from './readiness.ts';
import type { GatewayPlugin } from './pipeline/plugin.ts';
import { loadCacheRules } from './standalone/cacheRules.ts';
import { assertRegistryWhereNeeded, registryOf } from './standalone/registry.ts';
import { diskCache } from './supergraph/diskCache.ts';
import { fileSource } from './supergraph/fileSource.ts';
import { registrySource } from './supergraph/registrySource.ts';
import { SupergraphRuntime } from './supergraph/runtime.ts';
import type { SupergraphSource } from './supergraph/source.ts';
import { wantsPage, webPages } from './web/serve.ts';
import { observePlugin } from './observe/plugin.ts';
import { traced } from './observe/stages.ts';
import { fetchObserver } from './observe/subgraphFetch.ts';
import { infoMetric } from '../platform/telemetry/infoMetric.ts';
import { openTracing } from '../platform/telemetry/tracing.ts';

export interface RunningGateway {
  url: string;
  port: number;
  runtime: SupergraphRuntime;
  policy: PolicyHolder;
  audit: AuditSink;
  close(): Promise<void>;
}

/** The domain that keeps the audit trail and serves it as the `auditEvents` data product. */
export const AUDIT_SUBGRAPH = 'governance';

export interface GatewayOptions {
  logger?: Logger;
  /** Plugins between identity and authorization (e.g. caches). */
  plugins?: GatewayPlugin[];
  /** API keys besides API_KEYS_FILE, e.g. for services the mesh launcher starts. */
  apiKeys?: ApiKeyEntry[];
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', config.logLevel);
  // Refusals first, before anything is opened: a setting that needs a missing
  // registry, a cache rules file that does not read or check.
  assertRegistryWhereNeeded(config);
  const registryUrl = registryOf(config);
  const cacheRules = config.responseCacheRulesFile ? loadCacheRules(config.responseCacheRulesFile) : undefined;
  if (!registryUrl) logger.info('no registry (SUPERGRAPH_FILE without REGISTRY_URL): no usage reports, no data-product catalog, no request to any registry');
  guardDevelopmentDefaults(config.deployment, gatewayDevelopmentDefaults(config), logger);
  const metrics = createMetrics('gateway');
  const requests = counter(metrics, 'dpg_gateway_requests_total', 'GraphQL requests by HTTP status', ['status']);
  const latency = histogram(metrics, 'dpg_gateway_request_seconds', 'GraphQL request latency', [], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
  const swaps = counter(metrics, 'dpg_gateway_supergraph_swaps_total', 'Supergraphs loaded without restart');
  // Global too: @apollo/gateway's own spans (plan, execute, fetch) join the request's trace.
  const tracing = await openTracing('gateway', config, { global: true });
  const observeFetch = fetchObserver(metrics);

  // Checked against the supergraph this gateway serves, handed over at every swap.
  const policy = new PolicyHolder({
    source: config.policySource === 'registry' ? registryPolicy(registryUrl!) : folderPolicy(config.policyDir),
    intervalMs: config.policyPollMs,
    logger,
  });
  const signer = await loadSigner({ privateJwk: config.signingKey, file: config.dataDir === 'memory' ? undefined : path.resolve(config.dataDir, 'gateway', 'signing-key.json') });
  const tokenFor = identityMinter(signer);
  const fieldTimings = config.subgraphTraces ? subgraphFieldTimings(metrics) : undefined;

  const runtime = new SupergraphRuntime({
    logger,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    queryPlanCacheMb: config.queryPlanCacheMb,
    apolloTelemetry: !config.apolloTelemetryDisabled,
    dataSource: (o) => new SubgraphDataSource({ ...o, identity: tokenFor, observe: observeFetch, fieldTimings }),
    onSwap: (snapshot) => {
      swaps.inc();
      policy.setFacts(factsFromSupergraph(snapshot.sdl), { kind: 'supergraph', hash: snapshot.hash });
    },
  });
  infoMetric(metrics, 'dpg_supergraph_info', 'The supergraph this gateway serves (1)', ['hash', 'version'], () => runtime.current && { hash: runtime.current.hash.slice(0, 12), version: String(runtime.current.version ?? '') });
  infoMetric(metrics, 'dpg_policy_info', 'The policy version new requests are decided under (1)', ['version'], () => policy.current && { version: policy.current.version });
  const source: SupergraphSource = config.supergraphFile
    ? fileSource(config.supergraphFile, config.pollIntervalMs, logger)
    : registrySource(registryUrl!, config.pollIntervalMs, diskCache(config.dataDir), logger);

  const verifyToken = userTokenVerifier({
    secret: config.jwtSecret ?? (config.jwtJwksUrl || config.jwtJwksFile ? undefined : devSecret(config.dataDir)),
    jwksUrl: config.jwtJwksUrl,
    jwksFile: config.jwtJwksFile,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
  });
  const anonymous = anonymousPrincipal(config.anonymousRole);
  const lookupApiKey = apiKeyLookup([...(config.apiKeysFile ? loadApiKeys(config.apiKeysFile) : []), ...(options.apiKeys ?? [])]);
  // One way to know the caller, for GraphQL, exports and explanations alike (an anonymous caller included).
  const identity = { verifyToken, lookupApiKey, anonymous };

  const auditDropped = counter(metrics, 'dpg_audit_events_dropped_total', 'Audit events dropped because the governance subgraph stayed unreachable');
  const audit = auditSink({
    target: () => runtime.current?.subgraphs[AUDIT_SUBGRAPH]?.replace(/\/graphql$/, ''),
    token: () => tokenFor({}, AUDIT_SUBGRAPH),
    intervalMs: config.auditFlushMs,
    logger,
    onDropped: (n) => auditDropped.inc(n),
  });

  // Order matters: who is calling, then their limits (a refused request
  // reaches nothing else), then usage (answers from a cache are usage too),
  // then whatever may answer early (caches), then authorization rewrites the
  // operation right before planning.
  const catalog = productCatalog(registryUrl, logger, undefined, undefined, () => runtime.current?.hash);
  catalog.current(); // read early, so the first answers already carry their freshness
  const caching = await openGatewayCaching(config, { logger, metrics, catalog: registryUrl ? catalog : undefined, rules: cacheRules, supergraph: () => runtime.current });
  const rateStoreFailures = counter(metrics, 'dpg_rate_limit_store_failures_total', 'Rate-limit counts that could not be taken because Redis failed; each request went through');
  const rates = await openRateLimiter({
    redis: config.redisUrl || config.redisClusterNodes.length ? { url: config.redisUrl, clusterNodes: config.redisClusterNodes, commandTimeoutMs: config.redisCommandTimeoutMs } : undefined,
    keyPrefix: namespace(config.cacheKeyPrefix),
    logger,
    onStoreFailure: () => rateStoreFailures.inc(),
  });
  // Usage goes to the registry's breaking-change checks: no registry, no reports.
  const usage = registryUrl ? usagePlugin({ registryUrl, token: config.registryToken, flushIntervalMs: config.usageFlushIntervalMs, logger }) : undefined;
  const observe = observePlugin({ tracing, logger, metrics });
  const plugins: GatewayPlugin[] = [
    observe,
    traced(identityPlugin({ ...identity, policy }), { onRequest: 'identity' }),
    limitsPlugin({ config, rates, metrics }),
    ...(usage ? [usage] : []),
    freshnessPlugin(catalog),
    ...(options.plugins ?? []),
    ...caching.plugins,
    ...(config.introspection === 'on' ? [introspectionPlugin()] : []),
    traced(authorizationPlugin(), { onOperation: 'authorize' }),
    auditPlugin(audit),
  ];
  const executions = counter(metrics, 'dpg_gateway_executions_total', 'Query executions by outcome: run, or shared (joined an identical one in flight)', ['outcome']);
  const handle = graphqlHandler(runtime, plugins, logger, {
    validationRules: config.introspection === 'off' ? [NoSchemaIntrospectionCustomRule] : [],
    onExecution: (shared) => executions.inc({ outcome: shared ? 'shared' : 'run' }),
  });
  const graphql = async (req: Parameters<typeof handle>[0], batchSize?: number) => {
    const stop = latency.startTimer();
    const startedAt = performance.now();
    try {
      const reply = await handle(req, batchSize);
      requests.inc({ status: reply.status ?? 200 });
      return reply;
    } catch (err) {
      requests.inc({ status: (err as { status?: number }).status ?? 500 });
      observe.refused(req, err, startedAt);
      throw err;
    } finally {
      stop();
    }
  };

  const cors = { origins: config.corsOrigins, credentials: config.corsCredentials, maxAgeSeconds: config.corsMaxAgeSeconds };
  const api = withCors(cors, graphqlOverHttp(graphql, exportByAccept({ handle: graphql, runtime, policy, identity, pageSize: config.exportPageSize, logger })));
  const exports = exportRoute({ handle: graphql, runtime, policy, identity, catalog, pageSize: config.exportPageSize, logger });

  // GraphiQL and the portal: pages for people, on the same origin as the data and the caller's identity.
  const web = webPages({ graphiql: graphiqlEnabled(config) });

  const server = createHttpServer({
    bodyLimit: config.maxBodyBytes,
    onError: (err) => logger.error({ err }, 'request failed'),
    routes: {
      'POST /graphql': api,
      'GET /graphql': (req) => (web.graphiqlOn && wantsPage(req) ? web.graphiql(req) : api(req)),
      'OPTIONS /graphql': preflight(cors, ['GET', 'POST']),
      'GET /export/:file': withCors(cors, exports),
      'OPTIONS /export/:file': preflight(cors, ['GET']),
      ...web.routes,
      'GET /.well-known/jwks.json': () => ({ headers: { 'cache-control': 'max-age=300' }, body: signer.jwks }),
      'POST /admin/explain': explainRoute({ runtime, policy, identity }),
      'POST /explain/fields': explainFieldsRoute({ runtime, policy, identity }),
      ...probeRoutes(
        'gateway',
        () => {
          const current = runtime.current;
          const state = gatewayReadiness({ served: current, policyLoaded: Boolean(policy.current), upstream: source.upstream?.(), lastRejected: runtime.lastRejected });
          return {
            ...state,
            policy: policy.status(),
            // A cache outage never makes the gateway unready; it is shown for operators.
            cache: caching.health ? { redis: caching.health.up ? 'up' : 'down' } : { redis: 'not configured' },
            supergraph: current ? { hash: current.hash, version: current.version ?? null, origin: current.origin, loadedAt: current.loadedAt, subgraphs: Object.keys(current.subgraphs) } : null,
            source: source.status(),
            lastRejected: runtime.lastRejected ?? null,
          };
        },
        metrics,
        { metricsToken: config.metricsToken },
      ),
    },
  });

  await policy.start();
  source.start((update) => runtime.apply(update));
  const running = await listen(server, config.port, config.host);
  logger.info({ url: `${running.url}/graphql` }, 'gateway listening');

  return {
    url: running.url,
    port: running.port,
    runtime,
    policy,
    audit,
    async close() {
      source.stop();
      policy.stop();
      await running.close();
      await audit.close();
      await usage?.close();
      await runtime.stop();
      await caching.close();
      rates.close();
      await tracing.close();
    },
  };
}
