/**
 * What the gateway records of each call to a subgraph: a client span (named
 * by the subgraph, with whether the fetch was sent or joined an identical one
 * in flight), its duration and its failures by `extensions.code`; and the
 * headers that carry the request to the subgraph: x-request-id and the W3C
 * trace context.
 *
 * A fetch that joins an identical one in flight (dedup.ts) has no request of
 * its own at the subgraph: the subgraph's spans and log line belong to the
 * first caller's trace and request id.
 */
import { context, SpanKind } from '@opentelemetry/api';
import type { GraphQLError } from 'graphql';
import { counter, histogram, type Metrics } from '../../platform/metrics.ts';
import { injectTrace } from '../../platform/telemetry/propagation.ts';
import { REQUEST_ID_HEADER } from '../../platform/telemetry/requestId.ts';
import { inSpan, noteOnActiveSpan } from '../../platform/telemetry/spans.ts';
import type { SubgraphCall } from '../subgraphs/call.ts';

export const CACHE_STATUS = 'dpg.cache.status';

export interface FetchObserver {
  observe<T extends { errors?: readonly unknown[] }>(subgraph: string, call: SubgraphCall, fetch: () => Promise<T>): Promise<T>;
}

export function fetchObserver(metrics: Metrics): FetchObserver {
  const seconds = histogram(metrics, 'dpg_subgraph_fetch_seconds', 'Duration of the gateway\'s calls to each subgraph', ['subgraph'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]);
  const errors = counter(metrics, 'dpg_subgraph_fetch_errors_total', 'Subgraph calls that failed (SUBGRAPH_UNAVAILABLE, a refusal) or answered with errors, by subgraph and extensions.code', ['subgraph', 'code']);
  const codeOf = (e: unknown) => String((e as GraphQLError).extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  return {
    observe(subgraph, call, fetch) {
      const stop = seconds.startTimer({ subgraph });
      // The parent is the active context: @apollo/gateway's gateway.fetch span under the request's execute span.
      return inSpan(`fetch ${subgraph}`, { kind: SpanKind.CLIENT, attributes: { 'dpg.subgraph': subgraph, [CACHE_STATUS]: 'miss', ...(call.requestId ? { 'dpg.request_id': call.requestId } : {}) } }, async (span) => {
        try {
          const response = await fetch();
          for (const e of response.errors ?? []) errors.inc({ subgraph, code: codeOf(e) });
          span?.setAttribute('dpg.errors', response.errors?.length ?? 0);
          return response;
        } catch (err) {
          errors.inc({ subgraph, code: codeOf(err) });
          throw err;
        } finally {
          stop();
        }
      });
    },
  };
}

/** Called by the dedup fetcher inside the call's span when it joined an identical fetch in flight. */
export const markShared = (): void => noteOnActiveSpan(CACHE_STATUS, 'shared');

/** The headers that carry this request to a subgraph besides its identity token. */
export function forwardedHeaders(call: SubgraphCall, set: (name: string, value: string) => void): void {
  if (call.requestId) set(REQUEST_ID_HEADER, call.requestId);
  injectTrace(context.active(), set);
}
