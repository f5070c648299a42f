/**
 * Checks a policy against a schema: every subgraph, type, field and tag it
 * names exists, every mask fits the fields it can reach, row conditions name
 * real fields, and no rule contradicts another. The gateway and CLI check
 * against the whole supergraph (`complete`); a subgraph checks only what it
 * owns, since references to other domains are theirs to check.
 */
import { isDeepStrictEqual } from 'node:util';
import { badRefs, conditionFields } from './conditions.ts';
import type { LoadedPolicy } from './load.ts';
import { misfit } from './masks.ts';
import { covers } from './match.ts';
import { ruleSet, where, type Located } from './rules.ts';
import type { FieldFacts, SchemaFacts } from './schemaFacts.ts';
import { LIMIT_KEYS, type Condition, type PolicyProblem, type Strategy, type Target } from './types.ts';

export function validatePolicy(policy: LoadedPolicy, facts: SchemaFacts, complete = true): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const set = ruleSet(policy);
  const report = (l: Located<unknown>, sub: (string | number)[], message: string) => problems.push({ ...where(l, ...sub), message });
  const allFields = [...facts.types.values()].flatMap((fields) => [...fields.values()]);

  // Ids identify rules in errors, explain and audit, so they must be unique.
  const seen = new Map<string, Located<unknown>>();
  for (const l of [...set.grants, ...set.forbids, ...set.filters, ...set.limits, ...set.tagRules.values()] as Located<{ id: string }>[]) {
    const first = seen.get(l.rule.id);
    if (first) report(l, ['id'], `rule id "${l.rule.id}" is already used at ${where(first).file}:${where(first).line}`);
    else seen.set(l.rule.id, l);
  }
  for (const d of set.duplicateTags) {
    const first = set.tagRules.get(d.rule.tag)!;
    report(d, [], `tag "${d.rule.tag}" already has a rule at ${where(first).file}:${where(first).line}; a tag has one rule`);
  }

  const checkTarget = (l: Located<unknown>, t: Target, i: number) => {
    const at = ['read', i];
    if (t.subgraph !== undefined && !facts.subgraphs.has(t.subgraph)) complete && report(l, at, `unknown subgraph "${t.subgraph}" (known: ${[...facts.subgraphs].join(', ')})`);
    if (t.type !== undefined && !facts.types.has(t.type)) complete && report(l, at, `unknown type "${t.type}"`);
    if (t.field !== undefined && !facts.field(t.field)) complete && report(l, at, `unknown field "${t.field}"`);
    if (t.tag !== undefined && !facts.tags.has(t.tag)) complete && report(l, at, `unknown tag "${t.tag}": no field carries @tag(name: "${t.tag}")`);
  };

  const checkCondition = (l: Located<unknown>, sub: (string | number)[], type: string, cond: Condition) => {
    const fields = facts.types.get(type);
    if (!fields) return complete && report(l, sub, `unknown type "${type}"`);
    for (const f of conditionFields(cond)) if (!fields.has(f) && complete) report(l, sub, `row condition on ${type} names unknown field "${f}"`);
    for (const r of badRefs(cond)) report(l, sub, `"${r}" is not a principal reference; use $principal.subject or $principal.attributes.<name>`);
  };

  const checkFit = (l: Located<unknown>, sub: (string | number)[], strategy: Strategy, f: FieldFacts) => {
    const why = misfit(strategy, f);
    if (why) report(l, sub, `mask does not fit ${f.coordinate} (${f.nullable ? '' : 'non-null '}${f.namedType}): ${why}`);
  };

  for (const l of [...set.grants, ...set.forbids]) l.rule.read.forEach((t, i) => checkTarget(l, t, i));

  for (const l of set.grants) {
    const masks = l.rule.masks ?? {};
    for (const [key, strategy] of Object.entries(masks)) {
      if (key.includes('.')) {
        const f = facts.field(key);
        if (!f) complete && report(l, ['masks', key], `unknown field "${key}"`);
        else checkFit(l, ['masks', key], strategy, f);
        continue;
      }
      if (!facts.tags.has(key)) {
        if (complete) report(l, ['masks', key], `unknown tag "${key}"`);
        continue;
      }
      // A field named on its own takes that mask instead of its tags'.
      for (const f of allFields) if (f.tags.includes(key) && !(f.coordinate in masks) && l.rule.read.some((t) => covers(t, f))) checkFit(l, ['masks', key], strategy, f);
    }
    for (const [type, cond] of Object.entries(l.rule.rows ?? {})) checkCondition(l, ['rows', type], type, cond);
  }

  for (const [tag, l] of set.tagRules) {
    if (!facts.tags.has(tag)) {
      if (complete) report(l, [], `unknown tag "${tag}": no field carries @tag(name: "${tag}")`);
      continue;
    }
    const overrides = l.rule.overrides ?? {};
    for (const [coordinate, effect] of Object.entries(overrides)) {
      const f = facts.field(coordinate);
      if (!f) complete && report(l, ['overrides', coordinate], `unknown field "${coordinate}"`);
      else if (!f.tags.includes(tag)) report(l, ['overrides', coordinate], `${coordinate} does not carry @tag(name: "${tag}")`);
      else if (effect !== 'deny') checkFit(l, ['overrides', coordinate], effect, f);
    }
    if (l.rule.otherwise !== 'deny') {
      for (const f of allFields) if (f.tags.includes(tag) && !(f.coordinate in overrides)) checkFit(l, ['otherwise'], l.rule.otherwise, f);
    }
  }

  for (const l of set.filters) checkCondition(l, ['where'], l.rule.type, l.rule.where);

  for (const l of set.limits) if (!LIMIT_KEYS.some((k) => l.rule[k] !== undefined)) report(l, [], `limit "${l.rule.id}" sets no limit; give at least one of ${LIMIT_KEYS.join(', ')}`);

  // A grant that a forbid for the very same principals cancels in full is a contradiction, not a policy.
  for (const g of set.grants) {
    for (const f of set.forbids) {
      if (isDeepStrictEqual(g.rule.to, f.rule.to) && g.rule.read.every((t) => f.rule.read.some((u) => isDeepStrictEqual(t, u)))) {
        report(g, [], `grant "${g.rule.id}" conflicts with forbid "${f.rule.id}" (${where(f).file}:${where(f).line}): same principals, and the forbid removes everything the grant gives`);
      }
    }
  }

  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
