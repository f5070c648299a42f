/**
 * A change must not silently change what an access policy protects: removing
 * or retagging a field or type that a policy rule names fails, with the policy
 * file, line and rule, so the team and the governance team change both
 * together. Fields a policy reaches only through a tag fail when they gain or
 * lose that tag (a `pii` field retagged `internal` would lose its mask).
 */
import { taggedElements } from '../diff/tags.ts';
import type { Check, PolicyReference } from './context.ts';
import type { Finding } from './finding.ts';

type Elements = Map<string, string[]>;
const same = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);
const tagList = (tags: string[]) => (tags.length ? tags.join(', ') : 'no tags');

/** What happened to one named element between the two supergraphs, if anything that matters to a policy. */
function fate(coordinate: string, before: Elements, after: Elements): { code: string; what: string } | undefined {
  const was = before.get(coordinate);
  const now = after.get(coordinate);
  if (!was) return undefined; // new, or never there: nothing a policy relied on changes
  if (!now) return { code: 'POLICY_REFERENCE_REMOVED', what: `removes ${coordinate}` };
  if (!same(was, now)) return { code: 'POLICY_REFERENCE_RETAGGED', what: `retags ${coordinate} from ${tagList(was)} to ${tagList(now)}` };
  return undefined;
}

export function policyImpactFindings(before: Elements, after: Elements, references: readonly PolicyReference[], subgraph: string): Finding[] {
  const findings = new Map<string, Finding>();
  const add = (ref: PolicyReference, coordinate: string, code: string, what: string) => {
    const key = `${coordinate}\u0000${ref.file}\u0000${ref.line}\u0000${ref.rule}`;
    if (findings.has(key)) return;
    findings.set(key, {
      check: 'policy-impact',
      severity: 'error',
      code,
      message: `this change ${what}, which access policy rule ${ref.rule} (${ref.file}:${ref.line}) names`,
      coordinate,
      subgraph,
      policy: { file: ref.file, line: ref.line, rule: ref.rule },
      fix: `Keep ${coordinate} as it is, or change rule ${ref.rule} in ${ref.file} first (with the governance team) and publish after it.`,
    });
  };

  for (const ref of references) {
    for (const coordinate of [ref.coordinate, ref.type].filter((c): c is string => Boolean(c))) {
      const changed = fate(coordinate, before, after);
      if (changed) add(ref, coordinate, changed.code, changed.what);
    }
    if (ref.tag && !ref.coordinate) {
      for (const [coordinate, was] of before) {
        const now = after.get(coordinate);
        if (now && was.includes(ref.tag) !== now.includes(ref.tag)) add(ref, coordinate, 'POLICY_TAG_CHANGED', `${now.includes(ref.tag) ? 'adds' : 'removes'} tag "${ref.tag}" on ${coordinate}`);
      }
    }
  }
  return [...findings.values()];
}

export const policyImpact: Check = {
  id: 'policy-impact',
  description: 'No field or type an access policy names is removed or retagged.',
  async run(ctx) {
    if (!ctx.composed.ok || !ctx.current) return [];
    let references: PolicyReference[];
    try {
      references = await ctx.policyReferences();
    } catch (err) {
      return [{ check: 'policy-impact', severity: 'warning', code: 'POLICIES_UNREADABLE', message: `the access policies could not be read, so their impact was not checked: ${(err as Error).message}`, subgraph: ctx.proposal.name }];
    }
    return policyImpactFindings(taggedElements(ctx.current.sdl), taggedElements(ctx.composed.supergraphSdl), references, ctx.proposal.name);
  },
};
