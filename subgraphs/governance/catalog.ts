/**
 * The `dataProducts` data product: the schema registry's catalog, read live
 * over HTTP, so a BI user discovers what exists — owner, purpose, freshness,
 * classification, fields, who uses it — from the same endpoint as the data.
 * The registry stays the one source; nothing is copied into this domain.
 */
import { GraphQLError } from 'graphql';

interface CatalogEntry {
  id: string;
  name: string;
  domain: string;
  team: string;
  status: string;
  purpose: string;
  classification: string;
  sla: { freshness: string; latency?: string };
  clients: { client: string }[];
  [more: string]: unknown;
}

export interface DataProductFilter {
  domain?: string | null;
  team?: string | null;
  classification?: string | null;
  status?: string | null;
  search?: string | null;
  usedBy?: string | null;
}

/** Each filter argument as a predicate; all given ones must hold. */
const CONDITIONS: { [K in keyof DataProductFilter]-?: (p: CatalogEntry, value: string) => boolean } = {
  domain: (p, v) => p.domain === v,
  team: (p, v) => p.team === v,
  classification: (p, v) => p.classification === v,
  status: (p, v) => p.status === v,
  search: (p, v) => [p.id, p.name, p.purpose].some((t) => t.toLowerCase().includes(v.toLowerCase())),
  usedBy: (p, v) => p.clients.some((c) => c.client === v),
};

export function selectProducts(entries: readonly CatalogEntry[], filter: DataProductFilter | null | undefined) {
  const given = Object.entries(filter ?? {}).filter(([, v]) => v != null) as [keyof DataProductFilter, string][];
  return entries
    .filter((p) => given.every(([k, v]) => CONDITIONS[k](p, v)))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => ({ ...p, freshness: p.sla.freshness, latency: p.sla.latency ?? null }));
}

/** The catalog of the registry this subgraph is configured with, filtered. */
export async function catalogProducts(registryUrl: string, filter: DataProductFilter | null | undefined) {
  const unavailable = (why: string) => new GraphQLError(`the data-product catalog is unavailable: ${why}`, { extensions: { code: 'CATALOG_UNAVAILABLE' } });
  const res = await fetch(`${registryUrl}/catalog`, { signal: AbortSignal.timeout(5000) }).catch((err: Error) => {
    throw unavailable(`schema registry unreachable (${err.message})`);
  });
  if (!res.ok) throw unavailable(`schema registry answered ${res.status}`);
  return selectProducts((await res.json()) as CatalogEntry[], filter);
}
