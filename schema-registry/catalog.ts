/**
 * The data-product catalog: each live subgraph's descriptor joined with the
 * fields its schema actually publishes, so what a BI user reads in the catalog
 * is what they can query; with lineage both ways (what a product is computed
 * from, and what is computed from it), and the clients that used it recently
 * (from gateway usage), and when its data were last refreshed (as its
 * subgraph reports it). Pure: the caller supplies the stored versions, usage
 * and freshness.
 */
import type { DataProduct } from '../policies/dataProduct.ts';
import type { FreshnessTimes } from './freshness.ts';
import { lineageOf } from './lineage.ts';
import { productFields, type ProductField } from './productFields.ts';
import type { SubgraphVersion } from './store.ts';
import { clientsOfTypes, type ProductClient } from './usage/clients.ts';
import type { OperationDay } from './usage/store.ts';

export interface CatalogField extends Pick<ProductField, 'type' | 'field' | 'returns' | 'description' | 'tags' | 'classification'> {
  /** For a derived field, the `Type.field`s of other products it is computed from. */
  derivedFrom: string[];
}

export interface CatalogEntry extends Omit<DataProduct, 'fields' | 'lineage'> {
  domain: string;
  team: string;
  contact: string | null;
  subgraph: string;
  version: number;
  lastPublishedAt: string;
  /** When its data were last refreshed, as its subgraph last reported; null when never reported (or never refreshed). */
  refreshedAt: string | null;
  fields: CatalogField[];
  /** Ids of the products this one is computed from. */
  builtFrom: string[];
  /** Ids of the products computed from this one. */
  feeds: string[];
  /** Clients whose operations read the product within the usage window, busiest first. */
  clients: ProductClient[];
}

export function buildCatalog(versions: readonly SubgraphVersion[], usage: readonly OperationDay[] = [], refreshed: Readonly<FreshnessTimes> = {}): CatalogEntry[] {
  const fields = productFields(versions);
  const lineage = lineageOf(versions, fields);
  return versions.flatMap((v) => {
    const d = v.dataProduct;
    if (!d) return [];
    return d.products.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      purpose: p.purpose,
      types: p.types,
      sla: p.sla,
      classification: p.classification,
      cacheable: p.cacheable ?? true,
      ...(p.minGroupSize !== undefined ? { minGroupSize: p.minGroupSize } : {}),
      domain: d.domain,
      team: d.team,
      contact: d.contact ?? null,
      subgraph: v.subgraph,
      version: v.version,
      lastPublishedAt: v.publishedAt,
      refreshedAt: refreshed[p.id] ?? null,
      fields: fields
        .filter((f) => f.product === p.id)
        .map(({ type, field, coordinate, returns, description, tags, classification }) => ({ type, field, returns, description, tags, classification, derivedFrom: p.lineage?.[coordinate] ?? [] })),
      builtFrom: lineage.builtFrom.get(p.id) ?? [],
      feeds: lineage.feeds.get(p.id) ?? [],
      clients: clientsOfTypes(usage, p.types),
    }));
  });
}
