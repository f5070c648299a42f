/**
 * The gateway's request pipeline is a small core plus plugins with narrow
 * hooks, in the order a request meets them (after envelop and Apollo Server's
 * plugin stages):
 *
 *   onRequest    the raw request, before any parsing: identity, persisted
 *                queries, response-cache hits. May answer on its own, and
 *                returns the hooks it wants for the rest of this request:
 *   onOperation  the parsed, validated operation: authorization rewrites the
 *                document here, before the query planner sees it.
 *   onResult     the execution result, before it is sent: shaping, audit.
 *   onResponse   the finished reply (or none, when the request failed),
 *                whether answered early or not: storing responses, usage,
 *                releasing requests that wait for this one.
 *
 * A plugin's per-request state lives in the closure of the hooks its
 * onRequest returns (as envelop's onExecute returns onExecuteDone), never in
 * a table keyed by request. What the pipeline itself carries between plugins
 * and into subgraph calls is a typed field of RequestState.
 *
 * Core work between the hooks: parse + validate, then plan + execute.
 */
import type { DocumentNode, ExecutionResult, GraphQLFormattedError, OperationDefinitionNode } from 'graphql';
import type { HttpReply, HttpRequest } from '../../platform/http.ts';
import type { CompiledPolicy } from '../../policies/engine/compile.ts';
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphAuditRecord } from '../audit/events.ts';
import type { SubgraphCall } from '../subgraphs/call.ts';
import type { SupergraphSnapshot } from '../supergraph/runtime.ts';

export interface GraphQLParams {
  query?: string;
  variables: Record<string, unknown>;
  operationName?: string;
  extensions: Record<string, unknown>;
}

export interface RequestState extends SubgraphCall {
  requestId: string;
  http: HttpRequest;
  params: GraphQLParams;
  supergraph: SupergraphSnapshot;
  /** Extra response headers. */
  headers: Record<string, string>;
  /** Errors plugins add to the response (e.g. one per denied field). */
  errors: GraphQLFormattedError[];
  /** The caller, set by the identity plugin (which runs first). */
  principal?: Principal;
  /** Id of the API key the caller authenticated with, if any: usage names the client by it. */
  apiKeyId?: string;
  /** The compiled policy this request is decided under, pinned with the principal (undefined before any valid policy). */
  policy?: CompiledPolicy;
  /**
   * Digest of everything about the principal that any policy decision can
   * depend on (set with the principal). Two principals with the same
   * fingerprint get identical answers, so caches key on it, never on tokens.
   */
  fingerprint?: string;
  /** What subgraphs reported they enforced for this request (denials, personal data read in clear). */
  audit: SubgraphAuditRecord[];
  /** Set by the core once the operation is parsed and validated. */
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  /** sha256 of the text the planner will see; plugins that rewrite the document reset it. */
  queryHash?: string;
  /** Demand-control cost of the operation, once measured (limits plugin); the access log shows it. */
  cost?: number;
  startedAt: number;
  /** How many operations the batch this one came in holds (gateway/http/batch.ts); undefined for a single operation. */
  batchSize?: number;
}

type Awaitable<T> = T | Promise<T>;

/** What a plugin's onRequest returns for one request: an early answer, and the later hooks it wants. */
export interface RequestHooks {
  /** Answer now: no later stage runs (every plugin's onResponse still does). */
  answer?: HttpReply;
  onOperation?(): Awaitable<void>;
  onResult?(result: ExecutionResult): Awaitable<void>;
  /** May adjust the reply (headers, or the body's serialised form); `reply` is undefined when the request threw, and `failure` is what it threw. */
  onResponse?(reply: HttpReply | undefined, failure?: unknown): Awaitable<void>;
}

export interface GatewayPlugin {
  name: string;
  onRequest(state: RequestState): Awaitable<void | RequestHooks>;
}
