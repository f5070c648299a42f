/**
 * The standard OpenTelemetry variables the services read, declared once.
 * Tracing is off unless an operator names an OTLP endpoint (or asks for the
 * otlp exporter, whose standard default is http://localhost:4318): the
 * product never sends anything anywhere by itself. The exporter reads the
 * rest of the OTEL_EXPORTER_OTLP_* family (headers, timeout) itself.
 */
import { oneOf, text, url } from '../config.ts';

export const telemetrySettings = {
  otlpEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', undefined, 'OpenTelemetry: OTLP/HTTP base URL; traces go to <url>/v1/traces. Unset (and no traces endpoint or exporter set): no traces are recorded or sent.'),
  otlpTracesEndpoint: url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', undefined, 'OpenTelemetry: full OTLP/HTTP URL for traces (wins over OTEL_EXPORTER_OTLP_ENDPOINT).'),
  tracesExporter: oneOf('OTEL_TRACES_EXPORTER', 'auto', ['auto', 'otlp', 'none'] as const, 'OpenTelemetry: otlp = send traces over OTLP/HTTP (to http://localhost:4318 unless an endpoint is set); none = never; auto = only when an endpoint is set.'),
  serviceName: text('OTEL_SERVICE_NAME', undefined, 'OpenTelemetry `service.name` of this process\'s spans. Unset: dpg-gateway, dpg-subgraph-<domain>.'),
};

export interface TelemetrySettings {
  otlpEndpoint?: string;
  otlpTracesEndpoint?: string;
  tracesExporter: 'auto' | 'otlp' | 'none';
  serviceName?: string;
}

/** Where spans go, or undefined when tracing is off. */
export function tracesUrl(s: TelemetrySettings): string | undefined {
  if (s.tracesExporter === 'none') return undefined;
  if (s.otlpTracesEndpoint) return s.otlpTracesEndpoint;
  if (s.otlpEndpoint) return `${s.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
  return s.tracesExporter === 'otlp' ? 'http://localhost:4318/v1/traces' : undefined;
}
