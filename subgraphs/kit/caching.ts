/**
 * A subgraph's caching, assembled from its configuration and its data-product
 * descriptor: the cache store, the entity cache (entries live for the
 * freshness SLA of the product that publishes their type) and invalidation.
 */
import { openCaches } from '../../platform/cache/open.ts';
import { cachePolicyByType } from '../../platform/cache/productPolicy.ts';
import type { Logger } from '../../platform/log.ts';
import { counter, type Metrics } from '../../platform/metrics.ts';
import { durationSeconds, type DomainDescriptor } from '../../policies/dataProduct.ts';
import type { SubgraphConfig } from './config.ts';
import { EntityCache } from './entityCache.ts';
import { entityInvalidation } from './invalidation.ts';

export async function openEntityCaching(subgraph: string, config: SubgraphConfig, descriptor: DomainDescriptor, deps: { logger: Logger; metrics: Metrics }) {
  const caches = await openCaches(config, { service: `subgraph:${subgraph}`, ...deps });
  const store = caches.store(config.entityCache, 'ENTITY_CACHE');
  const policy = cachePolicyByType(descriptor.products.map((p) => ({ types: p.types, freshnessSeconds: durationSeconds(p.sla.freshness), cacheable: p.cacheable })));
  const cache = store
    ? new EntityCache({
        store,
        namespace: caches.namespace,
        subgraph,
        // `cacheable: false` speaks of responses; rows of a type nobody described are not cached at all.
        ttlSeconds: (type) => policy.get(type)?.ttlSeconds,
        lookups: counter(deps.metrics, 'dpg_entity_cache_lookups_total', 'Entity cache lookups by result', ['result']),
      })
    : undefined;
  const invalidation = entityInvalidation({ subgraph, caches, cache, logger: deps.logger });
  return {
    cache,
    invalidate: invalidation.invalidate,
    async close() {
      invalidation.stop();
      await caches.close();
    },
  };
}
