/**
 * Enforcement inside a subgraph: the compiled policy turned into a
 * graphql-shield rule tree (deny by default), then the argument-reads check
 * (argumentReads.ts) and the masking middleware (masking.ts), all applied to
 * the subgraph's executable schema. This file is the only one that knows
 * about graphql-shield, so shield can be replaced without touching the
 * engine or the kit.
 *
 * Decisions are per concrete type: shield wraps object types only, so a
 * field of an interface is decided where an implementation resolves it
 * (`Book.name`), and policies naming the interface reach it through the
 * facts. An `@interfaceObject` is an object type here, though it stands for
 * every implementation: decided on facts from the supergraph it gets the
 * most restrictive decision among them (engine/abstract.ts); on the
 * subgraph's own SDL, what policies say of the interface itself.
 *
 * Traps designed around (and covered by tests):
 * - one rule per field coordinate, each with its own name: shield's
 *   `contextual` cache keys on the rule name, and a decision depends only on
 *   the principal and the coordinate, so no decision can leak between parents;
 * - rules never throw and `not()` is never used: a throwing rule under `not()`
 *   would turn into an allow;
 * - the middleware is applied to every field, including default-resolved
 *   ones (`applyMiddlewareToDeclaredResolvers` would silently skip them);
 * - `allowExternalErrors` lets resolver errors (bad input, paging limits)
 *   through instead of shield swallowing them into "Not Authorised";
 * - `__resolveReference` is not wrapped by graphql-middleware at all, which is
 *   why row filters are enforced in the kit's entity loading, not here.
 */
import { applyMiddleware } from 'graphql-middleware';
import { allow, rule, shield } from 'graphql-shield';
import { GraphQLError, isIntrospectionType, isObjectType, type GraphQLSchema } from 'graphql';
import type { SchemaFacts } from '../engine/schemaFacts.ts';
import type { Decision, Strategy } from '../engine/types.ts';
import { argumentReadsMiddleware, type ArgumentReadsContext } from './argumentReads.ts';
import { forbidden } from '../forbidden.ts';
import { maskingMiddleware, type MaskingContext } from './masking.ts';

/** What enforcement asks of a request: its decisions (best case, per row, reads in clear) and where audit records go. */
export interface EnforcementContext extends MaskingContext, ArgumentReadsContext {
  /** The decision for one coordinate for this request's principal. */
  decide(coordinate: string): Decision;
}

/**
 * Federation plumbing the gateway needs; every request a subgraph answers was
 * already verified as coming from it. Entity key fields are plumbing too: the
 * gateway selects them to join domains even when the caller never asked for
 * them, and it has already authorized every field the caller did ask for.
 */
const PLUMBING = new Set(['Query._entities', 'Query._service', '_Service.sdl']);

/**
 * The subgraph's schema with enforcement. `perRow`: a schema that can decide
 * values row by row (every field wrapped), for requests whose ways into a
 * type differ; requests decided alike run on the schema without (cheaper).
 */
export function enforce(
  schema: GraphQLSchema,
  facts: SchemaFacts,
  mask: (strategy: Strategy, value: unknown) => unknown,
  options: { perRow?: boolean } = {},
): GraphQLSchema {
  const tree: Record<string, Record<string, unknown>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      const coordinate = `${type.name}.${field}`;
      (tree[type.name] ??= {})[field] = PLUMBING.has(coordinate) || facts.keys.has(coordinate)
        ? allow
        : rule(`policy:${coordinate}`, { cache: 'contextual' })((_parent, _args, ctx: EnforcementContext) => {
            try {
              const decision = ctx.decide(coordinate);
              return decision.effect === 'deny' ? forbidden(coordinate, decision) : true;
            } catch {
              return forbidden(coordinate, { effect: 'deny', mask: null, rule: 'policy-error' });
            }
          });
    }
  }
  const permissions = shield(tree as never, {
    fallbackRule: rule('policy:fallback')(() => new GraphQLError('Forbidden: no policy covers this field.', { extensions: { code: 'FORBIDDEN', rule: 'default-deny' } })),
    allowExternalErrors: true,
    debug: false,
  });
  const masking = maskingMiddleware(schema, facts, mask, (c) => PLUMBING.has(c) || facts.keys.has(c), options.perRow === true);
  // Outermost first: shield denies, then arguments that read are checked, then values are masked.
  return applyMiddleware(schema, permissions, argumentReadsMiddleware(schema, facts) as never, masking as never);
}
