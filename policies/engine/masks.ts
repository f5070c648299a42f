/**
 * Mask strategies: pure functions from a value to what a principal may see of
 * it. `hash` is keyed (HMAC) and stable, so a masked email still joins with
 * the same masked email in another domain while the key stays secret.
 */
import { createHmac } from 'node:crypto';
import type { Strategy } from './types.ts';

/** From most revealing to least: among several masks the later one is stronger. */
const STRENGTH: Record<Strategy | 'none', number> = { none: 0, partial: 1, 'year-only': 2, hash: 3, redact: 4, null: 5 };

export const strongest = (a: Strategy | null, b: Strategy | null): Strategy | null => (STRENGTH[a ?? 'none'] >= STRENGTH[b ?? 'none'] ? a : b);
export const weakest = (a: Strategy | null, b: Strategy | null): Strategy | null => (STRENGTH[a ?? 'none'] <= STRENGTH[b ?? 'none'] ? a : b);

export interface FieldShape {
  /** Named type, e.g. String, ID, Date. */
  namedType: string;
  nullable: boolean;
}

const TEXT = new Set(['String', 'ID']);
const DATES = new Set(['Date', 'DateTime']);

/** Why a strategy cannot apply to a field of this shape, or null when it can. */
export function misfit(strategy: Strategy, shape: FieldShape): string | null {
  switch (strategy) {
    case 'redact':
    case 'hash':
    case 'partial':
      return TEXT.has(shape.namedType) ? null : `"${strategy}" masks strings and IDs, not ${shape.namedType}`;
    case 'year-only':
      return DATES.has(shape.namedType) ? null : `"year-only" masks dates, not ${shape.namedType}`;
    case 'null':
      return shape.nullable ? null : `"null" needs a nullable field, and this one is non-null`;
  }
}

function partial(value: string): string {
  const at = value.indexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 7 && digits.length >= value.length / 2) return `***${digits.slice(-4)}`;
  return value.length <= 1 ? '*' : `${value[0]}***`;
}

function yearOnly(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  const year = text.slice(0, 4);
  // Still a valid Date (or DateTime): the first day of the year.
  return text.length > 10 ? `${year}-01-01T00:00:00.000Z` : `${year}-01-01`;
}

export function applyMask(strategy: Strategy, value: unknown, hashKey: string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => applyMask(strategy, v, hashKey));
  switch (strategy) {
    case 'redact':
      return '[REDACTED]';
    case 'hash':
      return `h:${createHmac('sha256', hashKey).update(String(value)).digest('base64url').slice(0, 22)}`;
    case 'partial':
      return partial(String(value));
    case 'year-only':
      return yearOnly(value);
    case 'null':
      return null;
  }
}
