/**
 * The checks every `check` and `publish` runs, in report order. A new check
 * is one file in this folder and one line here.
 */
import { breakingChanges } from './breakingChanges.ts';
import { composition } from './composition.ts';
import type { Check, CheckContext } from './context.ts';
import type { Finding } from './finding.ts';
import { governanceLint } from './governanceLint.ts';
import { lineage } from './lineage.ts';
import { ownership } from './ownership.ts';
import { policyImpact } from './policyImpact.ts';

export const CHECKS: readonly Check[] = [ownership, composition, breakingChanges, governanceLint, lineage, policyImpact];

export async function runChecks(ctx: CheckContext, checks: readonly Check[] = CHECKS): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of checks) findings.push(...(await check.run(ctx)));
  return findings;
}
