/**
 * GraphQL over HTTP for a subgraph. The gateway sends the same few subgraph
 * operations over and over, so parsed and validated documents are kept by
 * query text. Errors that are not GraphQL errors (a failed SQL statement, a
 * bug) are logged in full and reach the caller only as a generic message, so
 * table names and data never leak through error text.
 */
import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { HttpError, type HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import { DOCUMENT_BYTES_PER_CHAR, Memo } from '../../platform/memo.ts';

const MAX_DOCUMENTS = 500;
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

interface GraphQLBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export function graphqlExecutor(schema: GraphQLSchema, subgraph: string, logger: Logger) {
  const documents = new Memo<DocumentNode | readonly GraphQLError[]>(MAX_DOCUMENTS, MAX_DOCUMENT_BYTES);

  function prepare(query: string): DocumentNode | readonly GraphQLError[] {
    return documents.get(query, () => {
      try {
        const document = parse(query);
        const errors = validate(schema, document);
        return errors.length ? errors : document;
      } catch (err) {
        return [err as GraphQLError];
      }
    }, query.length * DOCUMENT_BYTES_PER_CHAR);
  }

  return async function run(req: HttpRequest, contextValue: unknown): Promise<{ status: number; body: ExecutionResult }> {
    const body = (req.body ?? {}) as GraphQLBody;
    if (typeof body !== 'object' || typeof body.query !== 'string') throw new HttpError(400, 'request body must be JSON with a "query" string');
    if (body.variables != null && typeof body.variables !== 'object') throw new HttpError(400, '"variables" must be an object');
    const prepared = prepare(body.query);
    if (Array.isArray(prepared)) return { status: 400, body: { errors: prepared as GraphQLError[] } };
    const result = await execute({
      schema,
      document: prepared as DocumentNode,
      variableValues: body.variables as Record<string, unknown> | undefined,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
      contextValue,
    });
    if (result.errors) result.errors = result.errors.map((e) => mask(e, subgraph, logger));
    return { status: 200, body: result };
  };
}

function mask(error: GraphQLError, subgraph: string, logger: Logger): GraphQLError {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError) return error;
  logger.error({ err: original, path: error.path }, 'resolver failed');
  return new GraphQLError(`internal error in subgraph "${subgraph}"`, {
    path: error.path,
    nodes: error.nodes,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
