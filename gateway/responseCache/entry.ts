/**
 * How a stored response is kept: a small head (when it was stored, for how
 * long, its status, and a digest of the body) under the response key, and
 * the body — the response bytes exactly as first sent — under a second key.
 * A hit reads the head, and the body only when this replica does not hold
 * those bytes already; big answers then cost one small round trip, not a
 * transfer of the whole body every time.
 */
import { digest } from '../../platform/cache/keys.ts';

export interface StoredResponse {
  storedAt: number;
  ttlMs: number;
  status: number;
  body: string;
}

export interface Head {
  storedAt: number;
  ttlMs: number;
  status: number;
  /** Digest of the body: equal digests, equal bytes. */
  etag: string;
}

export const bodyKey = (key: string) => `${key}:body`;

export const headOf = (e: StoredResponse): Head => ({ storedAt: e.storedAt, ttlMs: e.ttlMs, status: e.status, etag: digest(e.body) });

export function encodeHead(h: Head): string {
  return `${h.storedAt} ${h.ttlMs} ${h.status} ${h.etag}`;
}

export function decodeHead(raw: string): Head | undefined {
  const [storedAt, ttlMs, status, etag] = raw.split(' ');
  const numbers = [storedAt, ttlMs, status].map(Number);
  if (!etag || numbers.some((n) => !Number.isFinite(n))) return undefined;
  return { storedAt: numbers[0], ttlMs: numbers[1], status: numbers[2], etag };
}

/** HTTP caching headers for a response of this age: whole seconds, never negative. */
export function freshnessHeaders(e: Pick<Head, 'storedAt' | 'ttlMs'>, now: number): { 'cache-control': string; age: string } {
  const age = Math.max(0, Math.floor((now - e.storedAt) / 1000));
  const maxAge = Math.max(0, Math.floor((e.storedAt + e.ttlMs - now) / 1000));
  // Private: the answer is this principal's, never for shared caches.
  return { 'cache-control': `private, max-age=${maxAge}`, age: String(age) };
}
