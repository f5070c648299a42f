/**
 * The gateway's view of each request, as operators read it (first in the
 * pipeline, so it sees every request that reaches the pipeline, answered
 * early or not, failed or not):
 *
 * - the request span (the caller's W3C trace context continued when sent),
 *   whose context the stages and subgraph calls nest under;
 * - the request id, returned to the caller in x-request-id;
 * - one access-log line at info (accessLog.ts);
 * - GraphQL errors by extensions.code and policy denials by rule.
 *
 * Spans and logs name the caller by digests only (policy fingerprint, hashed
 * subject), never by token, key or subject.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';
import { errorBody, HttpError, type HttpReply, type HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import { counter, type Metrics } from '../../platform/metrics.ts';
import { extractTrace } from '../../platform/telemetry/propagation.ts';
import { REQUEST_ID_HEADER, requestIdOf } from '../../platform/telemetry/requestId.ts';
import { withTracer } from '../../platform/telemetry/spans.ts';
import { sha256 } from '../../platform/hash.ts';
import { subjectHash } from '../../platform/telemetry/subject.ts';
import type { Tracing } from '../../platform/telemetry/tracing.ts';
import type { GatewayPlugin } from '../pipeline/plugin.ts';
import { accessLine } from './accessLog.ts';

export interface ObserveOptions {
  tracing: Tracing;
  logger: Logger;
  metrics: Metrics;
}

export interface ObservePlugin extends GatewayPlugin {
  /**
   * A request refused before the pipeline began (a malformed body or query
   * string, no supergraph yet): it gets a request id, a log line and its
   * error counted all the same.
   */
  refused(http: HttpRequest, err: unknown, startedAt: number): void;
}

export function observePlugin({ tracing, logger, metrics }: ObserveOptions): ObservePlugin {
  const errorCodes = counter(metrics, 'dpg_graphql_errors_total', 'GraphQL errors in the gateway\'s replies, by extensions.code', ['code']);
  const denials = counter(metrics, 'dpg_policy_denials_total', 'Fields and arguments denied by policy (FORBIDDEN errors), by the rule that decided', ['rule']);

  const countErrors = (errors: readonly GraphQLFormattedError[]) => {
    for (const e of errors) {
      const code = String(e.extensions?.code ?? 'UNKNOWN');
      errorCodes.inc({ code });
      if (code === 'FORBIDDEN') denials.inc({ rule: String(e.extensions?.rule ?? 'unknown') });
    }
  };

  return {
    name: 'observe',
    refused(http, err, startedAt) {
      if (!(err instanceof HttpError) || err.headers[REQUEST_ID_HEADER]) return;
      const requestId = requestIdOf(http.headers);
      err.headers[REQUEST_ID_HEADER] = requestId;
      countErrors(errorsOf(undefined, err));
      logger.info({ requestId, status: err.status, durationMs: Math.round((performance.now() - startedAt) * 10) / 10, cache: 'NONE', errors: 1 }, 'graphql request');
    },
    onRequest(state) {
      state.headers[REQUEST_ID_HEADER] = state.requestId;
      // A caller's trace context (traceparent) is continued; otherwise the request starts a trace.
      const parent = tracing.enabled ? extractTrace(state.http.headers) : undefined;
      const span = parent && tracing.tracer.startSpan('POST /graphql', { kind: SpanKind.SERVER, attributes: { 'http.request.method': state.http.method, 'url.path': state.http.path, 'dpg.request_id': state.requestId } }, parent);
      if (parent && span) state.trace = withTracer(trace.setSpan(parent, span), tracing.tracer);
      // The caller's operation, before authorization may rewrite it (and its hash).
      let operationHash: string | undefined;

      return {
        onOperation() {
          operationHash = state.queryHash;
        },
        onResponse(reply, failure) {
          const status = reply?.status ?? (failure instanceof HttpError ? failure.status : 500);
          const errors = errorsOf(reply, failure);
          countErrors(errors);
          // A refusal thrown by a plugin is answered from its own headers: the request id goes there too.
          if (failure instanceof HttpError) failure.headers[REQUEST_ID_HEADER] = state.requestId;
          // Answered before parsing (a response-cache hit): the hash of the text sent is the same as a parsed one's.
          operationHash ??= state.queryHash ?? (state.params.query ? sha256(state.params.query) : undefined);
          const line = accessLine(state, { status, operationHash, cache: String(reply?.headers?.['x-cache'] ?? state.headers['x-cache'] ?? 'NONE'), errors: errors.length });
          logger.info(line, 'graphql request');
          if (!span) return;
          span.setAttributes({
            'http.response.status_code': status,
            ...(state.operation ? { 'graphql.operation.type': state.operation.operation } : {}),
            ...(line.operationName ? { 'graphql.operation.name': line.operationName } : {}),
            ...(operationHash ? { 'dpg.operation.hash': operationHash } : {}),
            ...(state.fingerprint ? { 'dpg.principal.fingerprint': state.fingerprint } : {}),
            ...(state.principal ? { 'dpg.subject.hash': subjectHash(state.principal.subject) } : {}),
            'dpg.cache.status': line.cache,
            ...(state.cost !== undefined ? { 'dpg.cost': state.cost } : {}),
            'dpg.errors': errors.length,
          });
          // As OpenTelemetry's HTTP conventions say for servers: a refusal (4xx) is the caller's, not a failed span.
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: errors[0]?.message });
          span.end();
        },
      };
    },
  };
}

/** The errors the caller receives, whether the reply was made or a plugin threw. */
function errorsOf(reply: HttpReply | undefined, failure: unknown): readonly GraphQLFormattedError[] {
  if (failure instanceof HttpError) return errorBody(failure.status, failure.message, failure.details).errors;
  if (failure !== undefined) return [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
  const body = reply?.body as { errors?: unknown } | undefined;
  return typeof body === 'object' && body !== null && !Buffer.isBuffer(body) && Array.isArray(body.errors) ? (body.errors as GraphQLFormattedError[]) : [];
}
