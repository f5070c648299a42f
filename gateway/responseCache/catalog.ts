/**
 * Which data product publishes which type, with its freshness SLA and whether
 * it may be cached: the registry's catalog, the same one BI users read. The
 * gateway fetches it again whenever it serves a new supergraph (new domains
 * bring new products) and once a minute (a descriptor can change without the
 * schema), and keeps the last one it had when the registry is unreachable.
 * Until one has arrived nothing is cached.
 */
import type { Logger } from '../../platform/log.ts';
import { cachePolicyByType, type TypeCachePolicy } from '../../platform/cache/productPolicy.ts';
import { durationSeconds } from '../../policies/dataProduct.ts';

interface CatalogEntry {
  types: string[];
  sla: { freshness: string };
  cacheable?: boolean;
}

export function policyFromCatalog(entries: readonly CatalogEntry[]): Map<string, TypeCachePolicy> {
  return cachePolicyByType(entries.map((e) => ({ types: e.types, freshnessSeconds: durationSeconds(e.sla.freshness), cacheable: e.cacheable })));
}

export function catalogPolicy(registryUrl: string, logger: Logger, retryMs = 2000, maxAgeMs = 60_000) {
  let policy: Map<string, TypeCachePolicy> | undefined;
  let forSupergraph: string | undefined;
  let loading: Promise<void> | undefined;
  let retryAt = 0;
  let loadedAt = 0;

  async function load(supergraph: string): Promise<void> {
    try {
      const res = await fetch(`${registryUrl}/catalog`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      policy = policyFromCatalog((await res.json()) as CatalogEntry[]);
      forSupergraph = supergraph;
      loadedAt = Date.now();
    } catch (err) {
      retryAt = Date.now() + retryMs;
      logger.warn({ err: (err as Error).message }, 'cannot read the data-product catalog; responses touching unknown types are not cached');
    } finally {
      loading = undefined;
    }
  }

  return {
    /** The policy to use for a request on `supergraph`; starts a refresh when the supergraph is new. */
    current(supergraph: string): Map<string, TypeCachePolicy> | undefined {
      const now = Date.now();
      if ((forSupergraph !== supergraph || now - loadedAt > maxAgeMs) && !loading && now >= retryAt) loading = load(supergraph);
      return policy;
    },
    /** Resolves once the refresh in progress (if any) is done. */
    settled: () => loading ?? Promise.resolve(),
  };
}
