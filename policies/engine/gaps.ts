/**
 * Filter gaps, found statically against the whole supergraph. A grant that
 * shows rows of a type which points to another entity (Ticket.account →
 * Account) while some role it applies to sees that entity only through row
 * conditions, opens what those conditions close: a sales rep limited to EMEA
 * accounts would still read every other region's tickets. Such a grant must
 * give the type a condition of its own that follows the relation
 * (`rows: { Ticket: { account: { visible: true } } }`), or a mandatory row
 * filter on the type must.
 *
 * Roles are judged one at a time, as ways.ts decides them: a grant without a
 * `roles` matcher is checked for every role the policy names and for callers
 * without roles. Matchers on subjects, scopes or attributes are assumed to
 * match (a gap that only some callers hit is still a gap).
 */
import { alwaysFollowed } from './conditions.ts';
import { covers } from './match.ts';
import { where, type Located, type RuleSet } from './rules.ts';
import type { SchemaFacts } from './schemaFacts.ts';
import type { Grant, MandatoryFilter, PolicyProblem, PrincipalMatcher } from './types.ts';

/** Root operation types hold no rows. */
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/** Whether a rule's `to` can match a principal seen through `role` ('' = without roles). */
const mayMatch = (to: PrincipalMatcher, role: string) => !to.roles || (role !== '' && to.roles.includes(role));

export function filterGaps(set: RuleSet, facts: SchemaFacts): PolicyProblem[] {
  const roles = [...new Set([...set.grants, ...set.forbids, ...set.filters].flatMap((l) => l.rule.to.roles ?? []))].sort();
  const rolesOf = (to: PrincipalMatcher) => (to.roles ? [...to.roles] : [...roles, '']);

  /** The rules that filter rows of `type` for `role`: grants stating conditions, mandatory filters. */
  const filtering = (type: string, role: string): Located<Grant | MandatoryFilter>[] => [
    ...set.grants.filter((l) => l.rule.rows?.[type] && mayMatch(l.rule.to, role)),
    ...set.filters.filter((l) => l.rule.type === type && mayMatch(l.rule.to, role)),
  ];
  /** Whether a mandatory filter on `type` that applies to everyone seen through `role` follows `field`. */
  const mandatoryFollows = (type: string, field: string, role: string) =>
    set.filters.some((l) => l.rule.type === type && mayMatch(l.rule.to, role) && !l.rule.to.subjects && !l.rule.to.scopes && !l.rule.to.attributes && alwaysFollowed(l.rule.where).has(field));

  const problems: PolicyProblem[] = [];
  for (const g of set.grants) {
    for (const [type, fields] of facts.types) {
      if (ROOTS.has(type) || ![...fields.values()].some((f) => g.rule.read.some((t) => covers(t, f)))) continue;
      const own = g.rule.rows?.[type];
      const followed = own ? alwaysFollowed(own) : new Set<string>();
      for (const f of fields.values()) {
        if (f.list || !facts.types.has(f.namedType) || followed.has(f.field)) continue;
        for (const role of rolesOf(g.rule.to)) {
          const filters = filtering(f.namedType, role);
          if (!filters.length || mandatoryFollows(type, f.field, role)) continue;
          problems.push({
            ...where(g, ...(own ? ['rows', type] : [])),
            message:
              `filter gap: grant "${g.rule.id}" shows ${type} rows${role ? ` to role ${role}` : ''}, and ${f.coordinate} points to ${f.namedType}, ` +
              `whose rows are filtered for ${role ? `that role` : 'callers without roles'} (${filters.map((l) => l.rule.id).join(', ')}); ` +
              `add "rows: { ${type}: { ${f.field}: { visible: true } } }" so a ${type} is visible only where its ${f.field} is`,
          });
          break;
        }
      }
    }
  }
  return problems;
}
