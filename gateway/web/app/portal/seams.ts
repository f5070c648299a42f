/**
 * What the portal reads that other parts of the product are still adding to
 * the catalog. Each entry names the schema field it needs; the portal asks
 * for it only when the caller's schema has that field, so the page works
 * before and after those additions land, and this file is the one place to
 * align with them.
 *
 * - Lineage: each `DataProduct` names the products it is built from
 *   (`builtFrom`) and those built from it (`feeds`). When only one direction
 *   is given, the portal derives the other.
 * - Live freshness of every product (`refreshedAt`, `stale`): when it was
 *   last refreshed, as its subgraph reports to the registry, and whether that
 *   is past its SLA. The analytics domain's own `analyticsFreshness` is still
 *   read: for its products it is the newer source and says how the last run
 *   went.
 */

export interface OptionalSelection {
  /** The schema field that must exist for the selection to be asked for. */
  field: string;
  selection: string;
}

/** Optional fields of `DataProduct`. */
export const PRODUCT_SEAMS = {
  lineage: { field: 'builtFrom', selection: 'builtFrom { id } feeds { id }' },
  refreshedAt: { field: 'refreshedAt', selection: 'refreshedAt' },
  stale: { field: 'stale', selection: 'stale' },
} satisfies Record<string, OptionalSelection>;

/** Optional root fields of `Query`. */
export const QUERY_SEAMS = {
  analyticsFreshness: { field: 'analyticsFreshness', selection: 'analyticsFreshness { product refreshedAt status stale }' },
} satisfies Record<string, OptionalSelection>;

/** Product lineage as the catalog gives it: ids of data products. */
export interface CatalogLineage {
  upstream?: string[] | null;
  downstream?: string[] | null;
}
