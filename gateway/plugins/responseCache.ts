/**
 * The response cache. A repeated question is answered from stored bytes on
 * the fast path: the key comes from the raw request and the principal's
 * fingerprint (onRequest, after identity), so a hit skips parsing,
 * validation, authorization, planning and every subgraph. A miss runs
 * normally and its reply is stored (onResponse) when it has no errors, it is
 * a query, no subgraph reported a read the audit trail must record (personal
 * data in clear), and every data product it touches allows caching — for the
 * shortest freshness SLA among them, tagged with the types it touches so an
 * invalidation of any of them drops it.
 *
 * Concurrent identical misses run once: the first leads, the others wait and
 * send the leader's bytes. `Cache-Control: no-cache` from a client skips the
 * lookup (and refreshes the entry); `no-store` skips the cache entirely.
 */
import type { Invalidation } from '../../platform/cache/invalidation.ts';
import { decodeInvalidation, invalidationChannel } from '../../platform/cache/invalidation.ts';
import { combinedPolicy, type TypeCachePolicy } from '../../platform/cache/productPolicy.ts';
import { redoUntilDone } from '../../platform/cache/redo.ts';
import { singleFlight } from '../../platform/cache/singleFlight.ts';
import type { CacheStore, MessageBus } from '../../platform/cache/store.ts';
import type { HttpReply } from '../../platform/http.ts';
import type { Logger } from '../../platform/log.ts';
import { counter, type Metrics } from '../../platform/metrics.ts';
import type { GatewayPlugin, RequestState } from '../pipeline/plugin.ts';
import { bodyKey, decodeHead, encodeHead, freshnessHeaders, headOf, type Head, type StoredResponse } from '../responseCache/entry.ts';
import { hotBodies } from '../responseCache/hotBodies.ts';
import { queryIdOf, responseKey, responseTag } from '../responseCache/key.ts';
import { touchedTypes } from '../responseCache/touchedTypes.ts';
import { Memo } from '../../platform/memo.ts';

export interface ResponseCacheOptions {
  store: CacheStore;
  /** Where invalidations arrive from. */
  bus: MessageBus;
  namespace: string;
  /** Cache policy per type for a supergraph, from the data-product catalog; undefined until known. */
  policy: (supergraph: string) => ReadonlyMap<string, TypeCachePolicy> | undefined;
  /** Upper bound of any entry's lifetime, and the lifetime of answers that touch no data product. */
  maxTtlSeconds: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_MEMO = 2000;
const HOT_BYTES = 32 * 1024 * 1024;

export function responseCachePlugin(options: ResponseCacheOptions): GatewayPlugin & { stop(): void } {
  const { store, namespace } = options;
  const now = options.now ?? Date.now;
  const results = counter(options.metrics, 'dpg_response_cache_requests_total', 'GraphQL requests by response cache outcome: hit, shared (waited for an identical request), stored, uncacheable, bypass', ['result']);
  const flights = singleFlight<StoredResponse | undefined>();
  const typesMemo = new Memo<Set<string>>(MAX_MEMO);
  const hot = hotBodies(HOT_BYTES);

  /** The stored response for `key`: its head, and its bytes from here or from the store. */
  async function lookup(key: string): Promise<{ head: Head; bytes: Buffer } | undefined> {
    const [raw] = await store.mget([key]);
    const head = raw === undefined ? undefined : decodeHead(raw);
    if (!head) return undefined;
    const held = hot.get(key, head.etag);
    if (held) return { head, bytes: held };
    const [body] = await store.mget([bodyKey(key)]);
    return body === undefined ? undefined : { head, bytes: hot.put(key, head.etag, body) };
  }
  // Bumped by every invalidation: a response computed across one is not stored.
  let generation = 0;

  // Drops the store could not do (Redis away or slow) are redone until it takes them.
  const redo = redoUntilDone();
  const drop = (inv: Invalidation) => {
    generation++;
    return redo.run(() => store.invalidateTags(inv.types.map((t) => responseTag(namespace, t))));
  };
  const unsubscribe = options.bus.subscribe(invalidationChannel(namespace), (message) => {
    const inv = decodeInvalidation(message);
    if (inv) void drop(inv);
  });

  function send(state: RequestState, head: Pick<Head, 'storedAt' | 'ttlMs' | 'status'>, body: Buffer | string, outcome: 'HIT' | 'SHARED'): HttpReply {
    results.inc({ result: outcome.toLowerCase() });
    return { status: head.status, headers: { ...state.headers, 'content-type': JSON_TYPE, ...freshnessHeaders(head, now()), 'x-cache': outcome }, body };
  }

  function typesOf(state: RequestState): Set<string> {
    const id = `${state.supergraph.hash}|${state.queryHash}|${state.params.operationName ?? ''}`;
    return typesMemo.get(id, () => touchedTypes(state.supergraph.apiSchema, state.document!));
  }

  /** The lifetime and tags of a reply that may be stored, or undefined. */
  function storable(state: RequestState, reply: HttpReply, body: Record<string, unknown> | undefined) {
    if ((reply.status ?? 200) !== 200 || !body || body.errors !== undefined || body.data == null) return undefined;
    if (state.operation?.operation !== 'query' || !state.document) return undefined;
    // Subgraphs reported something the audit trail must record every time
    // (personal data read in clear): a hit would answer without it.
    if (state.audit.length > 0) return undefined;
    const policy = options.policy(state.supergraph.hash);
    if (!policy) return undefined;
    const types = typesOf(state);
    const decision = combinedPolicy(types, policy, options.maxTtlSeconds);
    return decision.cacheable ? { ttlMs: decision.ttlSeconds * 1000, tags: [...types].map((t) => responseTag(namespace, t)) } : undefined;
  }

  /**
   * Stores a leader's reply when it may be stored, and hands it to the
   * requests that waited for it. `current`: no invalidation arrived while it ran.
   */
  function keep(state: RequestState, reply: HttpReply | undefined, key: string, current: boolean, settle: (shared: StoredResponse | undefined, holdUntil?: Promise<unknown>) => void): void {
    let shared: StoredResponse | undefined;
    let stored: Promise<unknown> | undefined;
    try {
      if (!reply) return;
      const parsed = typeof reply.body === 'object' && reply.body !== null && !Buffer.isBuffer(reply.body) ? (reply.body as Record<string, unknown>) : undefined;
      const body = typeof reply.body === 'string' ? reply.body : Buffer.isBuffer(reply.body) ? reply.body.toString('utf8') : JSON.stringify(reply.body ?? null);
      // Serialised once, here: the same bytes are stored, sent, and handed to waiting requests.
      reply.body = body;
      reply.headers = Object.assign(reply.headers ?? {}, { 'content-type': JSON_TYPE });
      const decision = current ? storable(state, reply, parsed) : undefined;
      shared = { storedAt: now(), ttlMs: decision?.ttlMs ?? 0, status: reply.status ?? 200, body };
      if (decision) {
        const head = headOf(shared);
        hot.put(key, head.etag, body);
        stored = store.set(
          [
            { key, value: encodeHead(head), ttlMs: decision.ttlMs },
            { key: bodyKey(key), value: body, ttlMs: decision.ttlMs },
          ],
          decision.tags,
        );
        Object.assign(reply.headers, freshnessHeaders(shared, shared.storedAt));
        results.inc({ result: 'stored' });
      } else {
        reply.headers['cache-control'] ??= 'no-store';
        results.inc({ result: 'uncacheable' });
      }
    } finally {
      // Requests whose lookup went out before the entry was written would
      // miss it; until the write is done they join this flight instead.
      settle(shared, stored);
    }
  }

  return {
    name: 'response-cache',

    async onRequest(state) {
      const { params, http } = state;
      if (params.query !== undefined && /^\s*(mutation|subscription)\b/.test(params.query)) return;
      const queryId = queryIdOf(params);
      if (!queryId) return;
      const directives = String(http.headers['cache-control'] ?? '').toLowerCase();
      if (directives.includes('no-store')) {
        state.headers['x-cache'] = 'BYPASS';
        results.inc({ result: 'bypass' });
        return;
      }
      const key = responseKey(namespace, {
        queryId,
        operationName: params.operationName,
        variables: params.variables,
        fingerprint: state.fingerprint ?? 'anonymous',
        supergraph: state.supergraph.hash,
        // Set by the identity plugin, which always runs first.
        policyVersion: state.policyVersion ?? 'none',
      });
      if (directives.includes('no-cache')) {
        state.headers['x-cache'] = 'BYPASS';
      } else {
        const hit = await lookup(key);
        if (hit) return { answer: send(state, hit.head, hit.bytes, 'HIT') };
      }
      const joined = flights.join(key);
      if (!joined.leader) {
        const shared = await joined.result;
        if (shared) return { answer: send(state, shared, shared.body, 'SHARED') };
        return; // the leader failed without a reply: run on our own
      }
      state.headers['x-cache'] ??= 'MISS';
      const startedAt = generation;
      return { onResponse: (reply) => keep(state, reply, key, startedAt === generation, joined.settle) };
    },

    stop() {
      unsubscribe();
      redo.stop();
    },
  };
}
