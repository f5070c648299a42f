/**
 * Spans without threading a tracer through every layer: the service puts its
 * tracer into the request's context (withTracer), and code below — stages,
 * subgraph calls, DataLoader batches, SQL statements — opens child spans of
 * whatever span is active. With tracing off no tracer is in the context and
 * inSpan only runs the work.
 */
import { context, createContextKey, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';

const TRACER = createContextKey('dpg tracer');

export const withTracer = (ctx: Context, tracer: Tracer): Context => ctx.setValue(TRACER, tracer);

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  /** Default: the active context. */
  parent?: Context;
}

/** Runs `work` in a child span, which ends (marked failed if `work` throws) when the work does. */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span | undefined) => T | Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  const tracer = parent.getValue(TRACER) as Tracer | undefined;
  if (!tracer) return work(undefined);
  const span = tracer.startSpan(name, { attributes: options.attributes, kind: options.kind ?? SpanKind.INTERNAL }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Marks a span failed; the message is ours (error texts never carry tokens or data). */
export function failed(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/** Sets an attribute on the active span, if any (e.g. from a callback deep inside a call). */
export const noteOnActiveSpan = (key: string, value: string | number | boolean): void => void trace.getActiveSpan()?.setAttribute(key, value);
