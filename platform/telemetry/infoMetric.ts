/**
 * Prometheus "info" metrics: a gauge that is 1 for the labels describing
 * what a service runs now (e.g. its supergraph and policy versions), read at
 * each scrape, so a dashboard can show when versions changed and whether
 * replicas agree.
 */
import client from 'prom-client';
import type { Metrics } from '../metrics.ts';

export function infoMetric(registry: Metrics, name: string, help: string, labelNames: string[], read: () => Record<string, string> | undefined): void {
  new client.Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      const labels = read();
      if (labels) this.set(labels, 1);
    },
  });
}
