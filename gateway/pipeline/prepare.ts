/**
 * Parse and validate against the live API schema, remembering results per
 * supergraph: dashboards send the same few operations all day, and neither
 * step needs repeating for text already seen.
 *
 * Besides graphql's own validation, an operation is refused here (400, before
 * any plugin sees it) when the gateway cannot run it: a document nested
 * beyond what the planner and the plugins that walk it can take; a string
 * literal that no data product can hold. `unsupportedOperation` says the
 * same of operation types (the handler asks it after the HTTP method check).
 */
import { getOperationAST, GraphQLError, Kind, parse, specifiedRules, validate, visit, type ASTNode, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import { sha256 } from '../../platform/hash.ts';
import { DOCUMENT_BYTES_PER_CHAR, Memo } from '../../platform/memo.ts';
import { operationDepth, writtenDepth } from './depth.ts';
import { invalidString } from './inputs.ts';

export type Prepared =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; queryHash: string }
  | { ok: false; errors: readonly GraphQLError[] };

const MAX_ENTRIES = 1000;
const MAX_BYTES = 32 * 1024 * 1024;
const MAX_TOKENS = 20_000;
/**
 * Operations nested deeper than this (fields, inline fragments and spreads
 * each counting a level) are refused whatever the demand-control limits say,
 * whose depth limit is far lower by default: the validators, the
 * authorization rewrite, demand control and the query planner all recurse.
 */
const MAX_DOCUMENT_DEPTH = 64;

/** `extraRules` run after graphql-js's own (e.g. NoSchemaIntrospectionCustomRule when introspection is off). */
export function createPreparer(extraRules: readonly ValidationRule[] = []) {
  const rules = [...specifiedRules, ...extraRules];
  let schemaSeen: GraphQLSchema | undefined;
  const cache = new Memo<Prepared>(MAX_ENTRIES, MAX_BYTES);

  return function prepare(schema: GraphQLSchema, query: string, operationName: string | undefined): Prepared {
    if (schema !== schemaSeen) {
      cache.clear();
      schemaSeen = schema;
    }
    return cache.get(`${operationName ?? ''}\u0000${query}`, () => prepareUncached(schema, query, operationName, rules), query.length * DOCUMENT_BYTES_PER_CHAR);
  };
}

const refused = (message: string, code: string, extensions: Record<string, unknown> = {}): Prepared => ({ ok: false, errors: [new GraphQLError(message, { extensions: { code, ...extensions } })] });

function prepareUncached(schema: GraphQLSchema, query: string, operationName: string | undefined, rules: readonly ValidationRule[]): Prepared {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch (err) {
    if (err instanceof GraphQLError) return { ok: false, errors: [withCode(err, 'GRAPHQL_PARSE_FAILED')] };
    // The parser recurses: a value or selection nested thousands of levels deep overflows its stack.
    if (err instanceof RangeError) return refused('the operation is nested too deeply to parse', 'GRAPHQL_PARSE_FAILED');
    throw err;
  }
  // Validation recurses into selections, so the written nesting is bounded
  // first; the nesting with fragments followed once validation has refused cycles.
  const written = writtenDepth(document).nesting;
  if (written > MAX_DOCUMENT_DEPTH) return tooDeep(written);
  const errors = validate(schema, document, rules);
  if (errors.length) return { ok: false, errors: errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) };
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `unknown operation "${operationName}"` : 'the document holds several operations: send "operationName"';
    return refused(message, 'OPERATION_RESOLUTION_FAILURE');
  }
  const nesting = operationDepth(document, operation).nesting;
  if (nesting > MAX_DOCUMENT_DEPTH) return tooDeep(nesting);
  const literal = invalidLiteral(document);
  if (literal) return refused(literal.message, 'BAD_USER_INPUT', { argument: literal.argument });
  return { ok: true, document, operation, queryHash: sha256(query) };
}

/**
 * Why the gateway cannot run this operation type, or undefined when it can.
 * graphql 16 validates a mutation against a schema without a Mutation type
 * without complaint, and execution would fail far later as an internal error.
 */
export function unsupportedOperation(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLError | undefined {
  const type = operation.operation;
  if (type === 'subscription') return new GraphQLError('subscriptions are not supported: send a query', { extensions: { code: 'OPERATION_NOT_SUPPORTED', operation: type } });
  if (!schema.getRootType(type)) return new GraphQLError(`this schema has no ${type} type: send a query`, { extensions: { code: 'OPERATION_NOT_SUPPORTED', operation: type } });
  return undefined;
}

const tooDeep = (nesting: number) =>
  refused(`the operation nests fields and fragments ${nesting} levels deep; at most ${MAX_DOCUMENT_DEPTH} are accepted`, 'GRAPHQL_VALIDATION_FAILED', { nesting, allowed: MAX_DOCUMENT_DEPTH });

function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions?.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: { ...error.extensions, code } });
}

/** The first string literal that holds what no data product can store, named by its argument. */
function invalidLiteral(document: DocumentNode): { message: string; argument: string } | undefined {
  let found: { message: string; argument: string } | undefined;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      const why = invalidString(node.value);
      if (!why || found) return;
      const argument = nameOf([...ancestors, ...(parent ? [parent] : [])]);
      found = { message: `${argument.label} ${why}`, argument: argument.name };
    },
  });
  return found;
}

/** `argument "filter" of field "accounts"` (or of a directive, or a variable's default), from the visitor's ancestors. */
function nameOf(ancestors: readonly (ASTNode | readonly ASTNode[])[]): { name: string; label: string } {
  const nodes = ancestors.filter((a): a is ASTNode => !Array.isArray(a));
  const path: string[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (n.kind === Kind.OBJECT_FIELD) path.unshift(n.name.value);
    if (n.kind === Kind.ARGUMENT) {
      const owner = nodes[i - 1];
      const where = owner?.kind === Kind.FIELD ? ` of field "${owner.name.value}"` : owner?.kind === Kind.DIRECTIVE ? ` of directive "@${owner.name.value}"` : '';
      const at = path.length ? ` at ${path.join('.')}` : '';
      return { name: n.name.value, label: `argument "${n.name.value}"${where}${at}` };
    }
    if (n.kind === Kind.VARIABLE_DEFINITION) return { name: n.variable.name.value, label: `the default value of variable "$${n.variable.name.value}"` };
  }
  return { name: '', label: 'a string in the operation' };
}
