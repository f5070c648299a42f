/**
 * Freshness reports: each subgraph tells the registry when its data products
 * last got new data, so the catalog — the one place BI users discover
 * products — says how fresh every product is, not only those whose domain
 * has a freshness field of its own. Parsing is pure; storage keeps the
 * latest time per product.
 */
import type { Queryable } from '../platform/db.ts';

/** Product id → ISO instant of its last refresh (null: never refreshed). */
export type FreshnessTimes = Record<string, string | null>;

/** An ISO 8601 instant with a time zone, as Date#toISOString writes it (seconds and fraction optional). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export type ParsedReport = { problems: string[] } | { times: FreshnessTimes; ignored: string[] };

/**
 * `{ products: { "<id>": "<ISO instant>" | null } }`, kept for the products
 * of `owned` (the subgraph's live descriptor). Other ids are ignored and
 * listed rather than refused: a subgraph may run a descriptor newer than the
 * one the registry holds (its publish was refused, or rolled back), and its
 * other products should stay fresh meanwhile; ignoring also means a report
 * can never write another subgraph's products.
 */
export function parseFreshnessReport(body: unknown, owned: readonly string[]): ParsedReport {
  const products = (body as { products?: unknown } | null)?.products;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof products !== 'object' || products === null || Array.isArray(products)) {
    return { problems: ['the body must be { "products": { "<product id>": "<ISO 8601 instant>" | null } }'] };
  }
  const entries = Object.entries(products as Record<string, unknown>);
  const problems = entries
    .filter(([, at]) => at !== null && !(typeof at === 'string' && INSTANT.test(at) && !Number.isNaN(Date.parse(at))))
    .map(([id]) => `"${id}" must be an ISO 8601 instant with a time zone (e.g. 2026-12-02T12:00:00Z) or null`);
  if (problems.length) return { problems };
  const known = new Set(owned);
  return {
    times: Object.fromEntries(entries.filter(([id]) => known.has(id)).map(([id, at]) => [id, at === null ? null : new Date(at as string).toISOString()])),
    ignored: entries.map(([id]) => id).filter((id) => !known.has(id)),
  };
}

export async function recordFreshness(db: Queryable, subgraph: string, times: FreshnessTimes): Promise<void> {
  for (const [product, at] of Object.entries(times)) {
    await db.query(
      `INSERT INTO product_freshness (product, subgraph, refreshed_at) VALUES ($1, $2, $3)
       ON CONFLICT (product) DO UPDATE SET subgraph = EXCLUDED.subgraph, refreshed_at = EXCLUDED.refreshed_at, reported_at = now()`,
      [product, subgraph, at],
    );
  }
}

/** The latest reported time of every product ever reported. */
export async function freshnessTimes(db: Queryable): Promise<FreshnessTimes> {
  const rows = await db.query<{ product: string; refreshedAt: Date | string | null }>(`SELECT product, refreshed_at AS "refreshedAt" FROM product_freshness`);
  return Object.fromEntries(rows.map((r) => [r.product, r.refreshedAt === null ? null : new Date(r.refreshedAt).toISOString()]));
}
