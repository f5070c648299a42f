/**
 * Parse and validate against the live API schema, remembering results per
 * supergraph: dashboards send the same few operations all day, and neither
 * step needs repeating for text already seen.
 */
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import { sha256 } from '../../platform/hash.ts';
import { Memo } from '../../platform/memo.ts';

export type Prepared =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; queryHash: string }
  | { ok: false; errors: readonly GraphQLError[] };

const MAX_ENTRIES = 1000;

/** `extraRules` run after graphql-js's own (e.g. NoSchemaIntrospectionCustomRule when introspection is off). */
export function createPreparer(extraRules: readonly ValidationRule[] = []) {
  const rules = [...specifiedRules, ...extraRules];
  let schemaSeen: GraphQLSchema | undefined;
  const cache = new Memo<Prepared>(MAX_ENTRIES);

  return function prepare(schema: GraphQLSchema, query: string, operationName: string | undefined): Prepared {
    if (schema !== schemaSeen) {
      cache.clear();
      schemaSeen = schema;
    }
    return cache.get(`${operationName ?? ''}\u0000${query}`, () => prepareUncached(schema, query, operationName, rules));
  };
}

function prepareUncached(schema: GraphQLSchema, query: string, operationName: string | undefined, rules: readonly ValidationRule[]): Prepared {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: 20_000 });
  } catch (err) {
    return { ok: false, errors: [err as GraphQLError] };
  }
  const errors = validate(schema, document, rules);
  if (errors.length) return { ok: false, errors };
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `unknown operation "${operationName}"` : 'the document holds several operations: send "operationName"';
    return { ok: false, errors: [new GraphQLError(message)] };
  }
  return { ok: true, document, operation, queryHash: sha256(query) };
}
