/**
 * The core of the gateway: read the request, run the plugins' hooks around
 * parse/validate and execution, and answer. Status codes follow GraphQL over
 * HTTP: a request that cannot run (bad JSON, syntax, validation, variables)
 * is 400; a request that ran is 200, with per-field errors beside the data;
 * one the planner or executor failed on (our fault) is 500 with a GraphQL error.
 */
import type { ExecutionResult, GraphQLFormattedError, ValidationRule } from 'graphql';
import { HttpError, type HttpReply, type HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import type { SupergraphRuntime } from '../supergraph/runtime.ts';
import { execute } from './execute.ts';
import type { GatewayPlugin, RequestHooks, RequestState } from './plugin.ts';
import { createPreparer, unsupportedOperation } from './prepare.ts';
import { readGraphQLParams } from './readRequest.ts';
import { requestIdOf } from '../../platform/telemetry/requestId.ts';
import { sharedExecution } from './sharedExecution.ts';

export interface HandlerOptions {
  /** Validation rules besides graphql-js's own. */
  validationRules?: readonly ValidationRule[];
  /** Told of every execution: whether it joined an identical one in flight (sharedExecution.ts). */
  onExecution?: (shared: boolean) => void;
}

export function graphqlHandler(runtime: SupergraphRuntime, plugins: readonly GatewayPlugin[], logger: Logger, options: HandlerOptions = {}) {
  const prepare = createPreparer(options.validationRules);
  const run = sharedExecution((state) => execute(state, logger), options.onExecution);

  return async function handle(http: HttpRequest, batchSize?: number): Promise<HttpReply> {
    const params = readGraphQLParams(http);
    const supergraph = runtime.current;
    if (!supergraph) throw new HttpError(503, 'no supergraph loaded yet: the gateway is waiting for the registry', {}, { 'retry-after': '1' });
    const state: RequestState = { http, params, supergraph, headers: {}, errors: [], audit: [], requestId: requestIdOf(http.headers), startedAt: performance.now(), ...(batchSize === undefined ? {} : { batchSize }) };

    const hooks: RequestHooks[] = [];
    let reply: HttpReply | undefined;
    let failure: unknown;
    try {
      for (const plugin of plugins) {
        const h = await plugin.onRequest(state);
        if (!h) continue;
        hooks.push(h);
        if (h.answer) return (reply = h.answer);
      }
      return (reply = await respond(state, hooks));
    } catch (err) {
      throw (failure = err);
    } finally {
      for (const h of hooks) await h.onResponse?.(reply, failure);
    }
  };

  async function respond(state: RequestState, hooks: readonly RequestHooks[]): Promise<HttpReply> {
    const { http, params, supergraph } = state;
    if (!params.query) return graphqlReply(state, 400, { errors: [{ message: 'request has no "query"', extensions: { code: 'BAD_REQUEST' } }] });

    const prepared = prepare(supergraph.apiSchema, params.query, params.operationName);
    if (!prepared.ok) return graphqlReply(state, 400, { errors: prepared.errors.map((e) => e.toJSON()) });
    // Decided on the parsed operation: comments or whitespace before `mutation` change nothing.
    if (http.method === 'GET' && prepared.operation.operation !== 'query') throw new HttpError(405, `only queries may be sent with GET; send this ${prepared.operation.operation} with POST`, {}, { allow: 'POST' });
    // Refused before any plugin (authorization included) meets an operation it cannot handle.
    const unsupported = unsupportedOperation(supergraph.apiSchema, prepared.operation);
    if (unsupported) return graphqlReply(state, 400, { errors: [unsupported.toJSON()] });
    Object.assign(state, { document: prepared.document, operation: prepared.operation, queryHash: prepared.queryHash });

    for (const h of hooks) await h.onOperation?.();

    const result = await run(state);
    for (const h of hooks) await h.onResult?.(result);

    // No `data` at all means the operation never ran: invalid variables (the
    // caller's fault) or a planner/executor failure (ours).
    const status = result.data !== undefined || !result.errors?.length ? 200 : result.errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR') ? 500 : 400;
    return graphqlReply(state, status, result);
  }
}

function graphqlReply(state: RequestState, status: number, result: ExecutionResult | { errors: GraphQLFormattedError[] }): HttpReply {
  let errors = [...(result.errors ?? []).map((e) => ('toJSON' in e ? e.toJSON() : e)), ...state.errors];
  // A refused request says why in a code, as every error reply does (variables that do not fit their types, …).
  if (status !== 200) errors = errors.map((e) => (e.extensions?.code ? e : { ...e, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } }));
  const body: Record<string, unknown> = {};
  if (errors.length) body.errors = errors;
  if ('data' in result) body.data = result.data;
  if ('extensions' in result && result.extensions) body.extensions = result.extensions;
  return { status, headers: state.headers, body };
}
