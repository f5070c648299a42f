/**
 * The data-product catalog as the portal shows it: read through the gateway
 * (`dataProducts`, a governed data product) with the caller's credential,
 * joined with live freshness and the caller's own access decisions.
 */
import { explainFields, graphql, type FieldDecision, type FieldDecisions } from '../shared/gateway.ts';
import type { Credential } from '../shared/credentials.ts';
import { PRODUCT_SEAMS, QUERY_SEAMS, type CatalogLineage, type OptionalSelection } from './seams.ts';

export interface CatalogField {
  type: string;
  field: string;
  returns: string;
  description: string | null;
  tags: string[];
  classification: string;
}

export interface ProductClient {
  client: string;
  requests: number;
  lastSeen: string;
}

export interface LiveFreshness {
  refreshedAt: string | null;
  stale: boolean;
  /** ok, failed or pending, when the source says. */
  status?: string;
}

export interface Lineage {
  upstream: string[];
  downstream: string[];
}

export interface Product {
  id: string;
  name: string;
  domain: string;
  team: string;
  contact: string | null;
  status: string;
  purpose: string;
  classification: string;
  /** Freshness SLA, an ISO 8601 duration. */
  freshness: string;
  latency: string | null;
  cacheable: boolean;
  types: string[];
  subgraph: string;
  version: number;
  lastPublishedAt: string;
  fields: CatalogField[];
  clients: ProductClient[];
  /** Absent when nothing reports it for this product. */
  live?: LiveFreshness;
  /** Absent when the catalog does not carry lineage. */
  lineage?: Lineage;
}

export interface Catalog {
  products: Product[];
  /** The caller's decision per `Type.field`. */
  decisions: Map<string, FieldDecision>;
  rows: FieldDecisions['rows'];
  policyVersion: string;
  /** Whether the catalog carries lineage at all (see seams.ts). */
  hasLineage: boolean;
  /** Field errors the gateway returned beside the data, e.g. a denied optional part. */
  warnings: string[];
}

type RawProduct = Omit<Product, 'live' | 'lineage'> & { builtFrom?: { id: string }[] | null; feeds?: { id: string }[] | null; refreshedAt?: string | null; stale?: boolean | null };

const BASE_SELECTION = `id name domain team contact status purpose classification freshness latency cacheable types subgraph version lastPublishedAt
  fields { type field returns description tags classification }
  clients { client requests lastSeen }`;

const has = (names: Set<string>, s: OptionalSelection) => names.has(s.field);

/** Field names of the given types in the caller's schema. */
async function schemaFields(credential: Credential): Promise<{ product: Set<string>; query: Set<string> }> {
  const res = await graphql<{ product: { fields: { name: string }[] } | null; query: { fields: { name: string }[] } | null }>(
    '{ product: __type(name: "DataProduct") { fields { name } } query: __type(name: "Query") { fields { name } } }',
    credential,
  );
  const names = (t: { fields: { name: string }[] } | null | undefined) => new Set((t?.fields ?? []).map((f) => f.name));
  return { product: names(res.data?.product), query: names(res.data?.query) };
}

/** Both directions of lineage: what the catalog gives, and the inverse of the other products' entries. */
export function completeLineage(products: readonly { id: string; lineage?: CatalogLineage | null }[]): Map<string, Lineage> {
  const out = new Map<string, Lineage>(products.map((p) => [p.id, { upstream: [...(p.lineage?.upstream ?? [])], downstream: [...(p.lineage?.downstream ?? [])] }]));
  const add = (list: string[], id: string) => list.includes(id) || list.push(id);
  for (const [id, l] of out) {
    for (const up of l.upstream) if (out.has(up)) add(out.get(up)!.downstream, id);
    for (const down of l.downstream) if (out.has(down)) add(out.get(down)!.upstream, id);
  }
  for (const l of out.values()) {
    l.upstream.sort();
    l.downstream.sort();
  }
  return out;
}

export async function loadCatalog(credential: Credential): Promise<Catalog> {
  const schema = await schemaFields(credential);
  const optional = Object.values(PRODUCT_SEAMS).filter((s) => has(schema.product, s));
  const hasLineage = has(schema.product, PRODUCT_SEAMS.lineage);
  const [catalog, analytics] = await Promise.all([
    graphql<{ dataProducts: RawProduct[] }>(`{ dataProducts { ${BASE_SELECTION} ${optional.map((s) => s.selection).join(' ')} } }`, credential),
    has(schema.query, QUERY_SEAMS.analyticsFreshness)
      ? graphql<{ analyticsFreshness: { product: string; refreshedAt: string | null; status: string; stale: boolean }[] }>(`{ ${QUERY_SEAMS.analyticsFreshness.selection} }`, credential)
      : Promise.resolve(undefined),
  ]);
  const raw = catalog.data?.dataProducts ?? [];
  if (!catalog.data?.dataProducts) throw new Error(catalog.errors?.[0]?.message ?? 'the gateway returned no data products');

  const analyticsLive = new Map((analytics?.data?.analyticsFreshness ?? []).map((f) => [f.product, f]));
  const lineage = completeLineage(raw.map((p) => ({ id: p.id, lineage: p.builtFrom || p.feeds ? { upstream: p.builtFrom?.map((x) => x.id), downstream: p.feeds?.map((x) => x.id) } : null })));
  const products: Product[] = raw.map(({ builtFrom: _from, feeds: _feeds, refreshedAt, stale, ...p }) => {
    const fromCatalog = stale != null ? { refreshedAt: refreshedAt ?? null, stale } : undefined;
    const a = analyticsLive.get(p.id);
    return {
      ...p,
      // The analytics domain's own answer first: the catalog lags it by up to a report interval, and only it has the run's status.
      live: a ? { refreshedAt: a.refreshedAt, stale: a.stale, status: a.status } : fromCatalog,
      lineage: hasLineage ? lineage.get(p.id) : undefined,
    };
  });

  const coordinates = [...new Set(products.flatMap((p) => p.fields.map((f) => `${f.type}.${f.field}`)))];
  const explained = await explainFields(coordinates, credential);
  return {
    products,
    decisions: new Map(explained.decisions.map((d) => [d.coordinate, d])),
    rows: explained.rows,
    policyVersion: explained.policyVersion,
    hasLineage,
    warnings: [...(catalog.errors ?? []), ...(analytics?.errors ?? [])].map((e) => e.message),
  };
}
