/**
 * Subgraphs trust only the gateway: every GraphQL request must carry an
 * identity token the gateway signed for this subgraph. The verified call —
 * the principal and the policy version the request was decided under
 * (policies/callClaims.ts) — is what this subgraph enforces. Verified tokens
 * are remembered until they expire, since the gateway reuses them.
 */
import { HttpError } from '../../platform/http.ts';
import type { ServiceVerifier } from '../../platform/tokens.ts';
import { callFromClaims, type GatewayCall } from '../../policies/callClaims.ts';

const MAX_ENTRIES = 5000;

export function gatewayIdentity(verify: ServiceVerifier, subgraph: string) {
  const verified = new Map<string, { call: GatewayCall; expiresAt: number }>();
  return async function callOf(authorization: string | string[] | undefined): Promise<GatewayCall> {
    const token = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    if (!token) throw new HttpError(401, 'this subgraph only answers the gateway: a gateway identity token is required', { code: 'UNAUTHENTICATED' });
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.call;
    try {
      const claims = await verify(token, subgraph);
      const call = callFromClaims(claims);
      if (verified.size >= MAX_ENTRIES) verified.clear();
      verified.set(token, { call, expiresAt: (claims.exp ?? 0) * 1000 });
      return call;
    } catch {
      throw new HttpError(401, 'the gateway identity token is invalid or expired', { code: 'UNAUTHENTICATED' });
    }
  };
}
