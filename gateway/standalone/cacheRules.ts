/**
 * Response-cache rules from a file (RESPONSE_CACHE_RULES_FILE), for a
 * gateway without the registry's data-product catalog: which answers may be
 * cached, and for how long, said per subgraph or per type.
 *
 *   rules:
 *     - { subgraph: catalog, ttl: 60 }     # seconds, or an ISO 8601 duration (PT1M)
 *     - { subgraph: "*", ttl: PT10S }      # every subgraph
 *     - { type: Artist, ttl: PT5M }        # an object type, or an interface / union (all its types)
 *     - { type: Podcast, ttl: 0 }          # never cached
 *
 * The cache decides per type, as with the catalog: an answer is kept only
 * when every type it is built from is covered, for the shortest of their
 * lifetimes. A type named by `type` rules gets the shortest of those. Any
 * other type is covered by `subgraph` rules only when every subgraph serving
 * its fields (other than its keys) has one; it gets the shortest among them.
 * Types nothing covers are not cached.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from '../../platform/config.ts';
import type { TypeCachePolicy } from '../../platform/cache/productPolicy.ts';
import { durationSeconds } from '../../policies/dataProduct.ts';
import { ALL_SUBGRAPHS } from '../../policies/engine/abstract.ts';
import type { SchemaFacts } from '../../policies/engine/schemaFacts.ts';

export type CacheRule = ({ subgraph: string } | { type: string }) & { ttlSeconds: number };

const SETTING = 'RESPONSE_CACHE_RULES_FILE';
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const RULE_KEYS = new Set(['subgraph', 'type', 'ttl']);

function ttlOf(raw: unknown): number {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string') {
    try {
      return durationSeconds(raw);
    } catch {
      // reported below, in the file's terms
    }
  }
  throw new Error(`"ttl" must be whole seconds (0 or more) or an ISO 8601 duration like PT5M, got ${JSON.stringify(raw)}`);
}

function ruleOf(raw: unknown): CacheRule {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('must be a mapping like { subgraph: NAME, ttl: 60 }');
  const r = raw as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => !RULE_KEYS.has(k));
  if (extra.length) throw new Error(`unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (expected subgraph or type, and ttl)`);
  if ((r.subgraph === undefined) === (r.type === undefined)) throw new Error('needs exactly one of "subgraph" and "type"');
  if (r.ttl === undefined) throw new Error('needs "ttl"');
  const ttlSeconds = ttlOf(r.ttl);
  if (r.subgraph !== undefined) {
    if (typeof r.subgraph !== 'string' || !r.subgraph) throw new Error(`"subgraph" must be a subgraph name or "${ALL_SUBGRAPHS}"`);
    return { subgraph: r.subgraph, ttlSeconds };
  }
  if (typeof r.type !== 'string' || !NAME.test(r.type)) throw new Error(`"type" must be a GraphQL type name, got ${JSON.stringify(r.type)}`);
  return { type: r.type, ttlSeconds };
}

/** The rules a file's text holds; every problem found, named with the file, in a ConfigError. */
export function parseCacheRules(text: string, file: string): CacheRule[] {
  const problem = (what: string) => new ConfigError([`${SETTING}=${file}: ${what}`]);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw problem(`is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw problem('must be a YAML mapping with a "rules" list');
  const extra = Object.keys(doc).filter((k) => k !== 'rules');
  if (extra.length) throw problem(`unknown top-level key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')} (expected "rules")`);
  const rules = (doc as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) throw problem('"rules" must be a list of { subgraph | type, ttl }');
  const problems: string[] = [];
  const parsed = rules.flatMap((raw, i) => {
    try {
      return [ruleOf(raw)];
    } catch (err) {
      problems.push(`${SETTING}=${file}: rules[${i}]: ${(err as Error).message}`);
      return [];
    }
  });
  if (problems.length) throw new ConfigError(problems);
  return parsed;
}

export function loadCacheRules(file: string): CacheRule[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${SETTING}=${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  return parseCacheRules(text, file);
}

/** Subgraphs that serve a type's data: those resolving (or providing) its non-key fields; its keys' when it has nothing else. */
function servedBy(facts: SchemaFacts, type: string): Set<string> {
  const fields = [...(facts.types.get(type)?.values() ?? [])];
  const data = fields.filter((f) => !facts.keys.has(f.coordinate));
  return new Set((data.length ? data : fields).flatMap((f) => [...f.subgraphs, ...f.providedIn]));
}

const shortest = (rules: readonly CacheRule[]) => Math.min(...rules.map((r) => r.ttlSeconds));
const policyOf = (ttlSeconds: number): TypeCachePolicy => ({ ttlSeconds, cacheable: ttlSeconds > 0 });

/** Cache policy per object type of a supergraph, and the names rules give that it does not have. */
export function policyFromRules(rules: readonly CacheRule[], facts: SchemaFacts): { policy: Map<string, TypeCachePolicy>; unknown: string[] } {
  const typeRules = rules.filter((r): r is Extract<CacheRule, { type: string }> => 'type' in r);
  const subgraphRules = rules.filter((r): r is Extract<CacheRule, { subgraph: string }> => 'subgraph' in r);
  const policy = new Map<string, TypeCachePolicy>();
  for (const type of facts.types.keys()) {
    const named = typeRules.filter((r) => facts.possibleTypes(r.type).includes(type));
    if (named.length) {
      policy.set(type, policyOf(shortest(named)));
      continue;
    }
    const perSubgraph = [...servedBy(facts, type)].map((s) => subgraphRules.filter((r) => r.subgraph === s || r.subgraph === ALL_SUBGRAPHS));
    if (perSubgraph.length && perSubgraph.every((found) => found.length)) policy.set(type, policyOf(Math.min(...perSubgraph.map(shortest))));
  }
  const unknown = [
    ...typeRules.filter((r) => !facts.possibleTypes(r.type).length).map((r) => `type "${r.type}"`),
    ...subgraphRules.filter((r) => r.subgraph !== ALL_SUBGRAPHS && !facts.subgraphs.has(r.subgraph)).map((r) => `subgraph "${r.subgraph}"`),
  ];
  return { policy, unknown };
}
