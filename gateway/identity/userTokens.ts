/**
 * Verifying callers' JWTs. HS256 with a shared secret is for development;
 * production verifies RS256/ES256 against a JWKS (file or URL). Each key kind
 * accepts only its own algorithms, which rules out algorithm confusion (an
 * RSA public key used as an HMAC secret); unsigned tokens (`alg: none`) are
 * never accepted.
 */
import fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { principalFromClaims, type Principal } from '../../policies/principal.ts';

export interface UserTokenOptions {
  secret?: string;
  jwksUrl?: string;
  jwksFile?: string;
  issuer: string;
  audience: string;
}

export class AuthError extends Error {}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** Why a token was refused, in words a developer can act on. */
function reason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `token claim "${err.claim}" is invalid: ${err.reason}`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not accepted';
  if (err instanceof errors.JWKSNoMatchingKey) return 'token was signed by an unknown key';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'token is malformed';
  return 'token is invalid';
}

export function userTokenVerifier(options: UserTokenOptions): (token: string) => Promise<Principal> {
  const verifiers: { keys: Uint8Array | JWTVerifyGetKey; algorithms: string[] }[] = [];
  if (options.secret) verifiers.push({ keys: hmacKey(options.secret), algorithms: ['HS256'] });
  if (options.jwksFile) verifiers.push({ keys: createLocalJWKSet(JSON.parse(fs.readFileSync(options.jwksFile, 'utf8'))), algorithms: ASYMMETRIC });
  if (options.jwksUrl) verifiers.push({ keys: createRemoteJWKSet(new URL(options.jwksUrl)), algorithms: ASYMMETRIC });

  // A BI tool sends the same token with every request: once verified, the
  // exact token string (signature included) maps to its principal until it expires.
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();

  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.principal;
    const header = decodeHeader(token);
    const verifier = verifiers.find((v) => v.algorithms.includes(header.alg));
    if (!verifier) throw new AuthError(header.alg === 'none' ? 'unsigned tokens (alg "none") are not accepted' : `token algorithm "${header.alg}" is not accepted`);
    try {
      const { payload } = await jwtVerify(token, verifier.keys as Uint8Array, { issuer: options.issuer, audience: options.audience, algorithms: verifier.algorithms, requiredClaims: ['sub', 'exp'] });
      const principal = principalFromClaims(payload);
      if (verified.size >= 10_000) verified.clear();
      verified.set(token, { principal, expiresAt: payload.exp! * 1000 });
      return principal;
    } catch (err) {
      throw new AuthError(reason(err));
    }
  };
}

/** The secret imported once: given raw bytes, jose would import them again for every token it verifies. */
function hmacKey(secret: string): JWTVerifyGetKey {
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return () => key;
}

function decodeHeader(token: string): { alg: string } {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    if (typeof header?.alg !== 'string') throw new Error();
    return header;
  } catch {
    throw new AuthError('token is malformed');
  }
}
