import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { extractTrace, injectTrace, TRACE_HEADERS } from './propagation.ts';
import { requestIdOf } from './requestId.ts';
import { telemetrySettings, tracesUrl } from './settings.ts';
import { inSpan } from './spans.ts';
import { subjectHash } from './subject.ts';
import { openTracing } from './tracing.ts';

const settings = (env: Record<string, string>) => readConfig(telemetrySettings, env);

describe('tracing settings', () => {
  it('is off unless an operator names an endpoint or the otlp exporter', async () => {
    expect(tracesUrl(settings({}))).toBeUndefined();
    expect((await openTracing('gateway', settings({}))).enabled).toBe(false);
    expect(tracesUrl(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }))).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/traces' }))).toBe('http://b:9999/traces');
    expect(tracesUrl(settings({ OTEL_TRACES_EXPORTER: 'otlp' }))).toBe('http://localhost:4318/v1/traces');
    expect(tracesUrl(settings({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' }))).toBeUndefined();
    expect(() => settings({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('runs work without a span when no tracer is in the context', async () => {
    expect(await inSpan('x', {}, (span) => (span === undefined ? 'no span' : 'span'))).toBe('no span');
  });
});

describe('trace context headers', () => {
  it('reads a W3C traceparent and writes it back for the next hop', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const ctx = extractTrace({ traceparent, tracestate: 'vendor=1' });
    expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', isRemote: true });
    const out: Record<string, string> = {};
    injectTrace(ctx, (k, v) => (out[k] = v));
    expect(out).toEqual({ traceparent, tracestate: 'vendor=1' });
    expect(TRACE_HEADERS).toEqual(['traceparent', 'tracestate']);
    const none: Record<string, string> = {};
    injectTrace(context.active(), (k, v) => (none[k] = v));
    expect(none).toEqual({});
  });
});

describe('request ids and subjects', () => {
  it('keeps a sensible caller id and replaces anything else', () => {
    expect(requestIdOf({ 'x-request-id': 'abc-123:x.y_z' })).toBe('abc-123:x.y_z');
    for (const bad of ['', 'has space', 'a'.repeat(129), 'line\nbreak', '{"json":1}']) expect(requestIdOf({ 'x-request-id': bad })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf({ 'x-request-id': ['a', 'b'] })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf({})).not.toBe(requestIdOf({}));
  });

  it('names a subject by a stable digest that does not contain it', () => {
    expect(subjectHash('alice@example.com')).toBe(subjectHash('alice@example.com'));
    expect(subjectHash('alice@example.com')).not.toBe(subjectHash('bob@example.com'));
    expect(subjectHash('alice@example.com')).toMatch(/^[0-9a-f]{16}$/);
  });
});
