/**
 * Arguments, filters and thresholds are reads: `atRiskAccounts(minChurnRisk:
 * 0.62)` tells which accounts have a churn risk above 0.62 as surely as
 * selecting `churnRisk` would. Every argument and filter input field that
 * reads a field says so in the schema (`@reads(field: "Account.churnRisk")`);
 * a field whose arguments read something the caller may not read in clear on
 * every row it can see (`decideRead`) is refused before its resolver runs:
 * null and a FORBIDDEN error naming the argument and the rule. The gateway
 * refuses the same before planning (gateway/authorize/arguments.ts); this is
 * the subgraph's own check, for direct calls.
 */
import { GraphQLError, isIntrospectionType, isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { readingInputs, readsGiven } from '../engine/reads.ts';
import type { SchemaFacts } from '../engine/schemaFacts.ts';
import type { Decision } from '../engine/types.ts';
import { argumentForbidden } from '../forbidden.ts';

export interface ArgumentReadsContext {
  /** Whether the caller may read `coordinate` in clear on every row it can see. */
  decideRead?(coordinate: string): Decision;
}

type Middleware = (resolve: (...a: unknown[]) => unknown, parent: unknown, args: Record<string, unknown>, ctx: ArgumentReadsContext, info: GraphQLResolveInfo) => unknown;

export function argumentReadsMiddleware(schema: GraphQLSchema, facts: SchemaFacts) {
  const map: Record<string, Record<string, Middleware>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!readingInputs(facts.reads, type.name, field).length) continue;
      const coordinate = `${type.name}.${field.name}`;
      (map[type.name] ??= {})[field.name] = (resolve, parent, args, ctx, info) => {
        for (const input of readsGiven(facts.reads, type.name, field, args)) {
          for (const reads of input.reads) {
            // Without a way to decide, nothing is read: deny.
            const decision = ctx.decideRead?.(reads) ?? { effect: 'deny', mask: null, rule: 'no-valid-policy' };
            if (decision.effect !== 'allow') {
              const { message, extensions } = argumentForbidden({ coordinate, argument: input.path.join('.'), reads }, decision);
              throw new GraphQLError(message, { extensions });
            }
          }
        }
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return map;
}
