/** Does a principal match a rule's `to`, and does a rule's target cover a field? */
import { isAnonymous, type Principal } from '../principal.ts';
import { ALL_SUBGRAPHS, namesField, namesType } from './abstract.ts';
import type { FieldFacts } from './schemaFacts.ts';
import type { PrincipalMatcher, Target } from './types.ts';

const anyOf = (wanted: readonly string[] | undefined, held: readonly string[]) => !wanted || wanted.some((w) => held.includes(w));

export function matches(p: Principal, m: PrincipalMatcher): boolean {
  return (
    anyOf(m.subjects, [p.subject]) &&
    anyOf(m.roles, p.roles) &&
    anyOf(m.scopes, p.scopes) &&
    Object.entries(m.attributes ?? {}).every(([key, accepted]) => {
      const value = p.attributes[key];
      return value !== undefined && (Array.isArray(accepted) ? accepted.includes(value) : accepted === value);
    })
  );
}

/**
 * Does a rule that opens access (a grant, a tag's `unmasked`) reach `p`? As
 * `matches`, except that an anonymous caller (the gateway's ANONYMOUS_ROLE)
 * is reached only by a matcher that names one of its roles: `{}` means every
 * signed-in caller. Rules that close access (forbids, row filters) reach it
 * as they reach anyone.
 */
export const opensTo = (p: Principal, m: PrincipalMatcher): boolean => matches(p, m) && (!isAnonymous(p) || m.roles !== undefined);

/**
 * Fields tagged `aggregate` (counts, sums, averages) can reveal how many rows
 * exist beyond what a principal may see, so broad targets (a whole subgraph or
 * type) do not cover them: a grant must name the field or the tag.
 */
export const AGGREGATE_TAG = 'aggregate';

export function covers(t: Target, f: FieldFacts): boolean {
  const broad = !f.tags.includes(AGGREGATE_TAG);
  if (t.subgraph !== undefined) return broad && (t.subgraph === ALL_SUBGRAPHS || f.subgraphs.includes(t.subgraph));
  if (t.type !== undefined) return broad && namesType(f, t.type);
  if (t.field !== undefined) return namesField(f, t.field);
  if (t.tag !== undefined) return f.tags.includes(t.tag);
  return false;
}
