/**
 * Prometheus metrics. Each service instance gets its own registry rather than
 * prom-client's global one, because tests and `npm start` run several
 * services in one process and their counters must not mix.
 */
import client from 'prom-client';

export type Metrics = client.Registry;

export function createMetrics(service: string): Metrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  // process_* and nodejs_* (CPU, heap, RSS, event-loop lag, GC): what an SRE alerts on first, and what a soak watches for growth.
  client.collectDefaultMetrics({ register: registry });
  return registry;
}

export function counter(registry: Metrics, name: string, help: string, labelNames: string[] = []) {
  return new client.Counter({ name, help, labelNames, registers: [registry] });
}

export function histogram(registry: Metrics, name: string, help: string, labelNames: string[] = [], buckets?: number[]) {
  return new client.Histogram({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) });
}

export function gauge(registry: Metrics, name: string, help: string, labelNames: string[] = []) {
  return new client.Gauge({ name, help, labelNames, registers: [registry] });
}
