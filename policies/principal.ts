/** Who is asking: the identity every policy decision is made for. */

export interface Principal {
  /** Stable id of the caller (user, service or API key owner). */
  subject: string;
  roles: string[];
  scopes: string[];
  /** Attributes rules may read, e.g. { region: 'EMEA', team: 'emea-sales' }. */
  attributes: Record<string, string>;
}

/**
 * The subject of a caller who sent no credential (the gateway's
 * ANONYMOUS_ROLE). Tokens and API keys always name a subject, and a token
 * that names an empty one is treated as anonymous too, never as more.
 */
export const ANONYMOUS_SUBJECT = '';

export const isAnonymous = (p: Principal): boolean => p.subject === ANONYMOUS_SUBJECT;

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : [];

/**
 * The principal a token's claims describe: `sub`, `roles`, `scope` (space
 * separated, OAuth style) or `scopes`, and `attrs` (string values only).
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const attrs = typeof claims.attrs === 'object' && claims.attrs !== null ? (claims.attrs as Record<string, unknown>) : {};
  return {
    subject: String(claims.sub ?? ''),
    roles: list(claims.roles),
    scopes: [...new Set([...list(claims.scope), ...list(claims.scopes)])],
    attributes: Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
  };
}

/** Claims that carry a principal, the inverse of principalFromClaims. */
export const claimsOf = (p: Principal) => ({ sub: p.subject, roles: p.roles, scopes: p.scopes, attrs: p.attributes });
