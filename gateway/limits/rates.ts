/**
 * Rate limits per consumer, with rate-limiter-flexible: fixed windows
 * counted in Redis when one is configured, so every gateway replica draws on
 * the same budget, and in this process otherwise. Two kinds: requests per
 * second (one point per request) and estimated cost per minute (the
 * operation's cost in points).
 *
 * A Redis outage never fails a request: a count that cannot be taken lets
 * the request through (fail open), is counted in a metric, and is logged
 * once per outage.
 *
 * Answers carry the IETF RateLimit header fields (draft-ietf-httpapi-
 * ratelimit-headers): `RateLimit-Policy: "requests";q=10;w=1` for the quota
 * and `RateLimit: "requests";r=7;t=1` for what remains of it and when it resets.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient, RedisSettings } from '../../platform/cache/redisStore.ts';
import type { Logger } from '../../platform/log.ts';

export const RATE_KINDS = {
  requests: { windowSeconds: 1, limit: 'requestsPerSecond' },
  cost: { windowSeconds: 60, limit: 'costPerMinute' },
} as const;
export type RateKind = keyof typeof RATE_KINDS;

export interface RateOutcome {
  allowed: boolean;
  /** `RateLimit-Policy` and `RateLimit` list members for this kind. */
  policy: string;
  state: string;
  /** Whole seconds until the window resets (for Retry-After when refused). */
  resetSeconds: number;
}

export interface RateLimiterOptions {
  /** Redis to count in; undefined counts in this process. */
  redis?: RedisSettings;
  /** Start of every key (the deployment's cache namespace), so deployments sharing one Redis never share budgets. */
  keyPrefix: string;
  logger: Logger;
  /** Called for each count that could not be taken (the request went through). */
  onStoreFailure?: () => void;
}

/** Resolves once Redis answers (or after a second without it: counts then fail open until it does). */
export async function openRateLimiter(options: RateLimiterOptions) {
  if (!options.redis) return rateLimiter(options);
  // ioredis loads only when Redis is configured.
  const { redisClient, whenReady } = await import('../../platform/cache/redisStore.ts');
  const client = redisClient(options.redis, 'commands');
  await whenReady(client, 1000);
  return rateLimiter(options, client);
}

/** Counts in `client` (Redis), or in this process without one. */
export function rateLimiter(options: RateLimiterOptions, client?: RedisClient) {
  // One limiter per kind and quota: a quota is part of the limiter, and policies give different quotas to different callers.
  const limiters = new Map<string, RateLimiterAbstract>();
  let failing = false;

  const limiterFor = (kind: RateKind, quota: number) => {
    const name = `${kind}:${quota}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      const common = { keyPrefix: `${options.keyPrefix}:rl:${name}`, points: quota, duration: RATE_KINDS[kind].windowSeconds };
      limiter = client ? new RateLimiterRedis({ ...common, storeClient: client, rejectIfRedisNotReady: true }) : new RateLimiterMemory(common);
      limiters.set(name, limiter);
    }
    return limiter;
  };

  return {
    /** Takes `points` from `consumer`'s budget of `quota` per window of this kind. */
    async consume(kind: RateKind, consumer: string, points: number, quota: number): Promise<RateOutcome> {
      const { windowSeconds } = RATE_KINDS[kind];
      const policy = `"${kind}";q=${quota};w=${windowSeconds}`;
      const outcome = (allowed: boolean, res: RateLimiterRes) => {
        const resetSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        return { allowed, policy, state: `"${kind}";r=${Math.max(0, res.remainingPoints)};t=${resetSeconds}`, resetSeconds };
      };
      try {
        const res = await limiterFor(kind, quota).consume(consumer, points);
        if (failing) options.logger.warn('rate-limit store answers again; counting resumes');
        failing = false;
        return outcome(true, res);
      } catch (err) {
        if (err instanceof RateLimiterRes) return outcome(false, err);
        options.onStoreFailure?.();
        if (!failing) options.logger.warn({ err: (err as Error)?.message ?? String(err) }, 'rate-limit store unreachable; requests pass uncounted until it answers');
        failing = true;
        return { allowed: true, policy, state: `"${kind}";r=${quota};t=${windowSeconds}`, resetSeconds: windowSeconds };
      }
    },
    close() {
      client?.disconnect();
    },
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;
