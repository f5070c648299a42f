/** Development tokens: HS256 JWTs the gateway accepts when it runs with the same secret. */
import { SignJWT } from 'jose';
import { claimsOf, type Principal } from '../../policies/principal.ts';
import { DEV_AUDIENCE, DEV_ISSUER } from './devSecret.ts';

export function mintDevToken(secret: string, principal: Principal, options: { ttl?: string; issuer?: string; audience?: string } = {}): Promise<string> {
  return new SignJWT(claimsOf(principal))
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setSubject(principal.subject)
    .setIssuedAt()
    .setExpirationTime(options.ttl ?? '8h')
    .sign(new TextEncoder().encode(secret));
}
