/**
 * `extensions.freshness` of an answer: for each data product it touched
 * (one of its types is in the operation, and its subgraph answered part of
 * it and said when the product last got new data), that time, the product's
 * freshness SLA, and whether the data are older than the SLA allows. A stale
 * product adds a STALE_DATA warning: the data are still the answer, so it is
 * no error. Pure.
 */
import { pastSla } from '../../policies/dataProduct.ts';
import type { CatalogProduct } from '../catalog/products.ts';

export interface ProductFreshness {
  /** When the product last got new data; null when it never did (e.g. a derived product not computed yet). */
  refreshedAt: string | null;
  /** The freshness SLA from the product's descriptor, an ISO 8601 duration. */
  sla: string;
  stale: boolean;
}

export interface Warning {
  message: string;
  extensions: { code: 'STALE_DATA'; product: string; refreshedAt: string | null; sla: string };
}

export function freshnessReport(products: readonly CatalogProduct[], touched: ReadonlySet<string>, reported: Readonly<Record<string, string | null>>, now: number) {
  const freshness: Record<string, ProductFreshness> = {};
  const warnings: Warning[] = [];
  for (const product of products) {
    if (!(product.id in reported) || !product.types.some((t) => touched.has(t))) continue;
    const refreshedAt = reported[product.id];
    const sla = product.sla.freshness;
    const stale = refreshedAt === null || pastSla(refreshedAt, sla, now);
    freshness[product.id] = { refreshedAt, sla, stale };
    if (stale) {
      const when = refreshedAt === null ? 'has never been refreshed' : `was last refreshed at ${refreshedAt}`;
      warnings.push({ message: `data product ${product.id} ${when}, beyond its freshness SLA of ${sla}`, extensions: { code: 'STALE_DATA', product: product.id, refreshedAt, sla } });
    }
  }
  return { freshness, warnings };
}
