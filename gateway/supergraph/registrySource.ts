/**
 * Polls the registry's `GET /supergraph` with `If-None-Match`, so an unchanged
 * supergraph costs one 304. When the registry cannot be reached the gateway
 * keeps what it has — or, right after a restart, what it saved on disk.
 */
import type { Logger } from '../../platform/log.ts';
import type { DiskCache } from './diskCache.ts';
import type { SupergraphSource, SupergraphUpdate } from './source.ts';
import { sha256 } from '../../platform/hash.ts';

export function registrySource(registryUrl: string, intervalMs: number, cache: DiskCache, logger: Logger): SupergraphSource {
  let etag: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let reachable: boolean | undefined;
  let lastError: string | undefined;
  let lastSuccessAt: string | undefined;
  // The registry's current supergraph as of its last answer (null: it has none), for readiness.
  let currentHash: string | null | undefined;

  async function poll(): Promise<SupergraphUpdate | undefined> {
    const res = await fetch(`${registryUrl}/supergraph`, {
      headers: etag ? { 'if-none-match': etag } : {},
      signal: AbortSignal.timeout(Math.max(intervalMs, 5000)),
    });
    if (res.status === 304) return undefined;
    if (res.status === 404) {
      currentHash = null; // nothing published yet
      return undefined;
    }
    if (!res.ok) throw new Error(`registry answered ${res.status}`);
    const sdl = await res.text();
    etag = res.headers.get('etag') ?? undefined;
    const version = Number(res.headers.get('x-supergraph-id')) || undefined;
    currentHash = sha256(sdl);
    return { sdl, hash: sha256(sdl), version, origin: 'registry' };
  }

  return {
    start(onUpdate) {
      let first = true;
      const tick = async () => {
        try {
          const update = await poll();
          if (reachable === false) logger.info('registry reachable again');
          reachable = true;
          lastError = undefined;
          lastSuccessAt = new Date().toISOString();
          if (update && (await onUpdate(update))) cache.write(update.sdl);
        } catch (err) {
          lastError = (err as Error).message;
          if (reachable !== false) logger.warn({ err: lastError }, 'registry unreachable; serving the last supergraph');
          reachable = false;
          const saved = first ? cache.read() : undefined;
          if (saved) await onUpdate({ sdl: saved, hash: sha256(saved), origin: 'disk' });
        }
        first = false;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      };
      void tick();
    },
    upstream: () => ({ kind: 'registry', reachable, currentHash, lastError }),
    status: () => ({ kind: 'registry', url: registryUrl, reachable: reachable ?? null, lastSuccessAt: lastSuccessAt ?? null, lastError: lastError ?? null }),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
