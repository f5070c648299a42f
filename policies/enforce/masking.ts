/**
 * The masking middleware: the one place a subgraph masks values, so a value
 * is never masked twice (a hash of a hash is a different value). For most
 * requests every row of a type is decided alike and a field's decision is the
 * principal's (`decide`): classified fields are masked by it, and nothing
 * else is wrapped at all (`perRow: false`, the schema such requests run on).
 * For requests where the ways into a type decide its fields
 * differently (roles with different row conditions and masks), each value is
 * decided by the row it comes from — its parent, or the row a resolver says
 * it read (`Sourced`) — and denied for that row when no way that shows the
 * row covers the field. A value whose row is not known gets the most
 * restrictive decision of the ways into the type.
 */
import { isIntrospectionType, isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { SchemaFacts } from '../engine/schemaFacts.ts';
import type { Decision, Strategy } from '../engine/types.ts';
import { forbidden } from '../forbidden.ts';
import { Sourced } from './sourced.ts';

export interface MaskingContext {
  decide(coordinate: string): Decision;
  /** Whether values of `type` are decided row by row in this request. */
  perRow?(type: string): boolean;
  /** The decision for `type.field` on `row` (undefined: the value's row is not known). */
  decideRow?(type: string, field: string, row: object | undefined): Decision;
  /** Called once per value that a field resolution returned, with its decision (audit). */
  onRead?(coordinate: string, decision: Decision): void;
}

type Resolve = (parent: unknown, args: unknown, ctx: MaskingContext, info: GraphQLResolveInfo) => unknown;
type Middleware = (resolve: Resolve, parent: unknown, args: unknown, ctx: MaskingContext, info: GraphQLResolveInfo) => unknown;

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown> | null)?.then === 'function';

/**
 * `skip`: coordinates that are never masked nor decided per row (federation
 * plumbing, entity keys). `perRow`: whether to wrap every field so values can
 * be decided by their rows, or only classified fields.
 */
export function maskingMiddleware(schema: GraphQLSchema, facts: SchemaFacts, mask: (strategy: Strategy, value: unknown) => unknown, skip: (coordinate: string) => boolean, perRow: boolean) {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t!.name));
  const map: Record<string, Record<string, Middleware>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const typeName = type.name;
    const root = roots.has(typeName);
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${typeName}.${field}`;
      // Facts read from the supergraph see an @interfaceObject as the
      // interface it is there, with its implementations' tags.
      const tagged = ((facts.field(coordinate) ?? facts.interfaceField(coordinate))?.tags.length ?? 0) > 0;
      // Root fields hold no rows: only classified ones need a wrapper, as do all fields when nothing is decided per row.
      if (skip(coordinate) || ((root || !perRow) && !tagged)) continue;

      const settle = (parent: unknown, perRow: boolean, ctx: MaskingContext) => (raw: unknown) => {
        let value = raw;
        let row = parent as object | undefined;
        if (raw instanceof Sourced) [value, row] = [raw.value, raw.type === typeName ? raw.row : undefined];
        if (value === null || value === undefined) return value;
        const decision = perRow ? ctx.decideRow!(typeName, field, row) : ctx.decide(coordinate);
        ctx.onRead?.(coordinate, decision);
        if (decision.effect === 'deny') throw forbidden(coordinate, decision);
        return decision.effect === 'mask' ? mask(decision.mask, value) : value;
      };

      (map[typeName] ??= {})[field] = (resolve, parent, args, ctx, info) => {
        const byRow = perRow && !root && ctx.perRow?.(typeName) === true && ctx.decideRow !== undefined;
        // The common case costs one call: nothing to mask, nothing decided per row.
        if (!byRow && !tagged) return resolve(parent, args, ctx, info);
        const result = resolve(parent, args, ctx, info);
        const finish = settle(parent, byRow, ctx);
        return isPromise(result) ? result.then(finish) : finish(result);
      };
    }
  }
  return map;
}
