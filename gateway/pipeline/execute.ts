/**
 * Hands a prepared operation to `@apollo/gateway`'s executor, which plans it
 * (plans are cached by `queryHash`) and fans out to the subgraphs. We call the
 * executor directly rather than through Apollo Server so that our own pipeline
 * decides what reaches the planner.
 */
import type { ExecutionResult } from 'graphql';
import type { Logger } from '../../platform/log.ts';
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
  return (await supergraph.executor(requestContext as never)) as ExecutionResult;
}
