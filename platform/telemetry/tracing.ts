/**
 * One tracer per service, exporting over OTLP/HTTP (JSON) when the operator
 * configured an endpoint (settings.ts), a no-op tracer otherwise. Each
 * service gets its own provider, so spans carry the right `service.name`
 * even when `npm start` runs every service in one process; the context
 * manager (AsyncLocalStorage) is the process's and is set once.
 */
import { ProxyTracerProvider, trace, type Tracer } from '@opentelemetry/api';
import { tracesUrl, type TelemetrySettings } from './settings.ts';

export interface Tracing {
  tracer: Tracer;
  enabled: boolean;
  /** Sends what is buffered, then stops. */
  close(): Promise<void>;
}

const noop = new ProxyTracerProvider().getTracer('dpg');

export interface TracingOptions {
  /** Also the global provider, for libraries that trace through @opentelemetry/api (the gateway: @apollo/gateway's plan/execute/fetch spans). */
  global?: boolean;
}

export async function openTracing(service: string, settings: TelemetrySettings, options: TracingOptions = {}): Promise<Tracing> {
  const url = tracesUrl(settings);
  if (!url) return { tracer: noop, enabled: false, close: async () => {} };
  // The SDK and its exporter load only when an endpoint is configured: most starts never pay for them.
  const { otlpProvider } = await import('./otlp.ts');
  const provider = otlpProvider(url, { 'service.name': settings.serviceName ?? `dpg-${service.replace(':', '-')}`, 'dpg.service': service });
  const global = options.global === true && trace.setGlobalTracerProvider(provider);
  return {
    tracer: provider.getTracer('data-product-gateway'),
    enabled: true,
    async close() {
      await provider.shutdown();
      if (global) trace.disable();
    },
  };
}
