/**
 * A subgraph that serves an interface as an `@interfaceObject` resolves its
 * fields without knowing the concrete type (a Book and a Furniture look the
 * same to it), so it enforces the most restrictive decision among the
 * implementations (abstract.ts). Where a policy decides such a field
 * differently per implementation, the gateway lets a caller ask for the
 * more open one, and that subgraph then refuses or masks it. Not an error —
 * the result is only stricter than the policy reads — but worth a warning
 * at the rule that makes the difference.
 */
import type { LoadedPolicy } from './load.ts';
import { covers } from './match.ts';
import { ruleSet, where, type Located } from './rules.ts';
import type { FieldFacts, SchemaFacts } from './schemaFacts.ts';
import type { PolicyProblem } from './types.ts';

export function interfaceObjectWarnings(policy: LoadedPolicy, facts: SchemaFacts): PolicyProblem[] {
  const set = ruleSet(policy);
  const warnings = new Map<string, PolicyProblem>();
  const warn = (l: Located<{ id: string }>, sub: (string | number)[], field: string, message: string) => {
    const key = `${l.rule.id}|${field}`;
    if (!warnings.has(key)) warnings.set(key, { ...where(l, ...sub), message });
  };

  for (const a of facts.abstractTypes.values()) {
    for (const f of a.fields.values()) {
      const servedBlind = f.subgraphs.filter((s) => a.interfaceObjectIn.includes(s));
      const impls = a.possibleTypes.map((t) => facts.field(`${t}.${f.field}`)).filter((x): x is FieldFacts => Boolean(x));
      // Key fields are join plumbing every subgraph allows.
      if (!servedBlind.length || impls.length < 2 || facts.keys.has(f.coordinate)) continue;
      const consequence = `subgraph ${servedBlind.join(', ')} resolves ${f.coordinate} as an @interfaceObject without knowing the concrete type and enforces the most restrictive decision among ${impls.map((i) => i.type).join(', ')}`;
      const split = (what: string, some: FieldFacts[]) =>
        `${what} ${some.map((i) => i.coordinate).join(', ')} but not ${impls.filter((i) => !some.includes(i)).map((i) => i.coordinate).join(', ')}; ${consequence}`;

      for (const l of [...set.grants, ...set.forbids]) {
        const some = impls.filter((i) => l.rule.read.some((t) => covers(t, i)));
        const kind = set.forbids.includes(l as never) ? 'forbid' : 'grant';
        if (some.length && some.length < impls.length) {
          const at = l.rule.read.findIndex((t) => some.some((i) => covers(t, i)));
          warn(l, ['read', at], f.coordinate, split(`${kind} "${l.rule.id}" covers`, some));
        }
      }
      for (const l of set.grants) {
        const masks = l.rule.masks ?? {};
        const some = impls.filter((i) => Object.hasOwn(masks, i.coordinate));
        if (some.length && some.length < impls.length) warn(l, ['masks', some[0].coordinate], f.coordinate, split(`grant "${l.rule.id}" masks`, some));
      }
      for (const [tag, l] of set.tagRules) {
        const some = impls.filter((i) => i.tags.includes(tag));
        if (some.length && some.length < impls.length) warn(l, [], f.coordinate, split(`@tag(name: "${tag}") classifies`, some));
      }
    }
  }
  return [...warnings.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
