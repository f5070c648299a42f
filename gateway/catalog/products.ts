/**
 * The data products of the registry's catalog as the gateway needs them:
 * which types each publishes, its freshness SLA and whether it may be cached
 * — the one reader for freshness, exports and the response cache. Read when
 * first needed, again when the gateway serves a new supergraph (new domains
 * bring new products) and once a minute (descriptors change without the
 * schema); the last one is kept while the registry is unreachable. A gateway
 * without a registry (a supergraph file) has no catalog: exports then know
 * list fields only, answers carry no freshness, and only a rules file makes
 * answers cacheable.
 */
import type { Logger } from '../../platform/log.ts';

export interface CatalogProduct {
  id: string;
  name?: string;
  subgraph?: string;
  types: string[];
  sla: { freshness: string };
  cacheable?: boolean;
}

export interface ProductCatalog {
  /** The products known now (undefined until a first catalog arrived); starts a refresh when due or when the live supergraph is new. */
  current(): readonly CatalogProduct[] | undefined;
  /** Resolves once the refresh under way (if any) is done. */
  settled(): Promise<void>;
}

/**
 * `version`: which supergraph is live. A catalog read under another one is
 * read again at once — a gateway that starts before its subgraphs have all
 * published would otherwise hold a partial (or empty) catalog for `maxAgeMs`.
 */
export function productCatalog(registryUrl: string | undefined, logger: Logger, maxAgeMs = 60_000, retryMs = 2000, version: () => string | undefined = () => undefined): ProductCatalog {
  let products: CatalogProduct[] | undefined;
  let loadedAt = 0;
  let loadedFor: string | undefined;
  let retryAt = 0;
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const under = version();
    try {
      const res = await fetch(`${registryUrl}/catalog`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`registry answered ${res.status}`);
      const entries = (await res.json()) as CatalogProduct[];
      products = entries.map((e) => ({ id: e.id, name: e.name, subgraph: e.subgraph, types: e.types, sla: e.sla, cacheable: e.cacheable }));
      loadedAt = Date.now();
      loadedFor = under;
    } catch (err) {
      retryAt = Date.now() + retryMs;
      logger.warn({ err: (err as Error).message }, 'cannot read the data-product catalog');
    } finally {
      loading = undefined;
    }
  }

  return {
    current() {
      const now = Date.now();
      const due = now - loadedAt > maxAgeMs || version() !== loadedFor;
      if (registryUrl && !loading && due && now >= retryAt) loading = load();
      return products;
    },
    settled: () => loading ?? Promise.resolve(),
  };
}
