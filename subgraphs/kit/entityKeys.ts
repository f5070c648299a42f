/**
 * Entity cache keys, pure. A key names everything its rows depend on:
 *
 *   <ns>:e:<subgraph>:<type>:<table>:<guard>:<loader>#<key as JSON>
 *
 * `guard` is a digest of the row guard's SQL and parameters for the current
 * principal, so two principals who may see different rows never share an
 * entry (rows are cached raw; masking happens later, in resolvers). `table`
 * is there because one domain can back a type with several tables (Account
 * from accounts and from account_health). `loader` says what the entry
 * holds: `k`, the row with that (primary) key; `k.<digest>`, the row with
 * that key of another key shape; `c.<digest>`, a parent's child list for one
 * set of page arguments; `a.<digest>`, a parent's aggregate.
 */
import { digest, stableJson } from '../../platform/cache/keys.ts';
import { render, type Fragment } from './sql.ts';

export interface EntityKeyParts {
  subgraph: string;
  type: string;
  table: string;
  guard: string;
  loader: string;
  key: unknown;
}

export const BY_KEY = 'k';

export function guardFingerprint(guard: Fragment): string {
  const { text, params } = render(guard);
  return digest(text, stableJson(params));
}

/** Rows by a key other than the primary one (a field set such as `sku package`): invalidation by key drops these whole, as it cannot read them. */
export const keyLoader = (fields: string) => `${BY_KEY}.${digest(fields)}`;
export const childrenLoader = (parentField: string, args: unknown) => `c.${digest(parentField, stableJson(args))}`;
export const aggregateLoader = (parentField: string, expression: string) => `a.${digest(parentField, expression)}`;

export function entityKey(namespace: string, p: EntityKeyParts): string {
  return `${namespace}:e:${p.subgraph}:${p.type}:${p.table}:${p.guard}:${p.loader}#${JSON.stringify(p.key)}`;
}

/** Every entry of one subgraph's type is recorded under this tag. */
export const entityTag = (namespace: string, subgraph: string, type: string) => `${namespace}:et:${subgraph}:${type}`;

/**
 * Whether an entry must go when entities `keys` of its type changed: the
 * entity's own rows do, and so does every list or aggregate of the type,
 * since any of them may contain a changed entity.
 */
export function touchedByKeys(cacheKey: string, keys: ReadonlySet<string>): boolean {
  const hash = cacheKey.indexOf('#');
  if (hash < 0) return true;
  const head = cacheKey.slice(0, hash);
  if (head.slice(head.lastIndexOf(':') + 1) !== BY_KEY) return true;
  try {
    return keys.has(String(JSON.parse(cacheKey.slice(hash + 1))));
  } catch {
    return true;
  }
}
