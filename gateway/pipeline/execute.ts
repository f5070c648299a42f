/**
 * Hands a prepared operation to `@apollo/gateway`'s executor, which plans it
 * (plans are cached by `queryHash`) and fans out to the subgraphs. We call the
 * executor directly rather than through Apollo Server so that our own pipeline
 * decides what reaches the planner.
 *
 * The planner or executor throwing is our fault, not the caller's: the caller
 * gets a GraphQL error (INTERNAL_SERVER_ERROR, no internals) and the log gets
 * everything.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from '../../platform/log.ts';
import { inSpan } from '../../platform/telemetry/spans.ts';
import type { RequestState } from './plugin.ts';

export async function execute(state: RequestState, logger: Logger): Promise<ExecutionResult> {
  const { params, document, operation, queryHash, supergraph } = state;
  if (!document || !operation || !queryHash) throw new Error('execute called before the operation was prepared');
  const request = { query: params.query, variables: params.variables, operationName: params.operationName, extensions: params.extensions };
  const requestContext = {
    request,
    document,
    source: params.query,
    queryHash,
    operationName: operation.name?.value ?? null,
    operation,
    schema: supergraph.apiSchema,
    // Data sources read what a subgraph call carries (principal, audit) from it.
    context: state,
    logger,
    metrics: {},
    cache: undefined,
    overallCachePolicy: undefined,
  };
  try {
    // Plan and fan-out run in the request's trace: @apollo/gateway's own spans (gateway.plan, gateway.fetch) and the subgraph calls nest here.
    return (await inSpan('execute', { parent: state.trace }, () => supergraph.executor(requestContext as never))) as ExecutionResult;
  } catch (err) {
    logger.error({ err, operationName: requestContext.operationName, queryHash, supergraph: supergraph.hash }, 'the query planner or executor failed');
    return { errors: [new GraphQLError(INTERNAL_FAILURE, { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
  }
}

export const INTERNAL_FAILURE = 'The gateway failed to plan or execute this operation. The failure was logged; if it persists, report it with the operation.';
