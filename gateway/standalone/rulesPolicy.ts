/**
 * The response cache's policy from the rules file, for the supergraph being
 * served: computed once per supergraph, when the first request on it asks.
 * Rules naming a type or subgraph the supergraph does not have are harmless
 * (a later supergraph may bring it) but said once, as they may be typos.
 */
import type { Logger } from '../../platform/log.ts';
import type { TypeCachePolicy } from '../../platform/cache/productPolicy.ts';
import { factsFromSupergraph } from '../../policies/engine/schemaFacts.ts';
import { policyFromRules, type CacheRule } from './cacheRules.ts';

export function rulesPolicy(rules: readonly CacheRule[], supergraph: () => { hash: string; sdl: string } | undefined, logger: Logger) {
  let forHash: string | undefined;
  let policy: Map<string, TypeCachePolicy> | undefined;
  return {
    current(hash: string): Map<string, TypeCachePolicy> | undefined {
      if (hash === forHash) return policy;
      const served = supergraph();
      if (served?.hash !== hash) return undefined; // a request on a supergraph just swapped out: not cached
      const found = policyFromRules(rules, factsFromSupergraph(served.sdl));
      if (found.unknown.length) logger.warn({ unknown: found.unknown }, 'response-cache rules name what this supergraph does not have; they cover nothing');
      forHash = hash;
      policy = found.policy;
      return policy;
    },
  };
}
