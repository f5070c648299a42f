/**
 * Subgraphs trust only the gateway: every GraphQL request must carry an
 * identity token the gateway signed for this subgraph. The verified principal
 * is what this subgraph enforces its policy for. Verified tokens are
 * remembered until they expire, since the gateway reuses them.
 */
import { HttpError } from '../../platform/http.ts';
import type { ServiceVerifier } from '../../platform/tokens.ts';
import { principalFromClaims, type Principal } from '../../policies/principal.ts';

const MAX_ENTRIES = 5000;

export function gatewayIdentity(verify: ServiceVerifier, subgraph: string) {
  const verified = new Map<string, { principal: Principal; expiresAt: number }>();
  return async function principalOf(authorization: string | string[] | undefined): Promise<Principal> {
    const token = typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    if (!token) throw new HttpError(401, 'this subgraph only answers the gateway: a gateway identity token is required', { code: 'UNAUTHENTICATED' });
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.principal;
    try {
      const claims = await verify(token, subgraph);
      const principal = principalFromClaims(claims);
      if (verified.size >= MAX_ENTRIES) verified.clear();
      verified.set(token, { principal, expiresAt: (claims.exp ?? 0) * 1000 });
      return principal;
    } catch {
      throw new HttpError(401, 'the gateway identity token is invalid or expired', { code: 'UNAUTHENTICATED' });
    }
  };
}
