/**
 * A subgraph announces itself to the registry when it starts: SDL, URL and
 * data-product descriptor. The registry may start later (docker-compose gives
 * no order guarantee), so a failed attempt is retried with backoff; a
 * rejection (the schema does not compose) is final and reported.
 */
import type { Logger } from '../../platform/log.ts';
import type { DomainDescriptor } from '../../policies/dataProduct.ts';

export interface PublishRequest {
  registryUrl: string;
  name: string;
  url: string;
  sdl: string;
  dataProduct: DomainDescriptor;
  token?: string;
}

export type PublishState =
  | { state: 'pending'; attempts: number; lastError?: string }
  | { state: 'published'; version: number; supergraphId?: number }
  | { state: 'rejected'; status: number; errors: unknown };

export interface Publisher {
  readonly status: PublishState;
  /** Resolves when the publish succeeded or was rejected. */
  readonly settled: Promise<PublishState>;
  stop(): void;
}

export function publishInBackground(req: PublishRequest, logger: Logger, maxDelayMs = 5000): Publisher {
  let status: PublishState = { state: 'pending', attempts: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const settled = new Promise<PublishState>((resolve) => {
    const attempt = async (delay: number) => {
      if (stopped) return;
      try {
        const res = await fetch(`${req.registryUrl}/subgraphs/${encodeURIComponent(req.name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(req.token ? { authorization: `Bearer ${req.token}` } : {}) },
          body: JSON.stringify({ sdl: req.sdl, url: req.url, dataProduct: req.dataProduct }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await res.json().catch(() => ({}))) as Record<string, any>;
        if (res.ok) {
          status = { state: 'published', version: body.version, supergraphId: body.supergraph?.id };
          logger.info({ version: body.version, supergraph: body.supergraph?.id }, 'published schema to registry');
          return resolve(status);
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
          status = { state: 'rejected', status: res.status, errors: body };
          logger.error({ status: res.status, response: body }, 'registry rejected this subgraph\'s schema');
          return resolve(status);
        }
        throw new Error(`registry answered ${res.status}`);
      } catch (err) {
        const attempts = status.state === 'pending' ? status.attempts + 1 : 1;
        status = { state: 'pending', attempts, lastError: (err as Error).message };
        if (attempts === 1) logger.warn({ err: (err as Error).message }, 'registry not reachable yet; retrying publish');
        timer = setTimeout(() => attempt(Math.min(delay * 2, maxDelayMs)), delay);
        timer.unref();
      }
    };
    attempt(200);
  });

  return {
    get status() {
      return status;
    },
    settled,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
