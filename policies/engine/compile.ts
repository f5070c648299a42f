/**
 * A validated policy compiled against a schema into the questions every
 * enforcement point asks: what may this principal see of this field at best
 * (`decide`, what the gateway prunes with), which rows of this type (`rows`),
 * how each way in shows rows and decides fields (`ways`, what subgraphs
 * enforce row by row), and may it read this field in clear on every row it
 * sees (`decideRead`, what arguments and filters that read a field need).
 * The semantics live in ways.ts; everything here is pure and memoized per
 * principal fingerprint, since the fingerprint holds all a decision can depend on.
 */
import { createHash } from 'node:crypto';
import { Memo } from '../../platform/memo.ts';
import { isAnonymous, type Principal } from '../principal.ts';
import { principalRefs, type Resolved } from './conditions.ts';
import type { LoadedPolicy } from './load.ts';
import { ruleSet, type RuleSet } from './rules.ts';
import type { SchemaFacts } from './schemaFacts.ts';
import type { Decision, PrincipalMatcher } from './types.ts';
import { bestDecision, conditionalGrants, readDecision, typeWays, type TypeWays, type WaysContext } from './ways.ts';

export interface RowDecision {
  condition: Resolved;
  /** Rule ids that shaped the condition (explain, audit). */
  rules: string[];
}

export interface CompiledPolicy {
  version: string;
  facts: SchemaFacts;
  rules: RuleSet;
  /** The best case over every way in: what no way allows is denied. A coordinate on an interface: the most restrictive among its implementations. */
  decide(p: Principal, coordinate: string): Decision;
  /** Rows of `type` that `subgraph` (which stores them) may return to `p`. */
  rows(p: Principal, type: string, subgraph: string): RowDecision;
  /** Each way into rows of `type` (an object type, or an interface an @interfaceObject subgraph stores) in `subgraph`, with its row condition and field decisions. */
  ways(p: Principal, type: string, subgraph: string): TypeWays;
  /**
   * Whether `p` may read `coordinate` in clear on every row of its type it can
   * see: allow, or the first way's denial or mask. An argument, filter or
   * ordering that reads the field needs this.
   */
  decideRead(p: Principal, coordinate: string): Decision;
  /** Digest of what any decision for `p` can depend on, including the policy version. */
  fingerprint(p: Principal): string;
}

const MAX_MEMO = 10_000;

export function compilePolicy(policy: LoadedPolicy, facts: SchemaFacts): CompiledPolicy {
  const set = ruleSet(policy);
  const ctx: WaysContext = { set, facts };
  const relevance = relevantIdentity(set);
  const decisions = new Memo<Decision>(MAX_MEMO);
  const typeWaysMemo = new Memo<TypeWays>(MAX_MEMO);
  const reads = new Memo<Decision>(MAX_MEMO);
  const identities = new WeakMap<Principal, { view: Principal; fingerprint: string }>();
  // Decisions are made on the parts of an identity some rule reads, and the
  // fingerprint digests exactly those: equal fingerprints, equal decisions.
  const identity = (p: Principal) => {
    let id = identities.get(p);
    if (!id) {
      const view = relevantView(relevance, p);
      identities.set(p, (id = { view, fingerprint: fingerprint(policy.version, view) }));
    }
    return id;
  };

  const compiled: CompiledPolicy = {
    version: policy.version,
    facts,
    rules: set,
    decide(p, coordinate) {
      const { view, fingerprint } = identity(p);
      return decisions.get(`${fingerprint}|${coordinate}`, () => bestDecision(ctx, view, coordinate));
    },
    ways(p, type, subgraph) {
      const { view, fingerprint } = identity(p);
      return typeWaysMemo.get(`${fingerprint}|${type}|${subgraph}`, () => typeWays(ctx, view, type, subgraph, (f) => compiled.decide(view, f.coordinate)));
    },
    rows(p, type, subgraph) {
      const w = compiled.ways(p, type, subgraph);
      const conditional = conditionalGrants(ctx, type);
      return { condition: w.condition, rules: [...new Set(w.ways.map((x) => x.grant).filter((id) => conditional.has(id))), ...w.mandatoryRules] };
    },
    decideRead(p, coordinate) {
      const { view, fingerprint } = identity(p);
      return reads.get(`${fingerprint}|${coordinate}`, () => readDecision(ctx, view, coordinate, (type, subgraph) => compiled.ways(view, type, subgraph)));
    },
    // Decisions ask for it on every field: computed once per principal object.
    fingerprint(p) {
      return identity(p).fingerprint;
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

/** The principal as rules can tell it apart: the subject, roles, scopes and attributes no rule reads are left out. */
/** The subject in a view when no rule reads it: any signed-in caller. */
const SUBJECT_UNREAD = '*';

function relevantView(r: Relevance, p: Principal): Principal {
  return {
    // Whether the caller is anonymous is always told apart (grants `to: {}` do not reach anonymous callers).
    subject: r.subject || isAnonymous(p) ? p.subject : SUBJECT_UNREAD,
    roles: [...new Set(p.roles.filter((x) => r.roles.has(x)))].sort(),
    scopes: [...new Set(p.scopes.filter((x) => r.scopes.has(x)))].sort(),
    attributes: Object.fromEntries(Object.entries(p.attributes).filter(([k]) => r.attributes.has(k)).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function fingerprint(version: string, view: Principal): string {
  const relevant = { v: version, s: view.subject, r: view.roles, c: view.scopes, a: Object.entries(view.attributes) };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('base64url').slice(0, 24);
}
