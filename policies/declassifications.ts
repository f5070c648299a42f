/**
 * The reviewed declassifications of the access policies, with the file and
 * line of each: the registry holds derived data products against them when
 * they are published (a derived field must be classified at least as its
 * most sensitive input unless one of these allows less).
 */
import { formatProblems, parsePolicy, readPolicyDir } from './engine/load.ts';
import { ruleSet, where } from './engine/rules.ts';
import type { Declassification, SourceRef } from './engine/types.ts';
import { RULES_DIR } from './references.ts';

export type LocatedDeclassification = Declassification & SourceRef;

export function declassifications(dir: string = RULES_DIR): LocatedDeclassification[] {
  const { policy, problems } = parsePolicy(readPolicyDir(dir));
  if (!policy) throw new Error(`policies do not load:\n${formatProblems(problems)}`);
  return ruleSet(policy).declassifications.map((l) => ({ ...l.rule, ...where(l) }));
}
