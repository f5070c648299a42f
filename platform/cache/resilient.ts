/**
 * A failing cache must never fail a request. This wraps a store (and its bus)
 * so that any error or timeout becomes a miss or a no-op, counts in a metric,
 * and is logged once per outage rather than once per request. A few failures
 * in a row make an outage (a lone timeout under load does not); then the
 * store is left alone for a short while (a breaker), so a hung Redis costs
 * one timeout per interval, not one per request. The first call that
 * succeeds afterwards ends the outage and tells the listeners, which may
 * then redo work that could not be done meanwhile.
 */
import type { Logger } from '../log.ts';
import type { CacheStore, MessageBus } from './store.ts';

export interface Health {
  readonly up: boolean;
  /** Called when the store answers again after an outage. */
  onRecover(listener: () => void): void;
}

export interface ResilienceOptions {
  logger: Logger;
  /** Counts every failed or skipped call, by operation and outcome. */
  failures: { inc(labels: { operation: string; outcome: 'error' | 'skipped' }): void };
  /** How long to skip the store once an outage began. */
  breakMs?: number;
  /** Consecutive failures that make an outage (default 3). */
  threshold?: number;
  now?: () => number;
}

export function resilience(name: string, options: ResilienceOptions) {
  const now = options.now ?? Date.now;
  const breakMs = options.breakMs ?? 1000;
  const threshold = options.threshold ?? 3;
  let up = true;
  let failuresInARow = 0;
  let skipUntil = 0;
  const listeners: (() => void)[] = [];

  async function guard<T>(operation: string, call: () => Promise<T>, fallback: T): Promise<T> {
    if (!up && now() < skipUntil) {
      options.failures.inc({ operation, outcome: 'skipped' });
      return fallback;
    }
    try {
      const result = await call();
      failuresInARow = 0;
      if (!up) {
        up = true;
        options.logger.info({ store: name }, 'cache store reachable again; caching resumed');
        for (const listener of listeners) listener();
      }
      return result;
    } catch (err) {
      options.failures.inc({ operation, outcome: 'error' });
      if (!up) skipUntil = now() + breakMs;
      else if (++failuresInARow >= threshold) {
        up = false;
        skipUntil = now() + breakMs;
        options.logger.warn({ store: name, err: (err as Error).message }, 'cache store unavailable; serving without it until it is back');
      }
      return fallback;
    }
  }

  const health: Health = {
    get up() {
      return up;
    },
    onRecover: (listener) => void listeners.push(listener),
  };

  return {
    health,
    store: (store: CacheStore): CacheStore => ({
      kind: store.kind,
      mget: (keys) => guard('mget', () => store.mget(keys), keys.map(() => undefined)),
      set: (entries, tags) => guard('set', () => store.set(entries, tags), undefined),
      delete: (keys) => guard('delete', () => store.delete(keys), false),
      tagged: (tag) => guard<string[] | undefined>('tagged', () => store.tagged(tag), undefined),
      invalidateTags: (tags) => guard('invalidate', () => store.invalidateTags(tags), false),
      close: () => store.close(),
    }),
    bus: (bus: MessageBus): MessageBus => ({
      publish: (channel, message) => guard('publish', () => bus.publish(channel, message), false),
      subscribe: (channel, onMessage) => bus.subscribe(channel, onMessage),
      close: () => bus.close(),
    }),
  };
}
