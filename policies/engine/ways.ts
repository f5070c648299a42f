/**
 * Ways in: how a principal is decided so that several roles never add up to
 * more than each role gives alone.
 *
 * A principal is split into personas: itself with one of its roles at a time
 * (itself when it has none), keeping subject, scopes and attributes. A *way*
 * is a grant through a persona whose `to` matches it. Per way, a row
 * condition per type (its `rows`, resolved for that persona, relations
 * followed as that persona sees the related type) and a decision per field
 * (the grant's coverage and masks, with tag exemptions judged for that
 * persona). `forbid` and mandatory `rowFilters` apply to the whole principal.
 *
 * A row is visible when some way's condition holds (and every mandatory
 * filter). A field of a row gets the weakest decision among the ways that
 * show that row and cover the field, and is denied for that row when none
 * does. `decide` is the best case over all ways (what the gateway prunes
 * with); `ways` gives the per-type picture subgraphs enforce row by row.
 *
 * Abstract types (abstract.ts) fit in the same structure: a coordinate on
 * an interface is decided on each implementation and gets the most
 * restrictive decision among them, per way as for the best case; rows of an
 * interface an `@interfaceObject` subgraph stores are shown by a way only
 * where its condition for every implementation holds, since that subgraph
 * cannot tell which one a row is.
 *
 * Everything here is pure; compile.ts memoizes it per principal fingerprint.
 */
import type { Principal } from '../principal.ts';
import { ALL_SUBGRAPHS, byCoordinate, concreteCoordinates, decideOnAnyType, mostRestrictive } from './abstract.ts';
import { all, any, FALSE, resolve, show, TRUE, type Resolved } from './conditions.ts';
import { strongest } from './masks.ts';
import { covers, matches, opensTo } from './match.ts';
import type { Located, RuleSet } from './rules.ts';
import type { FieldFacts, SchemaFacts } from './schemaFacts.ts';
import type { Condition, Decision, Grant, Strategy, Target } from './types.ts';

export const DEFAULT_DENY: Decision = { effect: 'deny', mask: null, rule: 'default-deny' };

/** A principal seen through one of its roles (`role` is '' for a principal without roles). */
export interface Persona {
  role: string;
  principal: Principal;
}

export function personasOf(p: Principal): Persona[] {
  const roles = [...new Set(p.roles)].sort();
  return roles.length ? roles.map((role) => ({ role, principal: { ...p, roles: [role] } })) : [{ role: '', principal: p }];
}

/** One grant used through one persona, as it applies to one type in one subgraph. */
export interface Way {
  grant: string;
  role: string;
  /** The rows of the type this way shows. */
  condition: Resolved;
  /** Field name → decision, for every field of the type the subgraph resolves (or provides) that this way covers. */
  fields: ReadonlyMap<string, Decision>;
}

/** Ways with the same row condition, merged: together they show the same rows, each field decided by the most generous of them. */
export interface WayGroup {
  condition: Resolved;
  ways: Way[];
  fields: ReadonlyMap<string, Decision>;
}

export interface TypeWays {
  type: string;
  subgraph: string;
  /** Conditions every visible row must meet whatever the ways (mandatory row filters). */
  mandatory: Resolved;
  mandatoryRules: string[];
  /** Every way that can show rows (conditions that are never true left out), in rule order. */
  ways: Way[];
  /** The ways grouped by condition, in the order of their first way. */
  groups: WayGroup[];
  /** The rows visible at all: the mandatory filters and any group's condition. */
  condition: Resolved;
  /** Every row gets, for every field, the decision `decide` gives: nothing to do per row. */
  uniform: boolean;
}

/** From most revealing to least; a denial is the least of all. */
const RANK: Record<Strategy | 'allow' | 'deny', number> = { allow: 0, partial: 1, 'year-only': 2, hash: 3, redact: 4, null: 5, deny: 6 };
const rank = (d: Decision) => RANK[d.effect === 'mask' ? d.mask : d.effect];
/** Whether `a` shows strictly more than `b`. */
export const moreRevealing = (a: Decision, b: Decision) => rank(a) < rank(b);
const sameOutcome = (a: Decision, b: Decision) => a.effect === b.effect && a.mask === b.mask;

export interface WaysContext {
  set: RuleSet;
  facts: SchemaFacts;
}

/** Whether `f` is an interface's field (an `@interfaceObject` subgraph resolves it without knowing the concrete type). */
const isInterfaceField = (facts: SchemaFacts, f: FieldFacts) => facts.abstractTypes.has(f.type);

/** The object fields `f` stands for: itself, or an interface field on every implementation. */
export function concreteFields(facts: SchemaFacts, f: FieldFacts): FieldFacts[] {
  return isInterfaceField(facts, f) ? concreteCoordinates(facts, f.coordinate).map((c) => facts.field(c)!) : [f];
}

/** The forbid that denies `f` (on any type it stands for) to the whole principal, if any. */
export function forbidding(ctx: WaysContext, p: Principal, f: FieldFacts): Decision | undefined {
  for (const c of concreteFields(ctx.facts, f)) {
    const forbid = ctx.set.forbids.find((l) => matches(p, l.rule.to) && l.rule.read.some((t) => covers(t, c)));
    if (forbid) return { effect: 'deny', mask: null, rule: forbid.rule.id };
  }
  return undefined;
}

/**
 * What one grant through one persona gives for one field; undefined when it
 * does not cover the field. An interface field gets the most restrictive
 * decision among its implementations, an implementation the grant does not
 * cover counting as denied.
 */
export function wayDecision(ctx: WaysContext, grant: Located<Grant>, persona: Principal, f: FieldFacts): Decision | undefined {
  if (!isInterfaceField(ctx.facts, f)) return concreteWayDecision(ctx, grant, persona, f);
  const decided = concreteFields(ctx.facts, f).map((c) => concreteWayDecision(ctx, grant, persona, c));
  return decided.some((d) => d !== undefined) ? mostRestrictive(decided.map((d) => d ?? DEFAULT_DENY)) : undefined;
}

function concreteWayDecision(ctx: WaysContext, grant: Located<Grant>, persona: Principal, f: FieldFacts): Decision | undefined {
  if (!grant.rule.read.some((t) => covers(t, f))) return undefined;
  // The floor: what each of the field's tags demands from a persona it does not exempt.
  let floor: Strategy | null = null;
  let floorRule = '';
  for (const tag of f.tags) {
    const l = ctx.set.tagRules.get(tag);
    if (!l || l.rule.unmasked.some((m) => opensTo(persona, m))) continue;
    const effect = byCoordinate(l.rule.overrides ?? {}, f) ?? l.rule.otherwise;
    if (effect === 'deny') return { effect: 'deny', mask: null, rule: l.rule.id };
    if (strongest(floor, effect) !== floor) [floor, floorRule] = [effect, l.rule.id];
  }
  const masks = grant.rule.masks ?? {};
  const named = byCoordinate(masks, f);
  const own = named !== undefined ? named : f.tags.reduce<Strategy | null>((m, tag) => strongest(m, masks[tag] ?? null), null);
  const mask = strongest(own, floor);
  if (mask === null) return { effect: 'allow', mask: null, rule: grant.rule.id };
  return { effect: 'mask', mask, rule: mask === own ? grant.rule.id : floorRule };
}

/**
 * The best case for one coordinate over every way: the forbid, the most
 * generous way, or default-deny. A coordinate on an interface is decided on
 * each implementation, and gets the most restrictive of those (abstract.ts).
 */
export function bestDecision(ctx: WaysContext, p: Principal, coordinate: string): Decision {
  return decideOnAnyType(ctx.facts, coordinate, (c) => {
    const f = ctx.facts.field(c);
    return f ? bestConcreteDecision(ctx, p, f) : DEFAULT_DENY;
  });
}

function bestConcreteDecision(ctx: WaysContext, p: Principal, f: FieldFacts): Decision {
  const forbid = forbidding(ctx, p, f);
  if (forbid) return forbid;
  let best: Decision | undefined;
  for (const grant of ctx.set.grants) {
    for (const persona of personasOf(p)) {
      if (!opensTo(persona.principal, grant.rule.to)) continue;
      const d = concreteWayDecision(ctx, grant, persona.principal, f);
      if (d && (!best || moreRevealing(d, best))) best = d;
    }
  }
  return best ?? DEFAULT_DENY;
}

/**
 * Whether `p` may read `coordinate` in clear on every row of its type it can
 * see: allow, or the first way's denial or mask (an interface coordinate: on
 * every implementation). An argument, filter or ordering that reads the
 * field needs this.
 */
export function readDecision(ctx: WaysContext, p: Principal, coordinate: string, waysOf: (type: string, subgraph: string) => TypeWays): Decision {
  return decideOnAnyType(ctx.facts, coordinate, (c) => {
    const f = ctx.facts.field(c);
    if (!f) return DEFAULT_DENY;
    const forbid = forbidding(ctx, p, f);
    if (forbid) return forbid;
    let allowed: Decision | undefined;
    // Every subgraph that serves its values: those that resolve it, and those that provide it.
    for (const subgraph of new Set([...f.subgraphs, ...f.providedIn])) {
      for (const group of waysOf(f.type, subgraph).groups) {
        const d = group.fields.get(f.field) ?? DEFAULT_DENY;
        if (d.effect !== 'allow') return d;
        allowed ??= d;
      }
    }
    // No way shows a row of the type: the read filters nothing.
    return allowed ?? { effect: 'allow', mask: null, rule: 'no-rows' };
  });
}

/**
 * The rows of `type` a persona may see, as a relation to that type follows
 * them: the row conditions its grants state for the type (any of them); all
 * rows when it reads one of the type's own values (a field that is not a link
 * to another entity) and states none; no rows when it reads none. Every
 * mandatory filter on the type applies too.
 * The conditions are the policy's own words, so a subgraph that knows only
 * its own schema follows a relation into another domain under the same
 * conditions as the gateway.
 */
export function visibility(ctx: WaysContext, p: Principal, persona: Persona, type: string, seen: ReadonlySet<string> = new Set()): Resolved {
  // A cycle of relations is refused by validation; should one get here, it shows nothing.
  if (seen.has(type)) return FALSE;
  const next = new Set(seen).add(type);
  const grants = ctx.set.grants.filter((l) => opensTo(persona.principal, l.rule.to));
  const stated = grants.filter((l) => l.rule.rows?.[type]);
  const values = [...(ctx.facts.types.get(type)?.values() ?? [])].filter((f) => !ctx.facts.types.has(f.namedType));
  const own = stated.length
    ? any(stated.map((l) => resolveFor(ctx, p, persona, type, l.rule.rows![type], next)))
    : grants.some((l) => values.some((f) => l.rule.read.some((t) => covers(t, f))))
      ? TRUE
      : FALSE;
  return all([own, mandatoryFor(ctx, p, type, next).condition]);
}

/** A condition on rows of `type`, resolved for a persona; relations follow what that persona sees of the related type. */
export function resolveFor(ctx: WaysContext, p: Principal, persona: Persona, type: string, cond: Condition, seen: ReadonlySet<string> = new Set([type])): Resolved {
  return resolve(cond, persona.principal, (field) => {
    const target = relationTarget(ctx.facts, type, field);
    return target ? { type: target, condition: visibility(ctx, p, persona, target, seen) } : undefined;
  });
}

/** The object type `Type.field` points to, when it is a relation a condition can follow. */
export function relationTarget(facts: SchemaFacts, type: string, field: string): string | undefined {
  const f = facts.types.get(type)?.get(field);
  return f && facts.types.has(f.namedType) ? f.namedType : undefined;
}

/** The mandatory row filters on `type` for the whole principal; relations in them follow what any of its personas sees. */
export function mandatoryFor(ctx: WaysContext, p: Principal, type: string, seen: ReadonlySet<string> = new Set([type])): { condition: Resolved; rules: string[] } {
  const filters = ctx.set.filters.filter((l) => l.rule.type === type && matches(p, l.rule.to));
  const condition = all(
    filters.map((l) =>
      resolve(l.rule.where, p, (field) => {
        const target = relationTarget(ctx.facts, type, field);
        return target ? { type: target, condition: any(personasOf(p).map((q) => visibility(ctx, p, q, target, seen))) } : undefined;
      }),
    ),
  );
  return { condition, rules: filters.map((l) => l.rule.id) };
}

/**
 * Whether target `t` covers `f` as `subgraph` resolves it. A field several
 * subgraphs resolve (an entity key) is covered by `subgraph: X` only in X:
 * a grant on the sales domain opens no rows in customer success because both
 * serve `Account.id`. An interface field is covered where one of its
 * implementations is.
 */
const coversIn = (facts: SchemaFacts, t: Target, f: FieldFacts, subgraph: string) =>
  t.subgraph !== undefined
    ? (t.subgraph === subgraph || t.subgraph === ALL_SUBGRAPHS) && covers(t, f)
    : concreteFields(facts, f).some((c) => covers(t, c));

/** Fields of `type` that `subgraph` resolves or provides: an object type's, or an interface's it stores as an `@interfaceObject`. */
export const fieldsIn = (facts: SchemaFacts, type: string, subgraph: string): FieldFacts[] =>
  [...(facts.types.get(type) ?? facts.abstractTypes.get(type)?.fields ?? new Map<string, FieldFacts>()).values()].filter((f) => f.subgraphs.includes(subgraph) || f.providedIn.includes(subgraph));

/** The object types a row of `type` can be: itself, or every implementation of an interface. */
const rowTypesOf = (facts: SchemaFacts, type: string): string[] => (facts.abstractTypes.has(type) ? facts.possibleTypes(type) : [type]);

/** The grants whose row conditions shape the rows of `type` (on any object type a row of it can be). */
export const conditionalGrants = (ctx: WaysContext, type: string): Set<string> => {
  const types = rowTypesOf(ctx.facts, type);
  return new Set(ctx.set.grants.filter((l) => types.some((t) => l.rule.rows?.[t])).map((l) => l.rule.id));
};

/**
 * Every way into rows of `type` that `subgraph` stores. A grant is a way into
 * those rows when it covers one of the fields that subgraph resolves: reading
 * tickets of an account (another domain's field) says nothing about which
 * accounts the account's own domain returns.
 */
export function typeWays(ctx: WaysContext, p: Principal, type: string, subgraph: string, decide: (f: FieldFacts) => Decision): TypeWays {
  const fields = fieldsIn(ctx.facts, type, subgraph);
  const rowTypes = rowTypesOf(ctx.facts, type);
  const forbidden = new Map(fields.flatMap((f) => {
    const d = forbidding(ctx, p, f);
    return d ? [[f.field, d] as const] : [];
  }));
  const personas = personasOf(p);
  const ways: Way[] = [];
  for (const grant of ctx.set.grants) {
    for (const persona of personas) {
      if (!opensTo(persona.principal, grant.rule.to)) continue;
      const decided = fields.flatMap((f) => {
        const d = wayDecision(ctx, grant, persona.principal, f);
        return d ? [[f.field, forbidden.get(f.field) ?? d] as const] : [];
      });
      if (!fields.some((f) => grant.rule.read.some((t) => coversIn(ctx.facts, t, f, subgraph)))) continue;
      // A row of an interface may be any implementation: it is shown where the condition for each holds.
      const condition = all(rowTypes.map((t) => (grant.rule.rows?.[t] ? resolveFor(ctx, p, persona, t, grant.rule.rows[t]) : TRUE)));
      if (condition.kind !== 'false') ways.push({ grant: grant.rule.id, role: persona.role, condition, fields: new Map(decided) });
    }
  }

  const groups: WayGroup[] = [];
  const byCondition = new Map<string, WayGroup>();
  for (const way of ways) {
    const key = show(way.condition);
    let group = byCondition.get(key);
    if (!group) byCondition.set(key, (group = { condition: way.condition, ways: [], fields: new Map() }));
    if (!group.ways.length) groups.push(group);
    group.ways.push(way);
    const merged = group.fields as Map<string, Decision>;
    for (const [field, d] of way.fields) {
      const current = merged.get(field);
      if (!current || moreRevealing(d, current)) merged.set(field, d);
    }
  }

  const mandatories = rowTypes.map((t) => mandatoryFor(ctx, p, t));
  const mandatory = { condition: all(mandatories.map((m) => m.condition)), rules: mandatories.flatMap((m) => m.rules) };
  // Entity keys are join plumbing every subgraph serves (subgraphSchema.ts); they never vary per row.
  const uniform = fields.filter((f) => !ctx.facts.keys.has(f.coordinate)).every((f) => {
    const best = decide(f);
    return groups.every((g) => sameOutcome(g.fields.get(f.field) ?? DEFAULT_DENY, best)) && (groups.length > 0 || best.effect === 'deny');
  });
  return {
    type,
    subgraph,
    mandatory: mandatory.condition,
    mandatoryRules: mandatory.rules,
    ways,
    groups,
    condition: all([any(groups.map((g) => g.condition)), mandatory.condition]),
    uniform,
  };
}

/** The decision for `field` on a row shown by the groups whose bits are set in `shownBy` (bit i: groups[i]). */
export function rowDecision(w: TypeWays, shownBy: number, field: string): Decision {
  let best: Decision | undefined;
  w.groups.forEach((g, i) => {
    if (!(shownBy & (1 << i))) return;
    const d = g.fields.get(field) ?? DEFAULT_DENY;
    if (!best || moreRevealing(d, best)) best = d;
  });
  return best ?? DEFAULT_DENY;
}

/** The decision for `field` on a row whose ways are not known: the most restrictive of the groups that can show rows. */
export function unknownRowDecision(w: TypeWays, field: string): Decision {
  let worst: Decision | undefined;
  for (const g of w.groups) {
    const d = g.fields.get(field) ?? DEFAULT_DENY;
    if (!worst || moreRevealing(worst, d)) worst = d;
  }
  return worst ?? DEFAULT_DENY;
}

/** The rows an aggregate may count: those visible through the roles whose ways read the aggregate (`roles`). */
export function rowsReadBy(w: TypeWays, roles: ReadonlySet<string>): Resolved {
  return all([any(w.ways.filter((x) => roles.has(x.role)).map((x) => x.condition)), w.mandatory]);
}

/** The roles whose ways let them read `field` (in any form) on some row of `w`. */
export function rolesReading(w: TypeWays, field: string): Set<string> {
  return new Set(w.ways.filter((x) => (x.fields.get(field) ?? DEFAULT_DENY).effect !== 'deny').map((x) => x.role));
}
