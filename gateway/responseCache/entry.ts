/**
 * What a stored response holds: when it was stored, for how long, its status,
 * and the response bytes exactly as first sent. A hit writes those bytes
 * without parsing them; only the small header line is read.
 */

export interface StoredResponse {
  storedAt: number;
  ttlMs: number;
  status: number;
  body: string;
}

export function encodeEntry(e: StoredResponse): string {
  return `${e.storedAt} ${e.ttlMs} ${e.status}\n${e.body}`;
}

export function decodeEntry(raw: string): StoredResponse | undefined {
  const nl = raw.indexOf('\n');
  const [storedAt, ttlMs, status] = raw.slice(0, nl).split(' ').map(Number);
  if (nl < 0 || !Number.isFinite(storedAt) || !Number.isFinite(ttlMs) || !Number.isFinite(status)) return undefined;
  return { storedAt, ttlMs, status, body: raw.slice(nl + 1) };
}

/** HTTP caching headers for a response of this age: whole seconds, never negative. */
export function freshnessHeaders(e: Pick<StoredResponse, 'storedAt' | 'ttlMs'>, now: number): { 'cache-control': string; age: string } {
  const age = Math.max(0, Math.floor((now - e.storedAt) / 1000));
  const maxAge = Math.max(0, Math.floor((e.storedAt + e.ttlMs - now) / 1000));
  // Private: the answer is this principal's, never for shared caches.
  return { 'cache-control': `private, max-age=${maxAge}`, age: String(age) };
}
