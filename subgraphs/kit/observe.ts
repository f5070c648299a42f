/**
 * A subgraph's view of each GraphQL request: its server span, continuing the
 * gateway's trace from the W3C headers (DataLoader batches and SQL statements
 * open children of it, see loaders.ts and context.ts), and one access-log
 * line under the gateway's request id. Callers are named by digests only.
 */
import { SpanKind } from '@opentelemetry/api';
import { HttpError, type HttpReply, type HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import { extractTrace } from '../../platform/telemetry/propagation.ts';
import { REQUEST_ID_HEADER, requestIdOf } from '../../platform/telemetry/requestId.ts';
import { inSpan, withTracer } from '../../platform/telemetry/spans.ts';
import { subjectHash } from '../../platform/telemetry/subject.ts';
import type { Tracing } from '../../platform/telemetry/tracing.ts';

/** What the handler learns about the request as it serves it. */
export interface Seen {
  subject?: string;
  fingerprint?: string;
  statements?: number;
  errors?: number;
}

export function requestObserver(subgraph: string, tracing: Tracing, logger: Logger) {
  return async function observe(req: HttpRequest, handle: (seen: Seen) => Promise<HttpReply>): Promise<HttpReply> {
    const requestId = requestIdOf(req.headers);
    const operationName = typeof (req.body as { operationName?: unknown } | undefined)?.operationName === 'string' ? (req.body as { operationName: string }).operationName : undefined;
    const started = performance.now();
    const seen: Seen = {};
    let status = 500;
    try {
      const reply = !tracing.enabled
        ? await handle(seen)
        : await inSpan(
            'POST /graphql',
            { parent: withTracer(extractTrace(req.headers), tracing.tracer), kind: SpanKind.SERVER, attributes: { 'dpg.subgraph': subgraph, 'dpg.request_id': requestId, ...(operationName ? { 'graphql.operation.name': operationName } : {}) } },
            async (span) => {
              const r = await handle(seen);
              span?.setAttributes({
                'http.response.status_code': r.status ?? 200,
                ...(seen.fingerprint ? { 'dpg.principal.fingerprint': seen.fingerprint } : {}),
                ...(seen.subject !== undefined ? { 'dpg.subject.hash': subjectHash(seen.subject) } : {}),
                'dpg.sql.statements': seen.statements ?? 0,
              });
              return r;
            },
          );
      status = reply.status ?? 200;
      return { ...reply, headers: { ...reply.headers, [REQUEST_ID_HEADER]: requestId } };
    } catch (err) {
      if (err instanceof HttpError) {
        status = err.status;
        err.headers[REQUEST_ID_HEADER] = requestId;
      }
      throw err;
    } finally {
      logger.info(
        {
          requestId,
          subgraph,
          operationName,
          status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          statements: seen.statements,
          errors: seen.errors,
          subject: seen.subject !== undefined ? subjectHash(seen.subject) : undefined,
        },
        'graphql request',
      );
    }
  };
}
