/**
 * The gateway's request pipeline is a small core plus plugins with narrow
 * hooks, in the order a request meets them (after envelop and Apollo Server's
 * plugin stages):
 *
 *   onRequest    the raw request, before any parsing: identity, persisted
 *                queries, response-cache hits. May answer on its own.
 *   onOperation  the parsed, validated operation: authorization rewrites the
 *                document here, before the query planner sees it.
 *   onResult     the execution result, before it is sent: shaping, audit,
 *                usage reporting.
 *   onResponse   the finished reply (or none, when the request failed),
 *                for every request, answered early or not: storing
 *                responses, releasing requests that wait for this one.
 *
 * Core work between the hooks: parse + validate, then plan + execute.
 */
import type { DocumentNode, ExecutionResult, GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import type { HttpReply, HttpRequest } from '../../platform/http.ts';
import type { Principal } from '../../policies/principal.ts';
import type { SupergraphSnapshot } from '../supergraph/runtime.ts';

export interface GraphQLParams {
  query?: string;
  variables: Record<string, unknown>;
  operationName?: string;
  extensions: Record<string, unknown>;
}

export interface RequestState {
  http: HttpRequest;
  params: GraphQLParams;
  supergraph: SupergraphSnapshot;
  /** Shared with subgraph data sources (the executor passes it through). */
  context: Record<string, unknown>;
  /** Extra response headers. */
  headers: Record<string, string>;
  /** Errors plugins add to the response (e.g. one per denied field). */
  errors: GraphQLFormattedError[];
  /** The caller, set by the identity plugin. */
  principal?: Principal;
  /**
   * Digest of everything about the principal that any policy decision can
   * depend on (set with the principal). Two principals with the same
   * fingerprint get identical answers, so caches key on it, never on tokens.
   */
  fingerprint?: string;
  /** Version of the policy the decisions were made with (set by governance); part of every response cache key. */
  policyVersion?: string;
  /** Set by the core once the operation is parsed and validated. */
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  /** sha256 of the text the planner will see; plugins that rewrite the document reset it. */
  queryHash?: string;
  startedAt: number;
}

export interface GatewayPlugin {
  name: string;
  onRequest?(state: RequestState): void | HttpReply | Promise<void | HttpReply>;
  onOperation?(state: RequestState): void | Promise<void>;
  onResult?(state: RequestState, result: ExecutionResult): void | Promise<void>;
  /** May adjust the reply (headers, or the body's serialised form); `reply` is undefined when the request threw. */
  onResponse?(state: RequestState, reply: HttpReply | undefined): void | Promise<void>;
}
