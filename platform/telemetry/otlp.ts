/**
 * The OpenTelemetry SDK's part of tracing: a provider per service exporting
 * over OTLP/HTTP, and the process's context manager. Its own module so that
 * tracing.ts loads it (and the SDK) only when an endpoint is configured.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

let contextManagerSet = false;

export function otlpProvider(url: string, attributes: Record<string, string>): BasicTracerProvider {
  if (!contextManagerSet) contextManagerSet = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return new BasicTracerProvider({ resource: new Resource(attributes), spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
}
