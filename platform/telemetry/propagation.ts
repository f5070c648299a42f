/** W3C trace context (`traceparent`, `tracestate`) in and out of HTTP headers. */
import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

const w3c = new W3CTraceContextPropagator();

/** Header names the trace context travels in: per request, so never part of a cache or dedup key. */
export const TRACE_HEADERS = w3c.fields();

type HeaderBag = Record<string, string | string[] | undefined>;

/** The caller's trace context, on top of `base` (ROOT_CONTEXT when none). */
export function extractTrace(headers: HeaderBag, base: Context = ROOT_CONTEXT): Context {
  return w3c.extract(base, headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

/** Writes the context's span (if any) as traceparent/tracestate. */
export function injectTrace(ctx: Context, set: (name: string, value: string) => void): void {
  w3c.inject(ctx, {}, { set: (_carrier, key, value) => set(key, value) });
}
