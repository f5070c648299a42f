/**
 * `/health` (the process answers), `/ready` (it can do its job now, with the
 * reasons when it cannot) and `/metrics`, the same on every service.
 */
import type { Handler } from './http.ts';
import type { Metrics } from './metrics.ts';

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

export function probeRoutes(service: string, readiness: () => Readiness | Promise<Readiness>, metrics: Metrics): Record<string, Handler> {
  return {
    'GET /health': () => ({ body: { status: 'ok', service } }),
    'GET /ready': async () => {
      const state = await readiness();
      return { status: state.ready ? 200 : 503, body: { service, ...state } };
    },
    'GET /metrics': async () => ({ headers: { 'content-type': metrics.contentType }, body: await metrics.metrics() }),
  };
}
