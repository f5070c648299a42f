/**
 * Abstract types in policies. A value always has one concrete (object) type,
 * so every decision is made on an object type's field; this file maps what
 * is written in terms of interfaces and unions onto those fields:
 *
 * - targets: `type: <interface>` covers the interface's fields on every
 *   implementation, `field: <Interface.field>` that field on every
 *   implementation, `type: <union>` every field of every member type;
 * - masks and tag overrides keyed by an interface field apply to each
 *   implementation's field, unless the implementation's own coordinate has
 *   an entry;
 * - a coordinate on an interface (`Product.name`) is decided on each possible
 *   type; where one decision is needed for all of them — a subgraph that
 *   serves the interface as an `@interfaceObject` and cannot tell a Book from
 *   a Furniture — the most restrictive one applies.
 */
import { strongest } from './masks.ts';
import type { FieldFacts, SchemaFacts } from './schemaFacts.ts';
import type { Decision } from './types.ts';

/** The `subgraph` target that covers every subgraph (a grant for operators serving arbitrary supergraphs). */
export const ALL_SUBGRAPHS = '*';

/** Does `type` — the field's own type, an interface declaring it, or a union of its type — name this field's type? */
export const namesType = (f: FieldFacts, type: string): boolean => f.type === type || f.interfaces.includes(type) || f.unions.includes(type);

/** Does `coordinate` — the field's own, or the same field on an interface it implements — name this field? */
export const namesField = (f: FieldFacts, coordinate: string): boolean => f.coordinate === coordinate || f.interfaces.some((i) => `${i}.${f.field}` === coordinate);

/** The entry of a record keyed by coordinates (masks, tag overrides) for a field: its own, else one for an interface field it implements. */
export function byCoordinate<T>(record: Readonly<Record<string, T>>, f: FieldFacts): T | undefined {
  if (Object.hasOwn(record, f.coordinate)) return record[f.coordinate];
  const inherited = f.interfaces.map((i) => `${i}.${f.field}`).find((c) => Object.hasOwn(record, c));
  return inherited === undefined ? undefined : record[inherited];
}

const NO_VALUES: Decision = { effect: 'deny', mask: null, rule: 'default-deny' };

/**
 * The most restrictive of several decisions: any denial (the first by rule
 * id, so the result does not depend on order), else the strongest mask, else
 * an allow. No decisions at all (an interface nothing implements) is a denial.
 */
export function mostRestrictive(decisions: readonly Decision[]): Decision {
  const byRule = [...decisions].sort((a, b) => a.rule.localeCompare(b.rule));
  const deny = byRule.find((d) => d.effect === 'deny');
  if (deny) return deny;
  let out: Decision | undefined;
  for (const d of byRule) if (!out || strongest(out.mask, d.mask) !== out.mask) out = d;
  return out ?? NO_VALUES;
}

/** The field as each possible concrete type of `type` has it: `Product.name` → `Book.name`, `Furniture.name`. */
export function concreteCoordinates(facts: SchemaFacts, coordinate: string): string[] {
  const [type, field] = coordinate.split('.');
  return facts.possibleTypes(type).filter((t) => facts.types.get(t)?.has(field)).map((t) => `${t}.${field}`);
}

/**
 * The one decision for a coordinate on any type: an object type's field as
 * `decideConcrete` decides it, an interface field as the most restrictive
 * decision among its implementations (what a subgraph enforces when it
 * cannot know the concrete type). The gateway never needs this for
 * interfaces: it decides each concrete type on its own.
 */
export function decideOnAnyType(facts: SchemaFacts, coordinate: string, decideConcrete: (coordinate: string) => Decision): Decision {
  if (facts.field(coordinate) || !facts.interfaceField(coordinate)) return decideConcrete(coordinate);
  return mostRestrictive(concreteCoordinates(facts, coordinate).map(decideConcrete));
}
