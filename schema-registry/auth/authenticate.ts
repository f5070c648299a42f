/**
 * Turns an `Authorization: Bearer …` header into the registry principal it
 * stands for. The bootstrap admin token comes from configuration and is never
 * stored; every other token is looked up by its hash.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../../platform/db.ts';
import { HttpError } from '../../platform/http.ts';
import type { RegistryPrincipal } from './permissions.ts';
import { hashToken, principalByHash } from './tokens.ts';

export const BOOTSTRAP_ADMIN: RegistryPrincipal = { id: 'bootstrap', team: 'platform', role: 'admin', label: 'bootstrap admin' };

const CHALLENGE = { 'www-authenticate': 'Bearer realm="dpg-registry"' };

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(\S+)\s*$/i.exec(value ?? '')?.[1];
}

export function authenticator(db: Queryable, adminToken: string) {
  const adminHash = Buffer.from(hashToken(adminToken), 'hex');

  /** The principal, undefined without a header, or a 401 for a token the registry does not know. */
  async function optional(header: string | string[] | undefined): Promise<RegistryPrincipal | undefined> {
    if (header === undefined) return undefined;
    const token = bearerToken(header);
    if (!token) throw new HttpError(401, 'the Authorization header must be "Bearer <registry token>"', {}, CHALLENGE);
    const hash = hashToken(token);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), adminHash)) return BOOTSTRAP_ADMIN;
    const principal = await principalByHash(db, hash);
    if (!principal) throw new HttpError(401, 'unknown registry token', {}, CHALLENGE);
    return principal;
  }

  async function required(header: string | string[] | undefined): Promise<RegistryPrincipal> {
    const principal = await optional(header);
    if (!principal) throw new HttpError(401, 'a registry token is required: send "Authorization: Bearer <token>" (dpg reads it from DPG_TOKEN)', {}, CHALLENGE);
    return principal;
  }

  return { optional, required };
}
