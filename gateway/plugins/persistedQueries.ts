/**
 * Persisted queries. `apq`: Apollo's automatic persisted queries — a client
 * sends only `extensions.persistedQuery.sha256Hash`; when the gateway does
 * not know the hash it answers `PersistedQueryNotFound` and the client sends
 * hash and text once, which the gateway keeps in the shared cache store.
 * `safelist`: only operations from the safelist folder run, by hash or by
 * text; nothing can be registered at run time. `off`: hashes are refused.
 */
import type { CacheStore } from '../../platform/cache/store.ts';
import type { GatewayPlugin, RequestHooks } from '../pipeline/plugin.ts';
import type { Safelist } from '../persistedQueries/safelist.ts';
import { persistedQueryHash } from '../responseCache/key.ts';
import { sha256 } from '../../platform/hash.ts';

export type PersistedQueryMode = 'off' | 'apq' | 'safelist';

export interface PersistedQueryOptions {
  mode: PersistedQueryMode;
  /** Where APQ texts live (`apq` mode); absent: the gateway keeps none and always asks for the text. */
  store?: CacheStore;
  namespace: string;
  safelist?: Safelist;
  ttlSeconds?: number;
}

// As Apollo Server answers: 200 so clients read the error and retry with the text, never cached.
const reply = (status: number, message: string, code: string): RequestHooks => ({
  answer: {
    status,
    headers: { 'cache-control': 'private, no-cache, must-revalidate' },
    body: { errors: [{ message, extensions: { code } }] },
  },
});

export const apqKey = (namespace: string, hash: string) => `${namespace}:pq:${hash}`;

export function persistedQueriesPlugin(options: PersistedQueryOptions): GatewayPlugin {
  const { mode, store, safelist } = options;
  if (mode === 'safelist' && !safelist) throw new Error('safelist mode needs a safelist');
  const ttlMs = (options.ttlSeconds ?? 24 * 3600) * 1000;

  return {
    name: 'persisted-queries',
    async onRequest({ params }) {
      const pq = params.extensions.persistedQuery as { version?: unknown } | undefined;
      if (pq !== undefined) {
        if (mode === 'off') return reply(200, 'PersistedQueryNotSupported', 'PERSISTED_QUERY_NOT_SUPPORTED');
        if (pq?.version !== 1) return reply(400, 'Unsupported persisted query version', 'BAD_REQUEST');
        const hash = persistedQueryHash(params);
        if (!hash) return reply(400, 'persistedQuery.sha256Hash must be 64 lowercase hex digits', 'BAD_REQUEST');
        const key = apqKey(options.namespace, hash);
        if (params.query === undefined) {
          const text = mode === 'safelist' ? safelist!.byHash(hash) : store ? (await store.mget([key]))[0] : undefined;
          if (text === undefined) return reply(200, 'PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND');
          params.query = text;
          return;
        }
        if (sha256(params.query) !== hash) return reply(400, 'provided sha does not match query', 'BAD_REQUEST');
        if (mode === 'apq') void store?.set([{ key, value: params.query, ttlMs }]);
      }
      if (mode === 'safelist' && params.query !== undefined && !safelist!.allows(params.query)) {
        return reply(400, 'this gateway runs only safelisted operations, and this one is not in the safelist', 'OPERATION_NOT_SAFELISTED');
      }
    },
  };
}
