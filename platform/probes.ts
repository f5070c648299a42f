/**
 * `/health` (the process answers), `/ready` (it can do its job now, with the
 * reasons when it cannot) and `/metrics`, the same on every service. With a
 * metrics token configured, `/metrics` answers only `Authorization: Bearer
 * <token>` (401 without a credential, 403 with another one).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { errorBody, HttpError, type Handler } from './http.ts';
import type { Metrics } from './metrics.ts';

/**
 * starting: cannot do its job yet (503); ready: does it (200); degraded: serves
 * traffic but not all it should, with a reason (200, `ready: false`).
 */
export type ReadinessState = 'starting' | 'ready' | 'degraded';

export interface Readiness {
  ready: boolean;
  state?: ReadinessState;
  /** Why it is not ready, shown first. */
  reason?: string;
  [detail: string]: unknown;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function probeRoutes(service: string, readiness: () => Readiness | Promise<Readiness>, metrics: Metrics, options: { metricsToken?: string } = {}): Record<string, Handler> {
  const expected = options.metricsToken ? digest(options.metricsToken) : undefined;
  return {
    'GET /health': () => ({ body: { status: 'ok', service } }),
    'GET /ready': async () => {
      const state = await readiness();
      if (state.ready || state.state === 'degraded') return { body: { service, ...state } };
      return { status: 503, body: { ...errorBody(503, `${service} is not ready: ${state.reason ?? 'see the details'}`), service, ...state } };
    },
    'GET /metrics': async (req) => {
      if (expected) {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''))?.[1];
        if (!token) throw new HttpError(401, 'metrics need "Authorization: Bearer <METRICS_TOKEN>"', {}, { 'www-authenticate': 'Bearer realm="metrics"' });
        if (!timingSafeEqual(digest(token), expected)) throw new HttpError(403, 'this token may not read metrics');
      }
      return { headers: { 'content-type': metrics.contentType }, body: await metrics.metrics() };
    },
  };
}
