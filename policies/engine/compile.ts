/**
 * A validated policy compiled against a schema into the two questions every
 * enforcement point asks: what may this principal see of this field
 * (`decide`), and which rows of this type (`rows`). Both are pure; decisions
 * are memoized per principal fingerprint, since the fingerprint holds all a
 * decision can depend on.
 */
import { createHash } from 'node:crypto';
import { Memo } from '../../platform/memo.ts';
import type { Principal } from '../principal.ts';
import { byCoordinate, decideOnAnyType } from './abstract.ts';
import { all, any, principalRefs, resolve, TRUE, type Resolved } from './conditions.ts';
import type { LoadedPolicy } from './load.ts';
import { strongest, weakest } from './masks.ts';
import { covers, matches } from './match.ts';
import { ruleSet, type RuleSet } from './rules.ts';
import type { SchemaFacts } from './schemaFacts.ts';
import type { Decision, PrincipalMatcher, Strategy } from './types.ts';

export interface RowDecision {
  condition: Resolved;
  /** Rule ids that shaped the condition (explain, audit). */
  rules: string[];
}

export interface CompiledPolicy {
  version: string;
  facts: SchemaFacts;
  rules: RuleSet;
  decide(p: Principal, coordinate: string): Decision;
  /** Rows of `type` that `subgraph` (which stores them) may return to `p`. */
  rows(p: Principal, type: string, subgraph: string): RowDecision;
  /** Digest of what any decision for `p` can depend on, including the policy version. */
  fingerprint(p: Principal): string;
}

const DEFAULT_DENY = 'default-deny';
const MAX_MEMO = 10_000;

export function compilePolicy(policy: LoadedPolicy, facts: SchemaFacts): CompiledPolicy {
  const set = ruleSet(policy);
  const relevance = relevantIdentity(set);
  const memo = new Memo<Decision>(MAX_MEMO);
  const fingerprints = new WeakMap<Principal, string>();

  function decideUncached(p: Principal, coordinate: string): Decision {
    const f = facts.field(coordinate);
    if (!f) return { effect: 'deny', mask: null, rule: DEFAULT_DENY };

    const forbid = set.forbids.find((l) => matches(p, l.rule.to) && l.rule.read.some((t) => covers(t, f)));
    if (forbid) return { effect: 'deny', mask: null, rule: forbid.rule.id };

    const grants = set.grants.filter((l) => matches(p, l.rule.to) && l.rule.read.some((t) => covers(t, f)));
    if (grants.length === 0) return { effect: 'deny', mask: null, rule: DEFAULT_DENY };

    // The floor: what each of the field's tags demands from a principal it does not exempt.
    let floor: Strategy | null = null;
    let floorRule = '';
    for (const tag of f.tags) {
      const l = set.tagRules.get(tag);
      if (!l || l.rule.unmasked.some((m) => matches(p, m))) continue;
      const effect = byCoordinate(l.rule.overrides ?? {}, f) ?? l.rule.otherwise;
      if (effect === 'deny') return { effect: 'deny', mask: null, rule: l.rule.id };
      if (strongest(floor, effect) !== floor) [floor, floorRule] = [effect, l.rule.id];
    }

    // Among grants the weakest mask applies: each grant is a way in, and the
    // principal may use the most generous one.
    let best: { mask: Strategy | null; rule: string } | undefined;
    for (const l of grants) {
      const masks = l.rule.masks ?? {};
      const named = byCoordinate(masks, f);
      const mask = named !== undefined ? named : f.tags.reduce<Strategy | null>((m, tag) => strongest(m, masks[tag] ?? null), null);
      if (!best || weakest(mask, best.mask) !== best.mask) best = { mask, rule: l.rule.id };
    }
    const mask = strongest(best!.mask, floor);
    if (mask === null) return { effect: 'allow', mask: null, rule: best!.rule };
    return { effect: 'mask', mask, rule: mask === best!.mask ? best!.rule : floorRule };
  }

  const compiled: CompiledPolicy = {
    version: policy.version,
    facts,
    rules: set,
    decide(p, coordinate) {
      // A coordinate on an interface is decided on its implementations (abstract.ts).
      return memo.get(`${compiled.fingerprint(p)}|${coordinate}`, () => decideOnAnyType(facts, coordinate, (c) => decideUncached(p, c)));
    },
    rows(p, type, subgraph) {
      const fields = [...(facts.types.get(type)?.values() ?? [])].filter((f) => f.subgraphs.includes(subgraph));
      // A grant applies to the rows a subgraph stores when it lets the principal
      // read one of the fields that subgraph resolves: reading tickets of an
      // account (another domain's field) says nothing about which accounts.
      const applicable = set.grants.filter((l) => matches(p, l.rule.to) && fields.some((f) => l.rule.read.some((t) => covers(t, f))));
      const mandatory = set.filters.filter((l) => l.rule.type === type && matches(p, l.rule.to));
      const condition = all([any(applicable.map((l) => (l.rule.rows?.[type] ? resolve(l.rule.rows[type], p) : TRUE))), ...mandatory.map((l) => resolve(l.rule.where, p))]);
      return { condition, rules: [...applicable.filter((l) => l.rule.rows?.[type]), ...mandatory].map((l) => l.rule.id) };
    },
    // Decisions ask for it on every field: compute it once per principal object.
    fingerprint(p) {
      let f = fingerprints.get(p);
      if (f === undefined) fingerprints.set(p, (f = fingerprint(policy.version, relevance, p)));
      return f;
    },
  };
  return compiled;
}

interface Relevance {
  roles: Set<string>;
  scopes: Set<string>;
  attributes: Set<string>;
  subject: boolean;
}

/** Which parts of an identity any rule reads: the rest cannot change a decision. */
function relevantIdentity(set: RuleSet): Relevance {
  const r: Relevance = { roles: new Set(), scopes: new Set(), attributes: new Set(), subject: false };
  const matcher = (m: PrincipalMatcher) => {
    m.roles?.forEach((x) => r.roles.add(x));
    m.scopes?.forEach((x) => r.scopes.add(x));
    Object.keys(m.attributes ?? {}).forEach((x) => r.attributes.add(x));
    if (m.subjects) r.subject = true;
  };
  const refs = (refs: string[]) =>
    refs.forEach((ref) => (ref === 'subject' ? (r.subject = true) : r.attributes.add(ref.slice('attributes.'.length))));
  set.grants.forEach((l) => {
    matcher(l.rule.to);
    Object.values(l.rule.rows ?? {}).forEach((c) => refs(principalRefs(c)));
  });
  set.forbids.forEach((l) => matcher(l.rule.to));
  set.tagRules.forEach((l) => l.rule.unmasked.forEach(matcher));
  set.filters.forEach((l) => {
    matcher(l.rule.to);
    refs(principalRefs(l.rule.where));
  });
  return r;
}

function fingerprint(version: string, r: Relevance, p: Principal): string {
  const relevant = {
    v: version,
    s: r.subject ? p.subject : undefined,
    r: p.roles.filter((x) => r.roles.has(x)).sort(),
    c: p.scopes.filter((x) => r.scopes.has(x)).sort(),
    a: Object.entries(p.attributes)
      .filter(([k]) => r.attributes.has(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('base64url').slice(0, 24);
}
