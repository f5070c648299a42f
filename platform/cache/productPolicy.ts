/**
 * How long anything built from a type may be cached, from the data products
 * that publish the type: at most the product's freshness SLA (data older
 * than that breaks the product's promise anyway), and not at all when a
 * product says it must not be cached. A type several products publish gets
 * the strictest of them.
 */

export interface ProductCacheFacts {
  types: readonly string[];
  freshnessSeconds: number;
  /** Default true. */
  cacheable?: boolean;
}

export interface TypeCachePolicy {
  ttlSeconds: number;
  cacheable: boolean;
}

export function cachePolicyByType(products: readonly ProductCacheFacts[]): Map<string, TypeCachePolicy> {
  const byType = new Map<string, TypeCachePolicy>();
  for (const p of products) {
    for (const type of p.types) {
      const seen = byType.get(type);
      byType.set(type, {
        ttlSeconds: Math.min(seen?.ttlSeconds ?? Infinity, p.freshnessSeconds),
        cacheable: (seen?.cacheable ?? true) && p.cacheable !== false && p.freshnessSeconds > 0,
      });
    }
  }
  return byType;
}

/**
 * The policy for something built from several types: cacheable only when
 * every type is known and cacheable, for the shortest of their lifetimes
 * (capped by `maxSeconds`). Unknown types make it uncacheable: nobody has
 * said how fresh their data must be.
 */
export function combinedPolicy(types: Iterable<string>, byType: ReadonlyMap<string, TypeCachePolicy>, maxSeconds: number): TypeCachePolicy & { unknown: string[] } {
  let ttlSeconds = maxSeconds;
  let cacheable = true;
  const unknown: string[] = [];
  for (const type of types) {
    const policy = byType.get(type);
    if (!policy) {
      unknown.push(type);
      cacheable = false;
      continue;
    }
    cacheable &&= policy.cacheable;
    ttlSeconds = Math.min(ttlSeconds, policy.ttlSeconds);
  }
  return { ttlSeconds, cacheable: cacheable && ttlSeconds > 0, unknown };
}
