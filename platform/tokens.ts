/**
 * Service identity: the gateway signs a short-lived token for every subgraph
 * call with its own Ed25519 key, and subgraphs verify it against the
 * gateway's published JWKS. The caller's own credentials never travel past
 * the gateway, and only the private-key holder can mint tokens subgraphs accept.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';

export const SERVICE_ISSUER = 'dpg-gateway';
const ALG = 'EdDSA';

export interface ServiceSigner {
  /** Signs `claims` for one audience (a subgraph name), valid for `ttlSeconds`. */
  sign(claims: Record<string, unknown>, audience: string, ttlSeconds: number): Promise<string>;
  /** The public half, served at /.well-known/jwks.json. */
  jwks: { keys: JWK[] };
}

/**
 * The signing key: from `privateJwk` (JSON) when given — replicas behind one
 * load balancer must share it — else the key saved in `file`, else a new one
 * (saved to `file` when there is one, so a restart keeps it).
 */
export async function loadSigner(options: { privateJwk?: string; file?: string }): Promise<ServiceSigner> {
  let jwk: JWK | undefined;
  if (options.privateJwk) jwk = JSON.parse(options.privateJwk) as JWK;
  else if (options.file && fs.existsSync(options.file)) jwk = JSON.parse(fs.readFileSync(options.file, 'utf8')) as JWK;
  if (!jwk) {
    const { privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    jwk = await exportJWK(privateKey);
    if (options.file) {
      fs.mkdirSync(path.dirname(options.file), { recursive: true });
      fs.writeFileSync(options.file, JSON.stringify(jwk), { mode: 0o600 });
    }
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) throw new Error('the gateway signing key must be a private Ed25519 JWK');
  const kid = await calculateJwkThumbprint(jwk);
  const key = await importJWK(jwk, ALG);
  const { d: _private, ...publicJwk } = jwk;
  return {
    jwks: { keys: [{ ...publicJwk, kid, alg: ALG, use: 'sig' }] },
    sign: (claims, audience, ttlSeconds) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: ALG, kid })
        .setIssuer(SERVICE_ISSUER)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(key),
  };
}

export type ServiceVerifier = (token: string, audience: string) => Promise<JWTPayload>;

/** Verifies service tokens against the gateway's JWKS (fetched and cached, or given). */
export function serviceVerifier(source: { jwksUrl: string } | { jwks: { keys: JWK[] } }): ServiceVerifier {
  const keys = 'jwksUrl' in source ? createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 5_000 }) : createLocalJWKSet(source.jwks);
  return async (token, audience) => (await jwtVerify(token, keys, { issuer: SERVICE_ISSUER, audience, algorithms: [ALG] })).payload;
}
