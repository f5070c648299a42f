/**
 * How the gateway calls one subgraph. A failure (refused connection, timeout,
 * HTTP error) becomes one GraphQL error that names the subgraph, so the rest
 * of the response still arrives and the caller knows which domain failed —
 * without the subgraph's internal URL or response body leaking out.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { SubgraphAuditRecord } from '../audit/events.ts';
import type { SubgraphCall } from './call.ts';
import { callDeadline } from './deadline.ts';
import { dedupFetcher } from './dedup.ts';
import { retryDropped } from './reset.ts';
import { TRACE_HEADER, type FieldTimings } from './fieldTimings.ts';
import { forwardedHeaders, markShared, type FetchObserver } from '../observe/subgraphFetch.ts';

export interface SubgraphCallOptions {
  name: string;
  url: string;
  timeoutMs: number;
  /** The signed identity token for a call made on behalf of the request's principal. */
  identity?: (call: SubgraphCall, subgraph: string, deadline?: number) => Promise<string>;
  /** When set, every call asks for a federated trace and its field timings are recorded (SUBGRAPH_TRACES). */
  fieldTimings?: FieldTimings;
  /** Spans, durations and failures of calls made for a request (gateway/observe). */
  observe?: FetchObserver;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<SubgraphCall> {
  readonly name: string;
  private readonly identity?: SubgraphCallOptions['identity'];
  private readonly fieldTimings?: FieldTimings;
  private readonly observer?: FetchObserver;
  private readonly timeoutMs: number;

  constructor(options: SubgraphCallOptions) {
    super({ url: options.url });
    this.name = options.name;
    this.identity = options.identity;
    this.fieldTimings = options.fieldTimings;
    this.observer = options.observe;
    this.timeoutMs = options.timeoutMs;
    // Node's own fetch (undici) keeps connections alive and is faster than the
    // default make-fetch-happen stack; the timeout bounds a hung subgraph.
    // Identical requests in flight at once are sent once (dedup.ts); a read
    // whose kept-alive connection dropped is sent again (reset.ts).
    const send = retryDropped((url, init) => fetch(url, init));
    this.fetcher = dedupFetcher((url, init) => send(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }), markShared) as never;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<SubgraphCall>) {
    // Health checks and schema loading carry no request; the gateway acts for itself.
    const call: SubgraphCall = callOf(options) ?? { audit: [] };
    // The token tells the subgraph when the gateway stops waiting, so it stops too.
    if (this.identity) options.request.http!.headers.set('authorization', `Bearer ${await this.identity(call, this.name, callDeadline(Date.now(), this.timeoutMs))}`);
    if (this.fieldTimings) options.request.http!.headers.set(TRACE_HEADER, 'ftv1');
    forwardedHeaders(call, (name, value) => options.request.http!.headers.set(name, value));
  }

  override async process(options: GraphQLDataSourceProcessOptions<SubgraphCall>) {
    const call = callOf(options);
    const send = async () => {
      try {
        return await super.process(options);
      } catch (err) {
        throw subgraphFailure(this.name, err);
      }
    };
    const response = call && this.observer ? await this.observer.observe(this.name, call, send) : await send();
    // Subgraphs report what they enforced (denials, personal data read in
    // clear); the gateway keeps the audit trail. The gateway never forwards
    // subgraph extensions to callers, so these stay internal.
    this.fieldTimings?.record(this.name, response.extensions?.ftv1);
    const audit = response.extensions?.dpgAudit as Record<string, unknown>[] | undefined;
    if (Array.isArray(audit)) call?.audit.push(...audit.map((a) => ({ ...a, source: this.name }) as SubgraphAuditRecord));
    // When this subgraph's products last got new data, for the answer's freshness (gateway/freshness/).
    const refreshed = response.extensions?.dpgFreshness as Record<string, string | null> | undefined;
    if (call && refreshed && typeof refreshed === 'object') call.refreshedAt = { ...call.refreshedAt, ...refreshed };
    return response;
  }
}

/** The request a call serves; health checks and schema loads serve none. */
const callOf = (options: GraphQLDataSourceProcessOptions<SubgraphCall>): SubgraphCall | undefined =>
  'incomingRequestContext' in options ? options.context : undefined;

function subgraphFailure(subgraph: string, err: unknown): GraphQLError {
  const status = (err as GraphQLError).extensions?.response as { status?: number; body?: { errors?: { message: string; extensions?: { code?: string } }[] } } | undefined;
  // A subgraph that refused the request as GraphQL (e.g. a scalar value only it
  // can validate) said why; pass its reason on rather than a bare status.
  const refusal = status?.body?.errors?.[0];
  if (refusal?.message) {
    return new GraphQLError(refusal.message, { extensions: { code: refusal.extensions?.code ?? 'BAD_USER_INPUT', subgraph } });
  }
  const cause = err as Error & { cause?: { code?: string } };
  const reason = status?.status
    ? `answered HTTP ${status.status}`
    : cause.name === 'TimeoutError'
      ? 'timed out'
      : `is unreachable (${cause.cause?.code ?? cause.message})`;
  return new GraphQLError(`subgraph "${subgraph}" ${reason}`, {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph, ...(status?.status ? { status: status.status } : {}) },
  });
}
