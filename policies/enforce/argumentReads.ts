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
import { GraphQLError, getNamedType, isInputObjectType, isIntrospectionType, isObjectType, type GraphQLInputType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { SchemaFacts } from '../engine/schemaFacts.ts';
import type { Decision } from '../engine/types.ts';
import { argumentForbidden } from '../forbidden.ts';

export interface ArgumentReadsContext {
  /** Whether the caller may read `coordinate` in clear on every row it can see. */
  decideRead?(coordinate: string): Decision;
}

/** One place in a field's arguments that reads fields: the path to it (argument, then input fields) and what it reads. */
export interface ReadingInput {
  path: string[];
  reads: string[];
}

/** Every place in a field's arguments that reads a field, through nested input objects. */
export function readingInputs(facts: SchemaFacts, typeName: string, field: { name: string; args: readonly { name: string; type: GraphQLInputType }[] }): ReadingInput[] {
  const found: ReadingInput[] = [];
  const visit = (type: GraphQLInputType, path: string[], seen: ReadonlySet<string>) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name)) return;
    for (const f of Object.values(named.getFields())) {
      const reads = facts.reads.get(`${named.name}.${f.name}`);
      if (reads) found.push({ path: [...path, f.name], reads });
      visit(f.type, [...path, f.name], new Set(seen).add(named.name));
    }
  };
  for (const a of field.args) {
    const reads = facts.reads.get(`${typeName}.${field.name}(${a.name}:)`);
    if (reads) found.push({ path: [a.name], reads });
    visit(a.type, [a.name], new Set());
  }
  return found;
}

/** Whether a value is given at `path` under `value` (in any item of a list on the way). */
export function given(value: unknown, path: readonly string[]): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some((v) => given(v, path));
  if (path.length === 0) return true;
  return typeof value === 'object' && given((value as Record<string, unknown>)[path[0]], path.slice(1));
}

type Middleware = (resolve: (...a: unknown[]) => unknown, parent: unknown, args: Record<string, unknown>, ctx: ArgumentReadsContext, info: GraphQLResolveInfo) => unknown;

export function argumentReadsMiddleware(schema: GraphQLSchema, facts: SchemaFacts) {
  const map: Record<string, Record<string, Middleware>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const inputs = readingInputs(facts, type.name, field);
      if (!inputs.length) continue;
      const coordinate = `${type.name}.${field.name}`;
      (map[type.name] ??= {})[field.name] = (resolve, parent, args, ctx, info) => {
        for (const input of inputs) {
          if (!given(args, input.path)) continue;
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
