/**
 * Checks a policy against a schema: every subgraph, type, field and tag it
 * names exists, every mask fits the fields it can reach, row conditions name
 * real fields and follow real relations without going round in a cycle,
 * declassifications name real fields, every limit rule sets a limit, no rule
 * contradicts another, and (against the whole supergraph) no grant leaves a
 * filter gap (gaps.ts). Every service checks against the supergraph
 * (`complete`), so a policy one refuses every one refuses; only a subgraph
 * that knows no supergraph yet checks against its own schema, where
 * references to other domains cannot be told from typos and relations into
 * them cannot be followed.
 */
import { isDeepStrictEqual } from 'node:util';
import { ALL_SUBGRAPHS, byCoordinate, concreteCoordinates } from './abstract.ts';
import { compareClassifications, isClassification } from '../dataProduct.ts';
import { badRefs, conditionFields, followedFields } from './conditions.ts';
import { filterGaps } from './gaps.ts';
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
  for (const l of [...set.grants, ...set.forbids, ...set.filters, ...set.limits, ...set.tagRules.values(), ...set.declassifications] as Located<{ id: string }>[]) {
    const first = seen.get(l.rule.id);
    if (first) report(l, ['id'], `rule id "${l.rule.id}" is already used at ${where(first).file}:${where(first).line}`);
    else seen.set(l.rule.id, l);
  }
  for (const d of set.duplicateTags) {
    const first = set.tagRules.get(d.rule.tag)!;
    report(d, [], `tag "${d.rule.tag}" already has a rule at ${where(first).file}:${where(first).line}; a tag has one rule`);
  }

  /** Why a `Type.field` a rule names does not exist (an interface's fields exist, a union has none), or undefined when it does. */
  const unknownField = (coordinate: string): string | undefined => {
    if (facts.field(coordinate) || facts.interfaceField(coordinate)) return undefined;
    const [type] = coordinate.split('.');
    const union = facts.abstractTypes.get(type);
    if (union?.kind === 'union') return `"${coordinate}": ${type} is a union, and unions have no fields; name a member's field (${union.possibleTypes.join(', ')})`;
    return `unknown field "${coordinate}"`;
  };
  /** The fields a coordinate reaches: one object field, or an interface field on every implementation. */
  const reached = (coordinate: string): FieldFacts[] => {
    const own = facts.field(coordinate);
    return own ? [own] : concreteCoordinates(facts, coordinate).map((c) => facts.field(c)!);
  };

  const checkTarget = (l: Located<unknown>, t: Target, i: number) => {
    const at = ['read', i];
    if (t.subgraph !== undefined && t.subgraph !== ALL_SUBGRAPHS && !facts.subgraphs.has(t.subgraph)) complete && report(l, at, `unknown subgraph "${t.subgraph}" (known: ${[...facts.subgraphs].join(', ')}, or "${ALL_SUBGRAPHS}" for every subgraph)`);
    if (t.type !== undefined && !facts.types.has(t.type) && !facts.abstractTypes.has(t.type)) complete && report(l, at, `unknown type "${t.type}"`);
    const missing = t.field !== undefined ? unknownField(t.field) : undefined;
    if (missing) complete && report(l, at, missing);
    if (t.tag !== undefined && !facts.tags.has(t.tag)) complete && report(l, at, `unknown tag "${t.tag}": no field carries @tag(name: "${t.tag}")`);
  };

  // Relations conditions follow, type → related type, to find cycles.
  const relations: { from: string; to: string; l: Located<unknown>; sub: (string | number)[] }[] = [];
  const checkCondition = (l: Located<unknown>, sub: (string | number)[], type: string, cond: Condition) => {
    const fields = facts.types.get(type);
    const abstract = facts.abstractTypes.get(type);
    // Rows are stored and filtered per object type: an interface or union has no rows of its own.
    if (!fields && abstract) return report(l, sub, `row conditions apply to object types, and ${type} is ${abstract.kind === 'union' ? 'a union' : 'an interface'}; write one condition per type (${abstract.possibleTypes.join(', ')})`);
    if (!fields) return complete && report(l, sub, `unknown type "${type}"`);
    for (const f of conditionFields(cond)) if (!fields.has(f) && complete) report(l, sub, `row condition on ${type} names unknown field "${f}"`);
    for (const r of badRefs(cond)) report(l, sub, `"${r}" is not a principal reference; use $principal.subject or $principal.attributes.<name>`);
    for (const problem of relationProblems(cond)) report(l, sub, problem);
    for (const f of followedFields(cond)) {
      const target = fields.get(f);
      if (!target) continue;
      if (!facts.types.has(target.namedType)) report(l, sub, `"visible" follows a relation, and ${type}.${f} is a ${target.namedType}, not an object type`);
      else relations.push({ from: type, to: target.namedType, l, sub });
    }
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
        const missing = unknownField(key);
        if (missing) complete && report(l, ['masks', key], missing);
        else reached(key).forEach((f) => checkFit(l, ['masks', key], strategy, f));
        continue;
      }
      if (!facts.tags.has(key)) {
        if (complete) report(l, ['masks', key], `unknown tag "${key}"`);
        continue;
      }
      // A field named on its own takes that mask instead of its tags'.
      for (const f of allFields) if (f.tags.includes(key) && byCoordinate(masks, f) === undefined && l.rule.read.some((t) => covers(t, f))) checkFit(l, ['masks', key], strategy, f);
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
      const missing = unknownField(coordinate);
      const fields = missing ? [] : reached(coordinate).filter((f) => f.tags.includes(tag));
      if (missing) complete && report(l, ['overrides', coordinate], missing);
      else if (!fields.length) report(l, ['overrides', coordinate], `${coordinate} does not carry @tag(name: "${tag}")`);
      else if (effect !== 'deny') fields.forEach((f) => checkFit(l, ['overrides', coordinate], effect, f));
    }
    if (l.rule.otherwise !== 'deny') {
      for (const f of allFields) if (f.tags.includes(tag) && byCoordinate(overrides, f) === undefined) checkFit(l, ['otherwise'], l.rule.otherwise, f);
    }
  }

  for (const l of set.filters) checkCondition(l, ['where'], l.rule.type, l.rule.where);

  // A cycle of relations (Ticket follows Account, Account follows Ticket) has no meaning.
  const next = (type: string) => relations.filter((r) => r.from === type).map((r) => r.to);
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    from === to || (!seen.has(from) && (seen.add(from), next(from).some((n) => reaches(n, to, seen))));
  for (const r of relations) if (reaches(r.to, r.from)) report(r.l, r.sub, `relations go round in a cycle: ${r.from} follows ${r.to}, which leads back to ${r.from}`);

  if (complete) problems.push(...filterGaps(set, facts));

  // A declassification lets a field be less sensitive than its inputs, never
  // less than it says; one field has one reviewed exception.
  const declassified = new Map<string, Located<unknown>>();
  for (const l of set.declassifications) {
    const { field, to } = l.rule;
    const first = declassified.get(field);
    if (first) report(l, ['field'], `${field} is already declassified at ${where(first).file}:${where(first).line}; a field has one declassification`);
    else declassified.set(field, l);
    const f = facts.field(field);
    if (!f) {
      if (complete) report(l, ['field'], `unknown field "${field}"`);
      continue;
    }
    const tagged = f.tags.filter(isClassification);
    const weaker = tagged.find((t) => compareClassifications(t, to) < 0);
    if (weaker) report(l, ['to'], `${field} is tagged ${weaker}, less sensitive than this declassification allows (${to})`);
  }

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

/** `visible` is only ever `true`, and stands alone: a relation is followed or not. */
function relationProblems(cond: Condition): string[] {
  const nested = 'anyOf' in cond && Array.isArray(cond.anyOf) ? cond.anyOf.flatMap(relationProblems) : [];
  const own = Object.entries(cond)
    .filter(([k, v]) => k !== 'anyOf' && typeof v === 'object' && v !== null && !Array.isArray(v) && 'visible' in v && Object.keys(v).length > 1)
    .map(([k]) => `"${k}: { visible: true }" cannot be combined with comparisons; write them as separate conditions`);
  return [...nested, ...own];
}
