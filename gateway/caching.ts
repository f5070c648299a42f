/**
 * The gateway's caching, assembled from its configuration: the response
 * cache (with its rules file, or the registry's data-product catalog) and
 * persisted queries, as plugins that run after identity and before
 * authorization.
 */
import { openCaches } from '../platform/cache/open.ts';
import type { Logger } from '../platform/log.ts';
import type { Metrics } from '../platform/metrics.ts';
import type { GatewayConfig } from './config.ts';
import { loadSafelist } from './persistedQueries/safelist.ts';
import type { GatewayPlugin } from './pipeline/plugin.ts';
import { persistedQueriesPlugin } from './plugins/persistedQueries.ts';
import { responseCachePlugin } from './plugins/responseCache.ts';
import type { ProductCatalog } from './catalog/products.ts';
import { catalogPolicy } from './responseCache/catalog.ts';
import type { CacheRule } from './standalone/cacheRules.ts';
import { rulesPolicy } from './standalone/rulesPolicy.ts';

export interface GatewayCachingOptions {
  logger: Logger;
  metrics: Metrics;
  /** The registry's data-product catalog, which says what may be cached; undefined when the gateway has no registry. */
  catalog: ProductCatalog | undefined;
  /** Rules from RESPONSE_CACHE_RULES_FILE, used instead of the catalog. */
  rules: readonly CacheRule[] | undefined;
  /** The supergraph being served (the rules are read against it). */
  supergraph: () => { hash: string; sdl: string } | undefined;
}

/** What says which answers may be cached: the rules file, else the registry's catalog, else nothing. */
function cachePolicy(options: GatewayCachingOptions) {
  if (options.rules) return rulesPolicy(options.rules, options.supergraph, options.logger).current;
  if (options.catalog) return catalogPolicy(options.catalog).current;
  options.logger.info('response cache: no RESPONSE_CACHE_RULES_FILE and no registry catalog, so no answer is cached');
  return () => undefined;
}

export async function openGatewayCaching(config: GatewayConfig, options: GatewayCachingOptions) {
  const { logger, metrics } = options;
  const caches = await openCaches(config, { service: 'gateway', logger, metrics });
  const plugins: GatewayPlugin[] = [];

  const responses = caches.store(config.responseCache, 'RESPONSE_CACHE');
  const responseCache = responses
    ? responseCachePlugin({
        store: responses,
        bus: caches.bus,
        namespace: caches.namespace,
        policy: cachePolicy(options),
        maxTtlSeconds: config.responseCacheMaxTtlSeconds,
        metrics,
        logger,
      })
    : undefined;
  if (responseCache) plugins.push(responseCache);

  plugins.push(
    persistedQueriesPlugin({
      mode: config.persistedQueries,
      // APQ texts are shared by every replica when Redis is there; in-process otherwise.
      store: caches.store('auto', 'PERSISTED_QUERIES'),
      namespace: caches.namespace,
      safelist: config.persistedQueries === 'safelist' ? loadSafelist(config.persistedQueriesDir) : undefined,
    }),
  );

  return {
    plugins,
    health: caches.health,
    async close() {
      responseCache?.stop();
      await caches.close();
    },
  };
}
