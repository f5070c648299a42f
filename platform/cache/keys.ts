/**
 * Pure building blocks for cache keys. Every key starts with the deployment's
 * prefix and the entry-format version, so two deployments sharing one Redis,
 * or an upgrade that changes what an entry holds, never read each other's
 * entries. What follows the namespace is each cache's own business.
 */
import { createHash } from 'node:crypto';

/** Bump when the layout of any stored entry changes: old entries are then simply never read again. */
export const CACHE_FORMAT_VERSION = 1;

const PREFIX = /^[A-Za-z0-9_.-]+$/;

/** `<prefix>:v<version>`, the start of every key this deployment writes. */
export function namespace(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error(`cache key prefix "${prefix}" may hold only letters, digits, ".", "_" and "-"`);
  return `${prefix}:v${CACHE_FORMAT_VERSION}`;
}

/** A short, fixed-length digest of several parts (unambiguous: parts are length-prefixed). */
export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('base64url');
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` give the same key. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
