/**
 * Which data product publishes which type, with its freshness SLA and whether
 * it may be cached, from the registry's catalog — the same one BI users read
 * (gateway/catalog/products.ts fetches and refreshes it). Until one has
 * arrived nothing is cached.
 */
import { cachePolicyByType, type TypeCachePolicy } from '../../platform/cache/productPolicy.ts';
import { durationSeconds } from '../../policies/dataProduct.ts';
import type { CatalogProduct, ProductCatalog } from '../catalog/products.ts';

type CatalogEntry = Pick<CatalogProduct, 'types' | 'sla' | 'cacheable'>;

export function policyFromCatalog(entries: readonly CatalogEntry[]): Map<string, TypeCachePolicy> {
  return cachePolicyByType(entries.map((e) => ({ types: e.types, freshnessSeconds: durationSeconds(e.sla.freshness), cacheable: e.cacheable })));
}

export function catalogPolicy(catalog: ProductCatalog) {
  let from: readonly CatalogProduct[] | undefined;
  let policy: Map<string, TypeCachePolicy> | undefined;
  return {
    /** The policy to use now; the catalog refreshes itself when the live supergraph is new. */
    current(): Map<string, TypeCachePolicy> | undefined {
      const products = catalog.current();
      if (products !== from) {
        from = products;
        policy = products && policyFromCatalog(products);
      }
      return policy;
    },
    settled: catalog.settled,
  };
}
