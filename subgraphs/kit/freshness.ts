/**
 * When each of a domain's data products last got new data, reported to the
 * gateway beside every answer (`extensions.dpgFreshness`, which the gateway
 * turns into `extensions.freshness` against the products' SLAs).
 *
 * The source is the domain's to name (`Domain.refreshedAt`). Without one it
 * is when the domain's data were loaded: the seed's time, which the kit
 * records (seed/seedOnce.ts) — honest for a domain whose rows change only
 * with a load, and the reason a demo mesh left running reports its
 * operational products stale once their SLA has passed. A domain that
 * refreshes (analytics) or serves live data (governance) says so itself.
 *
 * Read at most once a second per subgraph, not once per request: SLAs are
 * minutes or hours long.
 */
import type { Queryable } from '../../platform/db.ts';

/** Product id → when it last got new data (null: never). */
export type RefreshTimes = (db: Queryable) => Promise<Record<string, Date | null>>;

/** Every product as of the last load of the domain's data. */
export function loadedAt(products: readonly string[]): RefreshTimes {
  // The kit loads a domain's data only at start (seed/seedOnce.ts), so one read holds for the process.
  let seeded: Promise<Date | null> | undefined;
  return async (db) => {
    seeded ??= db.query<{ seeded_at: Date }>('SELECT seeded_at FROM seed_state').then(([row]) => row?.seeded_at ?? null);
    seeded.catch(() => (seeded = undefined));
    const at = await seeded;
    return Object.fromEntries(products.map((p) => [p, at]));
  };
}

/** Products served live (computed at each request from current data): as of now. */
export const live =
  (products: readonly string[]): RefreshTimes =>
  async () =>
    Object.fromEntries(products.map((p) => [p, new Date()]));

export function freshnessReport(db: Queryable, source: RefreshTimes, ttlMs = 1000, now = Date.now): () => Promise<Record<string, string | null>> {
  let held: { at: number; report: Promise<Record<string, string | null>> } | undefined;
  return () => {
    if (held && now() - held.at < ttlMs) return held.report;
    const report = source(db).then((times) => Object.fromEntries(Object.entries(times).map(([p, t]) => [p, t ? t.toISOString() : null])));
    held = { at: now(), report };
    // A failed read is not kept: the next request asks again.
    report.catch(() => (held = undefined));
    return report;
  };
}
