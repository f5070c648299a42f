/**
 * How a domain says "my data changed": `invalidate(types, keys?)` (for load
 * jobs, refreshes and mutations in the domain's own code) and the same as
 * `POST /invalidate {types, keys?}` for jobs outside it. This replica drops
 * its entity entries at once; the message then travels over the bus to every
 * other replica of this subgraph (which drop theirs) and to every gateway
 * (which drops responses built from those types).
 */
import { randomUUID } from 'node:crypto';
import { decodeInvalidation, invalidationChannel, invalidationProblems, invalidationPublisher, type Invalidation } from '../../platform/cache/invalidation.ts';
import type { Caches } from '../../platform/cache/open.ts';
import { redoUntilDone } from '../../platform/cache/redo.ts';
import { HttpError, type Handler, type HttpRequest } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import type { EntityCache } from './entityCache.ts';

export type Invalidate = (types: string[], keys?: string[]) => Promise<{ published: boolean }>;

export interface EntityInvalidationOptions {
  subgraph: string;
  caches: Caches;
  /** Absent when the entity cache is off: invalidations are still published for the gateways. */
  cache?: EntityCache;
  logger: Logger;
}

export function entityInvalidation({ subgraph, caches, cache, logger }: EntityInvalidationOptions) {
  const origin = randomUUID();
  const publisher = invalidationPublisher(caches.bus, caches.namespace);
  // Drops the store could not do (Redis away or slow) are redone until it takes them.
  const redo = redoUntilDone();
  const drop = async (inv: Pick<Invalidation, 'types' | 'keys'>) => {
    if (cache) await redo.run(() => cache.drop(inv.types, inv.keys));
  };

  const unsubscribe = caches.bus.subscribe(invalidationChannel(caches.namespace), (message) => {
    const inv = decodeInvalidation(message);
    if (!inv || inv.origin === origin || inv.subgraph !== subgraph) return;
    void drop(inv);
  });

  const invalidate: Invalidate = async (types, keys) => {
    await drop({ types, keys });
    const published = await publisher.publish({ subgraph, types, keys, origin });
    logger.info({ types, keys: keys?.length ?? 'all', published }, 'invalidated cached data');
    return { published };
  };

  return {
    invalidate,
    stop() {
      unsubscribe();
      publisher.stop();
      redo.stop();
    },
  };
}

/**
 * `POST /invalidate`. `authorize` is the one place where the caller is
 * checked (it throws an HttpError to refuse): the kit passes the operator
 * check (kit/operators.ts), so only the owning team and the mesh's admins
 * may drop caches.
 */
export function invalidateRoute(invalidate: Invalidate, authorize: (req: HttpRequest) => void | Promise<void>): Record<string, Handler> {
  return {
    'POST /invalidate': async (req) => {
      await authorize(req);
      const problems = invalidationProblems(req.body);
      if (problems.length) throw new HttpError(400, `invalid invalidation: ${problems.join('; ')}`, { problems });
      const { types, keys } = req.body as Invalidation;
      const { published } = await invalidate(types, keys?.map(String));
      return { body: { types, keys: keys ?? null, published } };
    },
  };
}
