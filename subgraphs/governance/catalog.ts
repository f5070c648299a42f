/**
 * The `dataProducts` data product: the schema registry's catalog, read live
 * over HTTP, so a BI user discovers what exists — owner, purpose, freshness
 * (the SLA, and when the data were last refreshed as each subgraph reports it),
 * classification, fields, lineage, who uses it — from the same endpoint as
 * the data. The registry stays the one source; nothing is copied into this
 * domain.
 *
 * Usage is about people as much as products: a client named by a user's
 * subject says who read what. Applications (the apollographql-client-name
 * header) and API keys are listed to every caller; people only to the
 * governance role.
 */
import { GraphQLError } from 'graphql';
import { pastSla } from '../../policies/dataProduct.ts';
import type { SubgraphContext } from '../kit/context.ts';

type Principal = SubgraphContext['principal'];

interface CatalogClient {
  client: string;
  /** app, api-key, user, or unknown (reported before kinds existed; treated as a person). */
  kind: string;
}

interface Described {
  id: string;
  name: string;
  domain: string;
  team: string;
  status: string;
  purpose: string;
  classification: string;
  sla: { freshness: string; latency?: string };
  clients: CatalogClient[];
  /** When its data were last refreshed, as its subgraph reported to the registry; null when never reported. */
  refreshedAt?: string | null;
  /** Fields, version, types…: served as they come. */
  [more: string]: unknown;
}

/** A product as the registry's catalog lists it: lineage as product ids. */
interface CatalogEntry extends Described {
  builtFrom: string[];
  feeds: string[];
}

/** A product as the schema serves it: SLA flattened, lineage as products. */
export interface Product extends Described {
  freshness: string;
  latency: string | null;
  refreshedAt: string | null;
  stale: boolean | null;
  builtFrom: Product[];
  feeds: Product[];
}

export interface DataProductFilter {
  domain?: string | null;
  team?: string | null;
  classification?: string | null;
  status?: string | null;
  search?: string | null;
  usedBy?: string | null;
}

/** Who sees people (user subjects) among a product's clients. */
export const SEES_PEOPLE_ROLE = 'governance';
const APPLICATION_KINDS = ['app', 'api-key'];

/** Each filter argument as a predicate; all given ones must hold. */
const CONDITIONS: { [K in keyof DataProductFilter]-?: (p: Product, value: string) => boolean } = {
  domain: (p, v) => p.domain === v,
  team: (p, v) => p.team === v,
  classification: (p, v) => p.classification === v,
  status: (p, v) => p.status === v,
  search: (p, v) => [p.id, p.name, p.purpose].some((t) => t.toLowerCase().includes(v.toLowerCase())),
  usedBy: (p, v) => p.clients.some((c) => c.client === v),
};

/**
 * Past its SLA, by the rule the gateway applies to answers (pastSla).
 * Unknown (null) when its subgraph never reported, rather than a guess either way.
 */
export function isStale(refreshedAt: string | null, sla: string, now: number): boolean | null {
  return refreshedAt === null ? null : pastSla(refreshedAt, sla, now);
}

export function selectProducts(entries: readonly CatalogEntry[], filter: DataProductFilter | null | undefined, principal: Principal, now = Date.now()): Product[] {
  // People are left out before any filter runs, so `usedBy` cannot tell whether someone read a product either.
  const seesPeople = principal.roles.includes(SEES_PEOPLE_ROLE);
  const products = new Map<string, Product>(
    entries.map((p) => [
      p.id,
      {
        ...p,
        clients: seesPeople ? p.clients : p.clients.filter((c) => APPLICATION_KINDS.includes(c.kind)),
        freshness: p.sla.freshness,
        latency: p.sla.latency ?? null,
        refreshedAt: p.refreshedAt ?? null,
        stale: isStale(p.refreshedAt ?? null, p.sla.freshness, now),
        builtFrom: [],
        feeds: [],
      },
    ]),
  );
  const linked = (ids: readonly string[]) => ids.flatMap((id) => products.get(id) ?? []);
  for (const entry of entries) Object.assign(products.get(entry.id)!, { builtFrom: linked(entry.builtFrom ?? []), feeds: linked(entry.feeds ?? []) });
  const given = Object.entries(filter ?? {}).filter(([, v]) => v != null) as [keyof DataProductFilter, string][];
  return [...products.values()].filter((p) => given.every(([k, v]) => CONDITIONS[k](p, v))).sort((a, b) => a.id.localeCompare(b.id));
}

/** The catalog of the registry this subgraph is configured with (usage needs its registry token), as `principal` may see it. */
export async function catalogProducts(registry: { url: string; token: string }, filter: DataProductFilter | null | undefined, principal: Principal) {
  const unavailable = (why: string) => new GraphQLError(`the data-product catalog is unavailable: ${why}`, { extensions: { code: 'CATALOG_UNAVAILABLE' } });
  const res = await fetch(`${registry.url}/catalog`, { headers: { authorization: `Bearer ${registry.token}` }, signal: AbortSignal.timeout(5000) }).catch((err: Error) => {
    throw unavailable(`schema registry unreachable (${err.message})`);
  });
  if (!res.ok) throw unavailable(`schema registry answered ${res.status}`);
  return selectProducts((await res.json()) as CatalogEntry[], filter, principal);
}
